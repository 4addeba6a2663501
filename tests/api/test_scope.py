"""Who sees what through the API: an admin sees their grid subtree only, a volunteer their own
rows; anything else is absent from lists and 404 on detail, and actions on it write nothing."""

import datetime

import pytest
from django.utils import timezone

from tests.api.conftest import give_points
from volunteer import services
from volunteer.models import (
    Demand,
    DemandChannel,
    Order,
    OrderStatus,
    PersonalDataAccessLog,
    Redemption,
    ServiceRecord,
)


def ids(response):
    assert response.status_code == 200, response.json()
    return {row["id"] for row in response.json()["results"]}


@pytest.fixture
def two_communities(loop, future_activity, other_activity):
    """One order in 甲一 (ours) and one in 甲二 (the other community's)."""
    ours = services.sign_up(future_activity, loop.volunteers[0], user=loop.volunteers[0].user)
    theirs = services.sign_up(other_activity, loop.d.member_a2, user=loop.d.other_community_admin)
    return ours, theirs


def test_community_admin_sees_only_their_community(loop, two_communities, future_activity, other_activity, api):
    ours, theirs = two_communities
    client = api(loop.d.community_admin)
    assert ids(client.get("/api/v1/activities/")) == {future_activity.pk}
    assert ids(client.get("/api/v1/orders/")) == {ours.pk}
    assert client.get(f"/api/v1/activities/{other_activity.pk}/").status_code == 404
    assert client.get(f"/api/v1/orders/{theirs.pk}/").status_code == 404
    assert client.get(f"/api/v1/projects/{other_activity.project_id}/").status_code == 404
    # The town admin above both communities sees both.
    town = api(loop.d.town_admin)
    assert ids(town.get("/api/v1/orders/")) == {ours.pk, theirs.pk}


def test_acting_on_an_order_outside_scope_is_404_and_writes_nothing(loop, two_communities, api):
    _, theirs = two_communities
    client = api(loop.d.community_admin)
    for action, body in [("cancel", {}), ("check-in", {"code": "ABCDEF"}), ("check-out", {})]:
        response = client.post(f"/api/v1/orders/{theirs.pk}/{action}/", body, format="json")
        assert response.status_code == 404 and response.json() == {"detail": "未找到：记录不存在或不在您的查看范围内"}
    theirs.refresh_from_db()
    assert theirs.status == OrderStatus.SIGNED_UP


def test_volunteers_see_only_their_own_orders_records_and_points(loop, two_communities, api):
    ours, theirs = two_communities
    a, b = loop.volunteers[:2]
    give_points(a, 10, "a-1")
    give_points(b, 20, "b-1")
    start = timezone.now() - datetime.timedelta(hours=3)
    record = services.record_deed(ServiceRecord(member=b, started_at=start, ended_at=start + datetime.timedelta(hours=1),
                                                hours=1, place="小区", content="送药", activity_line="deed"), user=b.user)
    client = api(a.user)
    assert ids(client.get("/api/v1/orders/")) == {ours.pk}
    assert client.get(f"/api/v1/orders/{theirs.pk}/").status_code == 404
    assert ids(client.get("/api/v1/records/")) == set()
    assert client.get(f"/api/v1/records/{record.pk}/").status_code == 404
    refused = client.post(f"/api/v1/records/{record.pk}/evaluate/", {"score": 5}, format="json")
    assert refused.status_code == 404 and not record.evaluations.exists()
    entries = client.get("/api/v1/points/entries/").json()["results"]
    assert [e["member"]["id"] for e in entries] == [a.pk]
    # Asking for someone else's balance is as if they did not exist.
    assert client.get(f"/api/v1/points/balance/?member={b.pk}").status_code == 404
    # Cancelling another volunteer's order: 404, nothing written.
    other = services.sign_up(ours.activity, b, user=b.user)
    assert client.post(f"/api/v1/orders/{other.pk}/cancel/", {}, format="json").status_code == 404
    assert Order.objects.get(pk=other.pk).status == OrderStatus.SIGNED_UP


