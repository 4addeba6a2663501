"""(6) An editor writes a story with a cover and linked members, saves and submits it; a reviewer
publishes it; on a phone the public finds it by a word inside its body."""

import re

from wagtail.models import Collection, Page
from wagtail_factories import ImageFactory

from publicity.models import HomePage, StoryIndexPage, StoryPage
from tests.e2e.journeys.conftest import login_admin
from tests.factories import make_user
from volunteer import scope

TITLE = "巷口修车摊的党员师傅"
BODY = "老周在巷口摆修车摊二十年，免费为独居老人修理轮椅和助行车。"


def link_members(page, names):
    """相关党员: the MultipleChooserPanel's modal, searched by name, one member ticked per name."""
    for name in names:
        page.click("#id_member_links-OPEN_MODAL")
        modal = page.locator(".modal").first
        modal.wait_for(state="visible")
        modal.locator("input[name=q]").fill(name)
        row = modal.locator("tr", has_text=name).first
        row.wait_for()
        page.wait_for_function("n => [...document.querySelectorAll('.modal tbody tr')].every(r => r.innerText.includes(n))", arg=name)
        row.locator("input[type=checkbox]").check()
        page.click(".modal [data-multiple-choice-submit]")
        modal.wait_for(state="hidden")
        page.locator(".chooser__title", has_text=name).first.wait_for()
    return "chooser"


def test_editor_writes_reviewer_publishes_public_finds_by_a_body_word(d, live_server, walk):
    editor, reviewer = make_user("editor1", scope.ROLE_EDITOR), make_user("reviewer1", scope.ROLE_REVIEWER)
    stories = StoryIndexPage(title="典型故事", slug="stories")
    HomePage.objects.get().add_child(instance=stories)
    stories.save_revision().publish()
    ImageFactory(title="修车摊", collection=Collection.get_first_root_node())
    url = live_server.url
    page = walk.new_page()

    login_admin(walk, page, url, editor.username)
    walk.goto(page, f"{url}/admin/pages/add/publicity/storypage/{stories.pk}/")
    page.fill("#id_title", TITLE)
    page.fill("#id_date", "2026-11-20")
    page.keyboard.press("Escape")  # close the date picker
    page.fill("#id_summary", "二十年如一日服务街坊")
    page.click("button.chooser__choose-button")
    page.locator(".modal a.image-choice").first.click()
    page.wait_for_selector(".modal", state="hidden")
    page.fill("#id_cover_alt", "老周在修车摊前为老人修轮椅")
    page.click("button[title='插入内容块']")
    page.locator("[role=option]", has_text="正文段落").first.click()
    page.locator(".public-DraftEditor-content").first.click()
    page.keyboard.type(BODY)
    # Draftail writes its hidden input on a short debounce; a person is slower than that.
    page.wait_for_function("document.querySelector('input[name=\"body-0-value\"]').value.includes('轮椅')")
    walk.look(page, "guide/editor-01-new-story")
    link_members(page, [d.member_a1.name, d.member_a2.name])
    page.locator("text=相关党员").first.scroll_into_view_if_needed()
    walk.look(page, "guide/editor-02-linked-members")

    # Let any autosave in flight finish first (two writes at once lock the test's SQLite).
    page.wait_for_load_state("networkidle")
    page.click("footer button.w-dropdown__toggle")
    assert page.locator("footer button[name=action-publish]").count() == 0  # an editor does not publish
    walk.look(page, "guide/editor-03-submit")
    page.click("footer button[name=action-submit]")
    page.wait_for_selector(".messages .success, .messages .error, .messages li")
    walk.look(page, "03-submitted")
    assert re.search("提交(进行)?审核", page.inner_text(".messages")), f"submitted without error (item 7): {page.inner_text('.messages')!r}"
    story = StoryPage.objects.get(title=TITLE)
    assert not story.live
    assert set(story.members.values_list("name", flat=True)) == {d.member_a1.name, d.member_a2.name}

    page.context.clear_cookies()
    login_admin(walk, page, url, reviewer.username)
    walk.goto(page, f"{url}/admin/pages/{story.pk}/edit/")
    page.click("footer button.w-dropdown__toggle")
    walk.look(page, "guide/editor-04-review-publish")
    page.click("footer button[data-workflow-action-name=approve]:not([data-workflow-action-modal-url])")
    page.wait_for_selector(".messages >> text=已被更新")
    walk.look(page)
    assert Page.objects.get(pk=story.pk).live

    phone = walk.new_page(phone=True)
    walk.goto(phone, f"{url}/")
    phone.click("header a:has-text('搜索')")
    phone.fill("input[name=q]", "轮椅")  # a word inside a longer run of the body
    phone.click("form.search button[type=submit]")
    phone.wait_for_selector(f"a:has-text('{TITLE}')")
    walk.look(phone, "guide/editor-05-public-search")
    phone.click(f"a:has-text('{TITLE}')")
    phone.wait_for_selector(f"h1:has-text('{TITLE}')")
    walk.look(phone, "06-story", full_page=True)
    assert BODY in phone.locator("article.story").inner_text()
    walk.done()
