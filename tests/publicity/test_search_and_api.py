"""Chinese search finds a word inside a longer run of characters (on SQLite and PostgreSQL), title
hits first; the headless API serves stories as JSON with no personal data."""

import io
import json

from publicity.models import StoryPageMember
from tests.publicity.conftest import add_story
from volunteer import services


def test_search_finds_a_word_inside_a_longer_run(site_pages, client):
    _, stories, _ = site_pages
    add_story(stories, "社区志愿服务项目", "周末在小区开展义诊")
    add_story(stories, "爱心超市积分兑换规则", "党员凭积分兑换生活用品")
    html = client.get("/search/", {"q": "志愿"}).content.decode()
    assert "社区志愿服务项目" in html and "爱心超市积分兑换规则" not in html
    html = client.get("/search/", {"q": "积分"}).content.decode()
    assert "爱心超市积分兑换规则" in html
    html = client.get("/search/", {"q": "义诊"}).content.decode()  # a word from the body
    assert "社区志愿服务项目" in html


def test_title_hits_rank_first(site_pages, client):
    from wagtail.models import Page

    from publicity.search import search_pages

    _, stories, _ = site_pages
    add_story(stories, "老党员的故事", "他常年做志愿服务")
    add_story(stories, "志愿服务队成立", "队伍成立了")
    titles = [p.title for p in search_pages("志愿", Page.objects.specific())]
    assert titles == ["志愿服务队成立", "老党员的故事"]


def test_search_finds_any_run_of_characters_across_word_boundaries(site_pages, client):
    """jieba cuts 让/群众/少/跑腿, 两/代表/一/委员, 工作室/接待: a run across its words still finds
    the page, in the title or the body, through the page and the API."""
    _, stories, _ = site_pages
    add_story(stories, "“红色代办员”让群众少跑腿", "社区党员轮流值守")
    add_story(stories, "社区新风", "“两代表一委员”工作室接待群众来访")
    add_story(stories, "爱心超市积分兑换规则", "党员凭积分兑换生活用品")
    for query, title in [("众少", "“红色代办员”让群众少跑腿"), ("表一", "社区新风"), ("室接", "社区新风"),
                         ("众少跑", "“红色代办员”让群众少跑腿"), ("两代表一委员", "社区新风")]:
        html = client.get("/search/", {"q": query}).content.decode()
        assert title in html and "爱心超市积分兑换规则" not in html, query
        found = client.get("/api/v2/pages/", {"search": query, "type": "publicity.StoryPage"}).json()
        assert [p["title"] for p in found["items"]] == [title], query
    # Every pair is required: two characters the page holds apart do not find it.
    assert "社区新风" not in client.get("/search/", {"q": "表委"}).content.decode()


def test_whole_word_and_title_hits_rank_before_pairs_across_words(site_pages):
    from wagtail.models import Page

    from publicity.search import search_pages

    _, stories, _ = site_pages
    # 时代/表现: "代表" only across two words, three times over, and added first.
    add_story(stories, "老站长", "新时代表现突出，新时代表现亮眼，新时代表现更好")
    add_story(stories, "社区新风", "两代表一委员坐班接访")  # 代表 as a word
    add_story(stories, "代表委员进社区", "定期坐班")  # in the title
    titles = [p.title for p in search_pages("代表", Page.objects.specific())]
    assert titles == ["代表委员进社区", "社区新风", "老站长"]


def test_api_returns_the_story_body_as_json_without_personal_data(site_pages, client, d):
    _, stories, _ = site_pages
    story = add_story(stories, "张三丰同志的义工路", "坚持十年服务社区")
    story.member_links.add(StoryPageMember(member=d.member_a1))
    story.save_revision().publish()
    data = client.get("/api/v2/pages/", {"type": "publicity.StoryPage", "fields": "body,summary,member_names,cover_thumbnail"}).json()
    item = data["items"][0]
    assert item["title"] == "张三丰同志的义工路"
    assert item["body"][0]["type"] == "paragraph" and "坚持十年" in item["body"][0]["value"]
    assert item["member_names"] == ["张三丰"] and item["cover_thumbnail"]["url"]
    detail = client.get(f"/api/v2/pages/{story.pk}/").content.decode()
    everything = json.dumps(data, ensure_ascii=False) + detail
    assert d.member_a1.id_card_number not in everything and d.member_a1.mobile not in everything
    found = client.get("/api/v2/pages/", {"search": "十年", "type": "publicity.StoryPage"}).json()
    assert [p["title"] for p in found["items"]] == ["张三丰同志的义工路"]


def test_story_pages_render_for_phones(site_pages, client):
    _, stories, _ = site_pages
    story = add_story(stories, "义诊进社区", "为老人量血压")
    html = client.get(story.url).content.decode()
    assert 'property="og:title"' in html and "为老人量血压" in html and 'name="viewport"' in html
    assert "义诊进社区" in client.get(stories.url).content.decode()


def test_demo_site_has_stories_brands_and_a_campaign(d, client):
    from django.core.management import call_command

    from publicity.demo import build_publicity_demo
    from publicity.models import CampaignPage, ServiceBrandPage, StoryPage
    from volunteer.demo import DemoBuilder

    DemoBuilder().build()
    assert build_publicity_demo() > 0
    assert StoryPage.objects.live().count() >= 10 and ServiceBrandPage.objects.live().count() >= 8
    assert CampaignPage.objects.live().exists()
    assert build_publicity_demo() == 0  # a second run adds nothing
    story = StoryPage.objects.live().first()
    assert client.get(story.url).status_code == 200
    assert "最新故事" in client.get("/").content.decode()
    call_command("audit_ledgers", stdout=io.StringIO())


def test_public_listings_cost_the_same_queries_for_more_items(site_pages, client, loop):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from publicity.models import ServiceBrandPage
    from volunteer.models import Team

    _, stories, brands = site_pages

    def count(url):
        client.get(url)  # renditions are created on first view; count the steady state
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    def add_brand(i):
        team = services.save_team(Team(name=f"队伍{i}", kind="specialty", grid=loop.d.comm_a1, leader=loop.volunteers[0]),
                                  user=loop.d.community_admin)
        page = ServiceBrandPage(title=f"品牌{i}", team=team, offers="<p>x</p>", where="x", how_to_ask="x")
        brands.add_child(instance=page)
        page.save_revision().publish()

    for i in range(2):
        add_story(stories, f"故事{i}", "正文")
        add_brand(i)
    few = (count(stories.url), count(brands.url))
    for i in range(2, 7):
        add_story(stories, f"故事{i}", "正文")
        add_brand(i)
    many = (count(stories.url), count(brands.url))
    assert 0 < many[0] == few[0] and 0 < many[1] == few[1]


def test_only_configured_front_ends_may_read_the_api_cross_origin(site_pages, client, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://m.dy365.example.gov.cn"]
    allowed = client.get("/api/v2/pages/", HTTP_ORIGIN="https://m.dy365.example.gov.cn")
    assert allowed["Access-Control-Allow-Origin"] == "https://m.dy365.example.gov.cn"
    assert "Access-Control-Allow-Origin" not in client.get("/api/v2/pages/", HTTP_ORIGIN="https://evil.example.com")
    # Only the API is shared; the admin and pages are not.
    assert "Access-Control-Allow-Origin" not in client.get("/", HTTP_ORIGIN="https://m.dy365.example.gov.cn")
    preflight = client.options("/api/v2/pages/", HTTP_ORIGIN="https://m.dy365.example.gov.cn",
                               HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET")
    assert preflight.status_code == 200 and "GET" in preflight["Access-Control-Allow-Methods"]
