"""相关党员 on a story: a searchable chooser limited to the editor's scope (names told apart by
branch), not a select of the whole district; links kept through the migration; the add page fast."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from publicity.models import StoryPage, StoryPageMember
from tests.factories import MemberFactory, make_user
from tests.publicity.conftest import add_story
from volunteer import scope


def test_story_links_members_in_order_and_the_api_names_them(site_pages, client, d):
    _, stories, _ = site_pages
    story = add_story(stories, "张三丰同志的义工路", "坚持十年服务社区")
    story.member_links.add(StoryPageMember(member=d.member_b1))
    story.member_links.add(StoryPageMember(member=d.member_a1))
    story.save_revision().publish()
    story = StoryPage.objects.get(pk=story.pk)
    assert story.member_names == ["王五岳", "张三丰"]
    assert list(story.members) == [d.member_b1, d.member_a1]
    item = client.get(f"/api/v2/pages/{story.pk}/").json()
    assert item["member_names"] == ["王五岳", "张三丰"]


def chooser_results(client, q, **params):
    response = client.get("/admin/story_member_chooser/results/", {"q": q, **params})
    assert response.status_code == 200
    return response.content.decode()


def test_member_chooser_searches_by_name_in_the_editors_scope_with_branches(site_pages, client, d):
    namesake = MemberFactory(name="张三丰", home_grid=d.cell_b1, branch=d.org_b1)
    client.force_login(make_user("editor1", scope.ROLE_EDITOR))  # a district editor, no grid scope
    html = chooser_results(client, "三丰")
    assert re.search(r"<th[^>]*>\s*姓名\s*</th>", html) and "标题" not in html
    assert html.count("张三丰") == 2 and "甲一社区党支部" in html and "乙一村党总支" in html
    assert "李四海" not in html
    assert d.member_a1.mobile not in html and d.member_a1.mobile_masked not in html  # a name, not data

    client.force_login(d.community_admin)  # 甲一社区: their own members only
    html = chooser_results(client, "三丰")
    assert "甲一社区党支部" in html and "乙一村党总支" not in html

    client.force_login(make_user("editor2", scope.ROLE_EDITOR))
    chosen = client.get("/admin/story_member_chooser/chosen-multiple/",
                        {"id": [d.member_a1.pk, namesake.pk]}).content.decode()
    titles = sorted(item["title"] for item in json.loads(chosen)["result"])
    assert titles == ["张三丰（乙一村党总支）", "张三丰（甲一社区党支部）"]


def test_member_chooser_pages_a_large_district(site_pages, client, d):
    MemberFactory.create_batch(45, home_grid=d.cell_a1, branch=d.org_a1)
    client.force_login(make_user("editor1", scope.ROLE_EDITOR))
    with CaptureQueriesContext(connection) as queries:
        html = chooser_results(client, "")
    assert html.count("<tbody") == 1 and html.count("<tr") == 21  # a heading and a page of 20
    assert len(queries) < 20


def test_add_page_lists_no_members_and_opens_quickly(site_pages, client, d):
    """The add page used to render a <select> of every member (3,000 options in the demo)."""
    _, stories, _ = site_pages
    MemberFactory.create_batch(300, home_grid=d.cell_a1, branch=d.org_a1)
    client.force_login(d.superuser)
    url = f"/admin/pages/add/publicity/storypage/{stories.pk}/"
    client.get(url)  # warm caches (templates, jieba, content types)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200 and "相关党员" in html and "选择党员" in html
    assert 'name="members"' not in html and html.count("<option") < 100
    assert len(queries) < 80, len(queries)


@pytest.mark.django_db(transaction=True)
def test_migration_keeps_the_links_of_stories_and_their_drafts(migrated_data):
    from django.db.migrations.executor import MigrationExecutor
    from wagtail.models import Revision

    from publicity.models import HomePage, StoryIndexPage
    from tests.conftest import District

    d = District()
    stories = StoryIndexPage(title="典型故事", slug="stories")
    HomePage.objects.get().add_child(instance=stories)
    story = add_story(stories, "老党员", "服务社区")
    draft = story.save_revision()  # a draft that, before the change, linked one member

    before = [("publicity", "0008_commitment_wall_and_recognition")]
    after = [("publicity", "0009_story_member_links")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    Through = old.get_model("publicity", "StoryPage").members.through
    Through.objects.create(storypage_id=story.pk, partymember_id=d.member_b1.pk)
    Through.objects.create(storypage_id=story.pk, partymember_id=d.member_a1.pk)
    content = Revision.objects.get(pk=draft.pk).content
    content.pop("member_links", None)
    content["members"] = [d.member_a2.pk]
    Revision.objects.filter(pk=draft.pk).update(content=content)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)

    story = StoryPage.objects.get(pk=story.pk)
    assert story.member_names == ["王五岳", "张三丰"]
    assert Revision.objects.get(pk=draft.pk).as_object().member_names == ["李四海"]


def story_form(title, slug, members=(), **extra):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield
    from wagtail_factories import ImageFactory

    return nested_form_data({
        "title": title, "slug": slug, "date": "2026-11-20", "category": "exemplar", "summary": "摘要",
        "cover": ImageFactory().pk, "cover_alt": "封面", "tags": "",
        "body": streamfield([("paragraph", rich_text("<p>正文</p>"))]),
        "member_links": inline_formset([{"member": m.pk} for m in members]),
        "comments": inline_formset([]),
        **extra,
    })


def test_a_story_saves_when_an_autosaved_draft_holds_its_title(site_pages, client, d):
    """Autosave created 老党员 as a draft the editor never saw; writing 老党员 again used to fail
    with "The slug '老党员' is already in use within the parent page." (English, on the 推荐 tab)."""
    _, stories, _ = site_pages
    hidden = StoryPage(title="老党员", slug="老党员", date="2026-11-01", summary="摘要", cover=None, cover_alt="x",
                       body=[], live=False)
    from wagtail_factories import ImageFactory
    hidden.cover = ImageFactory()
    stories.add_child(instance=hidden)
    client.force_login(d.superuser)
    url = f"/admin/pages/add/publicity/storypage/{stories.pk}/"
    response = client.post(url, story_form("老党员", "老党员", members=[d.member_a1]))
    assert response.status_code == 302, response.content.decode()[:3000]
    story = StoryPage.objects.exclude(pk=hidden.pk).get(title="老党员")
    assert story.slug == "老党员-2"
    assert StoryPage.objects.get(pk=story.pk).get_latest_revision_as_object().member_names == ["张三丰"]

    # An autosave of the same form arriving after it (the two raced) saves that page, not a third.
    response = client.post(url, story_form("老党员", "老党员"), headers={"Accept": "application/json"})
    assert response.json()["success"] is True
    assert StoryPage.objects.filter(title="老党员").count() == 2

    # A slug typed by hand that another page holds is an error, in Chinese.
    html = client.post(url, story_form("新故事", "老党员")).content.decode()
    assert "缩略名“老党员”已被同一上级页面下的另一个页面使用" in html and "already in use" not in html


def test_autosave_and_the_editors_press_racing_create_one_page(site_pages, client, d):
    """Autosave posts the add form; the editor's 提交审核 posted to the add URL in the same moment
    used to create a second page (the first left as a hidden draft)."""
    _, stories, _ = site_pages
    client.force_login(d.superuser)
    url = f"/admin/pages/add/publicity/storypage/{stories.pk}/"
    autosaved = client.post(url, story_form("巷口修车摊", "巷口修车摊"), headers={"Accept": "application/json"})
    assert autosaved.json()["success"] is True
    response = client.post(url, story_form("巷口修车摊", "巷口修车摊", members=[d.member_a1], **{"action-publish": "1"}))
    assert response.status_code == 302
    story = StoryPage.objects.get(title="巷口修车摊")
    assert story.pk == autosaved.json()["pk"] and story.live and story.slug == "巷口修车摊"
    assert story.member_names == ["张三丰"]
