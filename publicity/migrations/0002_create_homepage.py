"""Replace Wagtail's placeholder root page with our HomePage so `/` serves a real page."""

from django.db import migrations


def create_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    HomePage = apps.get_model("publicity", "HomePage")
    Locale = apps.get_model("wagtailcore", "Locale")

    Page.objects.filter(depth=2, slug="home", content_type__model="page").delete()
    homepage_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="publicity")
    locale = Locale.objects.first()
    home = HomePage.objects.create(
        title="党员义工365",
        draft_title="党员义工365",
        slug="home",
        content_type=homepage_type,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale=locale,
        intro="我为发展献一计 · 我为公益出一力 · 我为群众办一事",
    )
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home, "site_name": "党员义工365"}
    )
    root = Page.objects.get(depth=1)
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])


def remove_homepage(apps, schema_editor):
    apps.get_model("publicity", "HomePage").objects.filter(slug="home", depth=2).delete()


class Migration(migrations.Migration):
    dependencies = [("publicity", "0001_initial")]

    operations = [migrations.RunPython(create_homepage, remove_homepage)]