def test_volunteers_have_no_access_to_demands_or_members(loop, api):
    demand = loop.demand()
    client = api(loop.volunteers[0].user)
    assert client.get("/api/v1/demands/").status_code == 403
    assert client.get(f"/api/v1/demands/{demand.pk}/").status_code == 403
    assert client.get("/api/v1/members/").status_code == 403
    assert client.post("/api/v1/demands/", {}, format="json").status_code == 403


def test_demands_and_members_are_scoped_and_masked(loop, api):
    d = loop.d
    ours = loop.demand()
    theirs = services.intake_demand(
        Demand(title="修路灯", description="路灯不亮", channel=DemandChannel.ONLINE, category=loop.category,
               grid=d.cell_a2, resident_name="钱阿姨", resident_phone="13800003333"),
        user=d.other_community_admin)
    client = api(d.community_admin)
    assert ids(client.get("/api/v1/demands/")) == {ours.pk}
    assert client.get(f"/api/v1/demands/{theirs.pk}/").status_code == 404
    assert client.post(f"/api/v1/demands/{theirs.pk}/accept/", {}, format="json").status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == "new"
    assert client.get(f"/api/v1/demands/{ours.pk}/").json()["resident_phone"] == "138****1111"

    members = client.get("/api/v1/members/?page_size=100").json()["results"]
    names = {m["name"] for m in members}
    assert d.member_a1.name in names and d.commuter.name in names and d.member_b1.name not in names
    row = next(m for m in members if m["id"] == d.member_a1.pk)
    assert row["mobile"] == "138****5678" and row["id_card"] == d.member_a1.id_card_masked
    assert "id_card_encrypted" not in row and "id_card_hash" not in row
    assert not PersonalDataAccessLog.objects.exists()


def test_district_admin_sees_full_numbers_and_the_view_is_logged(loop, api):
    d = loop.d
    client = api(d.district_admin)
    row = client.get(f"/api/v1/members/{d.member_a1.pk}/").json()
    assert row["mobile"] == "13812345678" and row["id_card"] == d.member_a1.id_card_number
    log = PersonalDataAccessLog.objects.get()
    assert log.user == d.district_admin and log.member_ids == [d.member_a1.pk]


def test_redemptions_only_for_members_and_stores_in_scope(d, rice, store, api):
    give_points(d.member_b1, 100, "b1")
    client = api(d.other_community_admin)
    body = {"member": d.member_b1.pk, "store": store.pk, "lines": [{"reward": rice.pk, "quantity": 1}], "key": "k1"}
    response = client.post("/api/v1/redemptions/", body, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"member", "store", "lines"}
    assert "不存在" in response.json()["member"][0]
    assert not Redemption.objects.exists()
    # Nothing was written, and the other community sees no redemptions.
    assert client.get("/api/v1/redemptions/").json()["count"] == 0


def test_volunteers_cannot_redeem_for_themselves(loop, rice, store, api):
    member = loop.volunteers[0]
    give_points(member, 100, "v1")
    body = {"member": member.pk, "store": store.pk, "lines": [{"reward": rice.pk, "quantity": 1}], "key": "k1"}
    response = api(member.user).post("/api/v1/redemptions/", body, format="json")
    assert response.status_code == 403
    assert not Redemption.objects.exists()


def test_pagination_and_filters(loop, api):
    for i in range(3):
        loop.demand(title=f"需求{i}")
    client = api(loop.d.community_admin)
    page = client.get("/api/v1/demands/?page_size=2").json()
    assert page["count"] == 3 and len(page["results"]) == 2 and page["next"]
    assert client.get("/api/v1/demands/?page_size=1000").json()["count"] == 3
    assert client.get("/api/v1/demands/?status=resolved").json()["count"] == 0
    bad = client.get("/api/v1/demands/?status=bogus")
    assert bad.status_code == 400 and list(bad.json()) == ["status"]
    assert client.get(f"/api/v1/demands/?grid={loop.d.comm_a2.pk}").json()["count"] == 0
    assert client.get(f"/api/v1/demands/?grid={loop.d.town_a.pk}").json()["count"] == 3
    assert client.get("/api/v1/demands/?page=99").status_code == 404
