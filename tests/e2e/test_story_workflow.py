"""An editor writes a story in Wagtail's page editor and submits it; a reviewer approves it; a
visitor on a phone finds it by searching a word from its body (O3, E6)."""

from wagtail.models import Collection, Page, WorkflowState
from wagtail_factories import ImageFactory

from publicity.models import HomePage, StoryIndexPage, StoryPage
from tests.e2e.conftest import admin_login
from tests.factories import MemberFactory, make_user
from volunteer import scope

TITLE = "巷口修车摊的党员师傅"
BODY = "老周在巷口摆修车摊二十年，免费为独居老人修理轮椅和助行车。"


def test_editor_submits_reviewer_approves_visitor_finds_it_on_a_phone(live_server, browser, page, d):
    make_user("editor1", scope.ROLE_EDITOR)
    MemberFactory(name="周建国", home_grid=d.cell_b1, branch=d.org_b1)  # a namesake elsewhere
    make_user("reviewer1", scope.ROLE_REVIEWER)
    stories = StoryIndexPage(title="典型故事", slug="stories")
    HomePage.objects.get().add_child(instance=stories)
    stories.save_revision().publish()
    ImageFactory(title="修车摊", collection=Collection.get_first_root_node())
    member = MemberFactory(name="周建国", home_grid=d.cell_a1, branch=d.org_a1)

    admin_login(page, live_server.url, "editor1", "pass-for-tests-1")
    page.goto(f"{live_server.url}/admin/pages/add/publicity/storypage/{stories.pk}/")
    page.fill("#id_title", TITLE)
    page.fill("#id_date", "2026-11-20")
    page.keyboard.press("Escape")  # close the date picker
    page.fill("#id_summary", "二十年如一日服务街坊")
    page.click("button.chooser__choose-button")
    page.locator(".modal a.image-choice").first.click()
    page.wait_for_selector(".modal", state="hidden")
    page.fill("#id_cover_alt", "老周在修车摊前为老人修轮椅")
    # 相关党员: a chooser searching by name, namesakes told apart by branch.
    page.click("#id_member_links-OPEN_MODAL")
    page.fill(".modal input[name=q]", "周建国")
    page.wait_for_selector(".modal tr:has-text('张三丰')", state="detached")  # the search applied
    page.locator(".modal tr", has_text="甲一社区党支部").locator("input[type=checkbox]").check()
    page.click(".modal [data-multiple-choice-submit]")
    page.wait_for_selector(".modal", state="hidden")
    assert page.locator(".chooser__title", has_text="周建国（甲一社区党支部）").count() == 1
    page.click("button[title='插入内容块']")
    page.locator("[role=option]", has_text="正文段落").first.click()
    editor = page.locator(".public-DraftEditor-content").first
    editor.click()
    page.keyboard.type(BODY)
    # Draftail writes its hidden input on a short debounce; a person is slower than that.
    page.wait_for_function("document.querySelector('input[name=\"body-0-value\"]').value.includes('轮椅')")
    # An editor has no publish button, only save and submit.
    page.click("footer button.w-dropdown__toggle")
    assert page.locator("footer button[name=action-publish]").count() == 0
    page.click("footer button[name=action-submit]")
    # Autosave may have created the page a moment before the press: either way it is submitted
    # once ("已创建并提交审核" from the add view, "已经提交进行审核" from the edit view).
    page.wait_for_selector(".messages:has-text('提交')")

    story = StoryPage.objects.get(title=TITLE)  # one page, no hidden autosaved twin
    assert not story.live
    assert story.get_latest_revision_as_object().member_names == ["周建国"]
    assert WorkflowState.objects.get(object_id=str(story.pk)).status == "in_progress"

    page.context.clear_cookies()
    admin_login(page, live_server.url, "reviewer1", "pass-for-tests-1")
    page.goto(f"{live_server.url}/admin/pages/{story.pk}/edit/")
    page.click("footer button.w-dropdown__toggle")
    page.click("footer button[data-workflow-action-name=approve]:not([data-workflow-action-modal-url])")
    page.wait_for_selector(".messages >> text=已被更新")
    assert Page.objects.get(pk=story.pk).live
    assert [m.pk for m in StoryPage.objects.get(pk=story.pk).members] == [member.pk]
    assert WorkflowState.objects.get(object_id=str(story.pk)).status == "approved"

    phone = browser.new_context(viewport={"width": 375, "height": 812}, locale="zh-CN", is_mobile=True, has_touch=True)
    visitor = phone.new_page()
    try:
        visitor.goto(f"{live_server.url}/")
        visitor.click("header a:has-text('搜索')")
        visitor.fill("input[name=q]", "轮椅")  # a word inside a longer run of the body
        visitor.click("form.search button[type=submit]")
        visitor.click(f"a:has-text('{TITLE}')")
        visitor.wait_for_selector(f"h1:has-text('{TITLE}')")
        assert BODY in visitor.locator("article.story").inner_text()
        assert visitor.evaluate("document.documentElement.scrollWidth") <= 375
        visitor.screenshot(path="/tmp/e2e-story-on-phone.png", full_page=True)
    finally:
        phone.close()
