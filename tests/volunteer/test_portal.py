"""The volunteer portal: recommendations, 接单, check-in by code or QR URL, check-out, records,
self-evaluation, deeds, and the resident's evaluation link. Each member reaches only their own."""

import datetime
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils import timezone

from volunteer.models import EvaluationRole, Order, OrderStatus, RecordStatus, ServiceRecord


@pytest.fixture
def open_activity(loop):
    """An activity running now (started 10 minutes ago), sign-up already closed for newcomers."""
    project = loop.project()
    starts = timezone.now() - datetime.timedelta(minutes=10)
    activity = loop.activity(project, starts=starts, signup_closes_at=starts - datetime.timedelta(minutes=5))
    return activity


@pytest.fixture
def future_activity(loop):
    return loop.activity(loop.project(), starts=timezone.now() + datetime.timedelta(days=1),
                         signup_opens_at=timezone.now() - datetime.timedelta(days=1))


def test_portal_needs_login_and_a_linked_member(d, client):
    response = client.get(reverse("portal:home"))
    assert response.status_code == 302 and "/portal/login/" in response["Location"]
    client.force_login(d.community_admin)
    response = client.get(reverse("portal:home"))
    assert response.status_code == 403 and "未关联党员" in response.content.decode()


def test_signing_in_on_the_portal_lands_on_the_portal_home(loop, client):
    """A member who opens /portal/login/ directly (no ?next=) arrives at the portal, not a 404."""
    response = client.post(reverse("portal:login"), {"username": "vol0", "password": "pass-for-tests-1"})
    assert response.status_code == 302 and response["Location"] == reverse("portal:home")
    assert client.get(response["Location"]).status_code == 200


def test_recommendation_take_and_cancel(loop, future_activity, client):
    member = loop.volunteers[0]
    client.force_login(member.user)
    html = client.get(reverse("portal:home")).content.decode()
    assert future_activity.title in html and "推荐理由" in html and "居住地所在村社区" in html
    response = client.post(reverse("portal:take", args=[future_activity.pk]), follow=True)
    assert "接单成功" in response.content.decode()
    order = Order.objects.get(member=member)
    assert "已接单" in client.get(reverse("portal:orders")).content.decode()
    client.post(reverse("portal:cancel", args=[order.pk]))
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED


def test_full_service_from_the_phone(loop, open_activity, client):
    from volunteer import services

    member = loop.volunteers[0]
    order = services.sign_up(open_activity, member, user=member.user, now=open_activity.signup_opens_at)
    client.force_login(member.user)
    # The QR on the point opens /portal/p/<code>/ with the code filled in.
    page = client.get(reverse("portal:point", args=[loop.point.public_code]))
    assert open_activity.title in page.content.decode() and loop.point.public_code in page.content.decode()
    bad = client.post(reverse("portal:checkin"), {"order": order.pk, "code": "WRONG1"})
    assert "签到码不正确" in bad.content.decode()
    client.post(reverse("portal:checkin"), {"order": order.pk, "code": loop.point.public_code})
    order.refresh_from_db()
    assert order.status == OrderStatus.CHECKED_IN
    assert "已签到" in client.get(reverse("portal:orders")).content.decode()

    # Some service later (the clock is not ours to move, the check-in time is): the hours count
    # from the activity's start, not from an early check-in.
    Order.objects.filter(pk=order.pk).update(checked_in_at=timezone.now() - datetime.timedelta(hours=1))
    client.post(reverse("portal:checkout", args=[order.pk]))
    record = ServiceRecord.objects.get(order=order)
    assert record.started_at == open_activity.starts_at
    assert record.hours == services.orders.hours_between(record.started_at, record.ended_at) > 0
    assert record.status == RecordStatus.PENDING
    html = client.get(reverse("portal:records")).content.decode()
    assert "待审核" in html and record.evaluation_token in html

    client.post(reverse("portal:self_evaluate", args=[record.pk]), {"score": 5, "comment": "顺利"})
    assert record.evaluations.filter(role=EvaluationRole.SELF, score=5).exists()


def test_resident_evaluates_through_the_link_without_login(loop, client):
    from volunteer import services

    member = loop.volunteers[0]
    start = timezone.now() - datetime.timedelta(hours=3)
    record = services.record_deed(ServiceRecord(member=member, started_at=start, ended_at=start + datetime.timedelta(hours=1),
                                                hours=1, place="小区", content="帮忙搬米", activity_line="deed"),
                                  user=member.user)
    url = reverse("resident_evaluate", args=[record.evaluation_token])
    page = client.get(url).content.decode()
    assert member.name not in page  # the resident sees a masked name only
    client.post(url, {"score": 9})
    assert not record.evaluations.exists()  # out of range: refused
    client.post(url, {"score": 4, "comment": "很热心"})
    assert record.evaluations.get(role=EvaluationRole.BENEFICIARY).score == 4
    assert "感谢您的评价" in client.get(url).content.decode()
    assert client.get(reverse("resident_evaluate", args=["forged-token"])).status_code == 404


def test_deed_form_validates(loop, client):
    member = loop.volunteers[0]
    client.force_login(member.user)
    now = timezone.localtime()
    fmt = "%Y-%m-%dT%H:%M"
    response = client.post(reverse("portal:deed"), {"started_at": now.strftime(fmt),
                                                    "ended_at": (now - datetime.timedelta(hours=1)).strftime(fmt),
                                                    "place": "x", "content": "y"})
    assert "结束时间须晚于开始时间" in response.content.decode()
    response = client.post(reverse("portal:deed"), {
        "started_at": (now - datetime.timedelta(hours=2)).strftime(fmt), "ended_at": (now - datetime.timedelta(hours=1)).strftime(fmt),
        "place": "楼下", "content": "帮邻居修自行车", "beneficiary": "邻居"})
    assert response.status_code == 302
    assert ServiceRecord.objects.get(member=member).is_deed


def test_members_reach_only_their_own_orders_and_records(loop, future_activity, client):
    from volunteer import services

    a, b = loop.volunteers[:2]
    order = services.sign_up(future_activity, a, user=a.user)
    client.force_login(b.user)
    assert client.post(reverse("portal:cancel", args=[order.pk])).status_code == 404
    assert client.post(reverse("portal:checkout", args=[order.pk])).status_code == 404
    order.refresh_from_db()
    assert order.status == OrderStatus.SIGNED_UP
    assert future_activity.title not in client.get(reverse("portal:orders")).content.decode()


def test_the_evaluation_qr_is_served_to_the_record_owner_only(loop, client):
    from volunteer import services

    member = loop.volunteers[0]
    start = timezone.now() - datetime.timedelta(hours=3)
    record = services.record_deed(ServiceRecord(member=member, started_at=start, ended_at=start + datetime.timedelta(hours=1),
                                                hours=1, place="小区", content="送药", activity_line="deed"),
                                  user=member.user)
    client.force_login(member.user)
    response = client.get(reverse("portal:evaluation_qr", args=[record.pk]))
    assert response["Content-Type"].startswith("image/svg+xml")
    # A standalone SVG document: shown through <img>, it renders only with the SVG namespace.
    root = ElementTree.fromstring(response.content)
    assert root.tag == "{http://www.w3.org/2000/svg}svg" and int(root.get("width")) > 0
    client.force_login(loop.volunteers[1].user)
    assert client.get(reverse("portal:evaluation_qr", args=[record.pk])).status_code == 404
