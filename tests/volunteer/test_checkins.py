"""在职党员到社区报到 (G3): request, confirm or decline with a reason, and the register."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import MemberFactory
from volunteer import services
from volunteer.models import CheckinStatus, CommunityCheckin, MemberStatus


@pytest.fixture
def worker(d):
    """An in-service member living in 甲一社区, working in 乙镇."""
    return MemberFactory(name="孙八方", home_grid=d.cell_a1, work_grid=d.town_b, branch=d.company_b,
                         status=MemberStatus.IN_SERVICE)


def test_request_then_confirm_in_the_admin(d, worker, login):
    client = login(d.community_admin)
    response = client.post(reverse("checkins:add"), {"member": worker.pk, "community": d.comm_a1.pk, "note": "报到"})
    assert response.status_code == 302
    checkin = CommunityCheckin.objects.get(member=worker)
    assert checkin.status == CheckinStatus.PENDING

    page = client.get(reverse("checkins:decide", args=[checkin.pk]))
    assert "确认报到" in page.content.decode()
    client.post(reverse("checkins:decide", args=[checkin.pk]), {"action": "confirm"})
    checkin.refresh_from_db()
    assert checkin.status == CheckinStatus.CONFIRMED
    assert checkin.decided_by == d.community_admin and checkin.decided_at is not None


def test_decline_requires_a_reason_and_records_it(d, worker, login):
    checkin = services.request_checkin(worker, d.comm_a1, user=d.community_admin)
    client = login(d.community_admin)
    response = client.post(reverse("checkins:decide", args=[checkin.pk]), {"action": "decline", "decline_reason": ""})
    assert "请填写退回原因" in response.content.decode()
    checkin.refresh_from_db()
    assert checkin.status == CheckinStatus.PENDING

    client.post(reverse("checkins:decide", args=[checkin.pk]), {"action": "decline", "decline_reason": "住址不符"})
    checkin.refresh_from_db()
    assert checkin.status == CheckinStatus.DECLINED and checkin.decline_reason == "住址不符"
    # After a decline the member may ask again.
    again = services.request_checkin(worker, d.comm_a1, user=d.community_admin)
    assert again.status == CheckinStatus.PENDING


def test_deciding_twice_is_refused(d, worker):
    checkin = services.request_checkin(worker, d.comm_a1, user=d.community_admin)
    services.confirm_checkin(checkin, user=d.community_admin)
    with pytest.raises(ValidationError, match="不能重复处理"):
        services.decline_checkin(checkin, user=d.community_admin, reason="x")


def test_second_open_request_is_refused(d, worker):
    services.request_checkin(worker, d.comm_a1, user=d.community_admin)
    with pytest.raises(ValidationError, match="待确认"):
        services.request_checkin(worker, d.comm_a1, user=d.community_admin)


def test_only_in_service_members_report(d):
    with pytest.raises(ValidationError, match="不是在职党员"):
        services.request_checkin(d.member_a1, d.comm_a1, user=d.community_admin)


def test_must_report_to_the_community_they_live_in(d, worker):
    with pytest.raises(ValidationError, match="居住地所在"):
        services.request_checkin(worker, d.comm_a2, user=d.superuser)
    with pytest.raises(ValidationError, match="不是村（社区）"):
        services.request_checkin(worker, d.town_a, user=d.superuser)


def test_another_community_cannot_decide(d, worker, login):
    checkin = services.request_checkin(worker, d.comm_a1, user=d.community_admin)
    client = login(d.other_community_admin)
    assert client.get(reverse("checkins:decide", args=[checkin.pk])).status_code == 404
    assert client.post(reverse("checkins:decide", args=[checkin.pk]), {"action": "confirm"}).status_code == 404
    with pytest.raises(ValidationError):
        services.confirm_checkin(checkin, user=d.other_community_admin)
    checkin.refresh_from_db()
    assert checkin.status == CheckinStatus.PENDING


def test_register_shows_who_has_and_has_not_reported(d, worker, login):
    pending = MemberFactory(name="周九州", home_grid=d.cell_a1, work_grid=d.town_b, branch=d.company_b,
                            status=MemberStatus.IN_SERVICE)
    services.confirm_checkin(services.request_checkin(worker, d.comm_a1, user=d.community_admin),
                             user=d.community_admin)
    services.request_checkin(pending, d.comm_a1, user=d.community_admin)
    client = login(d.community_admin)
    url = reverse("checkin_register:index")

    rows = {m.name: m.checkin_status for m in client.get(url).context["object_list"]}
    assert rows == {"孙八方": "confirmed", "周九州": "pending"}
    # 赵六合 works in 甲一社区 but lives in 乙一村: he reports there, not here.
    assert "赵六合" not in rows
    not_reported = client.get(url, {"reported": "none"}).context["object_list"]
    assert [m.name for m in not_reported] == []
    town_rows = {m.name: m.checkin_status for m in login(d.superuser).get(url, {"reported": "none"}).context["object_list"]}
    assert town_rows == {"赵六合": None}
    assert "未报到" in login(d.superuser).get(url, {"reported": "none"}).content.decode()


def test_register_counts_each_state(d, worker):
    from volunteer.services import checkin_register_counts

    pending = MemberFactory(home_grid=d.cell_a1, work_grid=d.town_b, branch=d.company_b, status=MemberStatus.IN_SERVICE)
    MemberFactory(home_grid=d.cell_a1, work_grid=d.town_b, branch=d.company_b, status=MemberStatus.IN_SERVICE)
    services.confirm_checkin(services.request_checkin(worker, d.comm_a1, user=d.community_admin),
                             user=d.community_admin)
    services.request_checkin(pending, d.comm_a1, user=d.community_admin)
    assert checkin_register_counts(d.community_admin) == {"confirmed": 1, "pending": 1, "none": 1}
