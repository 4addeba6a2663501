"""The story list on a phone: the cover sits above the title at full width instead of a thumbnail
squeezing the title into a narrow column beside it; on a desktop the thumbnail stays beside it."""

from publicity.models import HomePage, StoryIndexPage
from tests.publicity.conftest import add_story


def card_geometry(page):
    return page.evaluate("""() => { const card = document.querySelector('.story-card');
        const img = card.querySelector('img').getBoundingClientRect(), h2 = card.querySelector('h2').getBoundingClientRect();
        return {card: card.getBoundingClientRect().width, img: img.width, imgBottom: img.bottom, imgRight: img.right,
                title: h2.width, titleTop: h2.top, titleLeft: h2.left}; }""")


def test_story_cards_put_the_cover_above_the_title_on_a_phone(live_server, browser):
    stories = StoryIndexPage(title="典型故事", slug="stories")
    HomePage.objects.get().add_child(instance=stories)
    stories.save_revision().publish()
    for i in range(3):
        add_story(stories, f"春江街道党员义工十年如一日照顾独居老人之{i}", "他每周三次上门")

    phone = browser.new_context(viewport={"width": 375, "height": 812}, locale="zh-CN", is_mobile=True, has_touch=True)
    desktop = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    try:
        page = phone.new_page()
        page.goto(f"{live_server.url}/stories/")
        box = card_geometry(page)
        assert box["titleTop"] >= box["imgBottom"]  # the title below the cover
        assert box["title"] >= box["card"] - 40 and box["img"] >= box["card"] - 40  # both the card's width
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        page.screenshot(path="/tmp/e2e-story-list-phone.png", full_page=True)

        page = desktop.new_page()
        page.goto(f"{live_server.url}/stories/")
        box = card_geometry(page)
        assert box["titleLeft"] >= box["imgRight"] and box["img"] <= 240  # a thumbnail beside the title
    finally:
        phone.close()
        desktop.close()
