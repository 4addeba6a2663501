"""相关党员 moves from a many-to-many select to an orderable link chosen through a searchable chooser:
the links a story has (published, and in every saved revision) are kept, in their former order."""

import django.db.models.deletion
import modelcluster.fields
from django.db import migrations, models


def copy_links(apps, schema_editor):
    StoryPage = apps.get_model("publicity", "StoryPage")
    StoryPageMember = apps.get_model("publicity", "StoryPageMember")
    Through = StoryPage.members.through
    order = {}
    links = []
    for row in Through.objects.order_by("storypage_id", "id").values("storypage_id", "partymember_id"):
        position = order[row["storypage_id"]] = order.get(row["storypage_id"], -1) + 1
        links.append(StoryPageMember(page_id=row["storypage_id"], member_id=row["partymember_id"],
                                     sort_order=position))
    StoryPageMember.objects.bulk_create(links, batch_size=1000)

    # Drafts keep their links in revisions' JSON: give each revision the new relation's shape.
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    story_type = ContentType.objects.filter(app_label="publicity", model="storypage").first()
    if story_type is None:
        return
    for revision in Revision.objects.filter(content_type=story_type).iterator():
        content = revision.content or {}
        if "members" not in content or "member_links" in content:
            continue
        page_id = content.get("pk") or int(revision.object_id)
        content["member_links"] = [{"pk": None, "page": page_id, "member": member_id, "sort_order": i}
                                   for i, member_id in enumerate(content.pop("members") or [])]
        revision.content = content
        revision.save(update_fields=["content"])


def copy_links_back(apps, schema_editor):
    StoryPage = apps.get_model("publicity", "StoryPage")
    StoryPageMember = apps.get_model("publicity", "StoryPageMember")
    Through = StoryPage.members.through
    Through.objects.bulk_create(
        [Through(storypage_id=link.page_id, partymember_id=link.member_id)
         for link in StoryPageMember.objects.order_by("page_id", "sort_order")],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):

    dependencies = [
        ("publicity", "0008_commitment_wall_and_recognition"),
        ("volunteer", "0012_audit_log_role"),
        ("wagtailcore", "0094_alter_page_locale"),
    ]

    operations = [
        migrations.CreateModel(
            name="StoryPageMember",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("sort_order", models.IntegerField(blank=True, editable=False, null=True)),
                ("member", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="story_links",
                                             to="volunteer.partymember", verbose_name="党员")),
                ("page", modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE,
                                                         related_name="member_links", to="publicity.storypage")),
            ],
            options={
                "verbose_name": "相关党员",
                "verbose_name_plural": "相关党员",
                "ordering": ["sort_order"],
                "abstract": False,
            },
        ),
        migrations.RunPython(copy_links, copy_links_back),
        migrations.RemoveField(model_name="storypage", name="members"),
    ]
