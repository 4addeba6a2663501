"""群众点单 online: one Demand through the same service, a tracking number, a status page, bad input
refused, floods throttled, bots caught by the honeypot; sitemap and RSS."""

from urllib.parse import quote

import pytest
from django.core.cache import cache

from tests.publicity.conftest import add_story
from volunteer.models import Demand, DemandChannel, DemandStatus, ServiceCategory


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()


def form(d, **overrides):
    data = {"community": d.comm_a1.pk, "category": ServiceCategory.objects.get(name="生活照料").pk,
            "title": "楼道灯坏了", "description": "三单元楼道灯坏了一个月", "name": "刘阿姨", "phone": "13800001111",
            "address": "甲一小区3栋", "website": ""}
    data.update(overrides)
    return data


def test_the_form_creates_exactly_one_demand_and_the_resident_can_track_it(d, client):
    response = client.post("/demand/", form(d))
    assert response.status_code == 200
    demand = Demand.objects.get()
    assert demand.channel == DemandChannel.ONLINE and demand.status == DemandStatus.NEW and demand.grid == d.comm_a1
    assert demand.tracking_number in response.content.decode()
    assert list(demand.transitions.values_list("to_status", flat=True)) == ["new"]
    page = client.get("/demand/status/", {"number": demand.tracking_number, "phone_tail": "1111"}).content.decode()
    assert "待受理" in page and "楼道灯坏了" in page
    wrong = client.get("/demand/status/", {"number": demand.tracking_number, "phone_tail": "9999"}).content.decode()
    assert "没有找到" in wrong and "楼道灯坏了" not in wrong


@pytest.mark.parametrize("who", ["other_community_admin", "town_admin", "volunteer"])
def test_a_logged_in_person_submits_the_public_form_like_any_resident(d, client, who):
    """The public form is public for everyone: an admin of another community, a town admin of
    another town, or a volunteer with a portal login submits for 甲一社区 exactly as a resident."""
    from tests.factories import make_user
    from volunteer import scope

    d.town_admin_b = make_user("town_b", scope.ROLE_TOWN_ADMIN, d.town_b)
    user = {"other_community_admin": d.other_community_admin, "town_admin": d.town_admin_b,
            "volunteer": make_user("vol", scope.ROLE_VOLUNTEER)}[who]
    client.force_login(user)
    response = client.post("/demand/", form(d))
    page = response.content.decode()
    assert response.status_code == 200 and "不在您的管辖范围" not in page
    demand = Demand.objects.get()
    assert demand.tracking_number in page
    assert demand.channel == DemandChannel.ONLINE and demand.grid == d.comm_a1 and demand.created_by is None


def test_the_admin_path_stays_scoped(d):
    from django.core.exceptions import ValidationError

    from volunteer import services

    demand = Demand(title="楼道灯坏了", description="三单元楼道灯坏了一个月", channel=DemandChannel.ONLINE,
                    category=ServiceCategory.objects.get(name="生活照料"), grid=d.comm_a1, resident_name="刘阿姨",
                    resident_phone="13800001111")
    with pytest.raises(ValidationError, match="不在您的管辖范围"):
        services.intake_demand(demand, user=d.other_community_admin)


@pytest.mark.parametrize("overrides, fragment", [
    ({"community": 999999}, "选择"), ({"description": "   "}, "请填写需求描述"), ({"description": "太短"}, "至少5个字"),
    ({"phone": "12345"}, "手机号码"),
])
def test_bad_input_is_refused_in_chinese(d, client, overrides, fragment):
    response = client.post("/demand/", form(d, **overrides))
    assert fragment in response.content.decode()
    assert not Demand.objects.exists()


def test_a_flood_from_one_address_is_throttled(d, client):
    for _ in range(5):
        client.post("/demand/", form(d))
    response = client.post("/demand/", form(d))
    assert response.status_code == 429 and "提交太频繁" in response.content.decode()
    assert Demand.objects.count() == 5


def test_behind_the_proxy_one_residents_flood_does_not_close_the_form_for_the_district(d, client, settings):
    settings.TRUSTED_PROXY_COUNT = 1  # nginx: every request comes from its address
    for _ in range(5):
        client.post("/demand/", form(d), REMOTE_ADDR="172.18.0.5", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert client.post("/demand/", form(d), REMOTE_ADDR="172.18.0.5",
                       HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 429
    neighbour = client.post("/demand/", form(d), REMOTE_ADDR="172.18.0.5", HTTP_X_FORWARDED_FOR="198.51.100.20")
    assert neighbour.status_code != 429 and Demand.objects.count() == 6


def test_the_honeypot_catches_bots(d, client):
    response = client.post("/demand/", form(d, website="http://spam.example"))
    assert response.status_code == 200 and not Demand.objects.exists()


def test_sitemap_and_story_feed(site_pages, client):
    _, stories, _ = site_pages
    story = add_story(stories, "义诊进社区", "量血压")
    assert quote(story.slug) in client.get("/sitemap.xml").content.decode()
    feed = client.get("/stories/feed/").content.decode()
    assert "义诊进社区" in feed and "<rss" in feed
