"""The volunteer's loop through the API — take, cancel, check in, check out, evaluate — and the
admin's writes (demand intake, redemption), each through the services, with Chinese field errors."""

import datetime

from django.utils import timezone

from tests.api.conftest import give_points
from volunteer import services
from volunteer.models import (
    Account,
    Demand,
    DemandStatus,
    Entry,
    EvaluationRole,
    Order,
    OrderStatus,
    Redemption,
    Reward,
    ServiceRecord,
    Unit,
)


def test_take_then_cancel(loop, future_activity, api):
    member = loop.volunteers[0]
    client = api(member.user)
    response = client.post(f"/api/v1/activities/{future_activity.pk}/take/", {}, format="json")
    assert response.status_code == 201, response.json()
    order = Order.objects.get(member=member, activity=future_activity)
    assert response.json()["id"] == order.pk and response.json()["status"] == "signed_up"

    again = client.post(f"/api/v1/activities/{future_activity.pk}/take/", {}, format="json")
    assert again.status_code == 400
    assert again.json() == {"activity": [f"{member.name} 已接过该活动的单"]}
    assert Order.objects.filter(member=member).count() == 1

    cancelled = client.post(f"/api/v1/orders/{order.pk}/cancel/", {"reason": "临时有事"}, format="json")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED and order.cancel_reason == "临时有事"
    future_activity.refresh_from_db()
    assert future_activity.signed_up_count == 0


def test_check_in_with_the_point_code_then_check_out_and_self_evaluate(loop, running_activity, api):
    member = loop.volunteers[0]
    order = services.sign_up(running_activity, member, user=member.user, now=running_activity.signup_opens_at)
    client = api(member.user)

    wrong = client.post(f"/api/v1/orders/{order.pk}/check-in/", {"code": "WRONG1"}, format="json")
    assert wrong.status_code == 400
    assert wrong.json() == {"code": ["签到码不正确，请扫描活动阵地的二维码或核对阵地编码"]}
    order.refresh_from_db()
    assert order.status == OrderStatus.SIGNED_UP and order.checked_in_at is None

    missing = client.post(f"/api/v1/orders/{order.pk}/check-in/", {}, format="json")
    assert missing.status_code == 400 and missing.json() == {"code": ["必需字段"]}

    ok = client.post(f"/api/v1/orders/{order.pk}/check-in/", {"code": loop.point.public_code.lower()}, format="json")
    assert ok.status_code == 200 and ok.json()["status"] == "checked_in"

    too_soon = client.post(f"/api/v1/orders/{order.pk}/check-out/")
    assert too_soon.status_code == 400 and too_soon.json() == {"non_field_errors": ["签到后不足1分钟，不能签退"]}

    Order.objects.filter(pk=order.pk).update(checked_in_at=timezone.now() - datetime.timedelta(minutes=5))
    out = client.post(f"/api/v1/orders/{order.pk}/check-out/")
    assert out.status_code == 200 and out.json()["status"] == "completed"
    record = ServiceRecord.objects.get(order=order)
    assert out.json()["record"] == record.pk

    listed = client.get("/api/v1/records/").json()
    assert [r["id"] for r in listed["results"]] == [record.pk]
    assert listed["results"][0]["status"] == "pending"

    bad = client.post(f"/api/v1/records/{record.pk}/evaluate/", {"score": 9}, format="json")
    assert bad.status_code == 400 and bad.json() == {"score": ["评分须为1到5的整数"]}
    good = client.post(f"/api/v1/records/{record.pk}/evaluate/", {"score": 5, "comment": "顺利"}, format="json")
    assert good.status_code == 201 and good.json()["role"] == EvaluationRole.SELF
    # 党组织总评 is an admin's: a volunteer lacks the role.
    org = client.post(f"/api/v1/records/{record.pk}/evaluate/", {"role": "organization", "score": 5}, format="json")
    assert org.status_code == 403 and org.json() == {"detail": "您的角色没有执行该操作的权限"}
    assert record.evaluations.count() == 1
    assert client.get(f"/api/v1/evaluations/?record={record.pk}").json()["count"] == 1


def test_a_member_registers_a_deed_and_an_admin_for_a_member_in_scope(loop, api):
    member = loop.volunteers[0]
    start = timezone.now() - datetime.timedelta(hours=3)
    body = {"started_at": start.isoformat(), "ended_at": (start + datetime.timedelta(hours=1)).isoformat(),
            "place": "楼下", "content": "帮邻居修自行车", "beneficiary": "邻居"}
    backwards = api(member.user).post("/api/v1/records/", {**body, "ended_at": body["started_at"]}, format="json")
    assert backwards.status_code == 400 and backwards.json() == {"ended_at": ["结束时间须晚于开始时间"]}
    created = api(member.user).post("/api/v1/records/", body, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["is_deed"] and created.json()["status"] == "pending" and created.json()["hours"] == "1.00"
    admin = api(loop.d.community_admin)
    outside = admin.post("/api/v1/records/", {**body, "member": loop.d.member_b1.pk}, format="json")
    assert outside.status_code == 400 and list(outside.json()) == ["member"]
    later = {**body, "started_at": (start + datetime.timedelta(hours=2)).isoformat(),
             "ended_at": (start + datetime.timedelta(hours=2, minutes=30)).isoformat()}
    entered = admin.post("/api/v1/records/", {**later, "member": member.pk}, format="json")
    assert entered.status_code == 201 and entered.json()["source"] == "admin"
    assert ServiceRecord.objects.filter(member=member).count() == 2


def test_recommended_activities_for_the_member(loop, future_activity, api):
    member = loop.volunteers[0]
    response = api(member.user).get("/api/v1/activities/recommended/")
    assert response.status_code == 200
    [first] = response.json()
    assert first["activity"]["id"] == future_activity.pk
    assert "在您居住地所在村社区" in first["reasons"]
    # An admin without a linked member has nobody to recommend for.
    refused = api(loop.d.community_admin).get("/api/v1/activities/recommended/")
    assert refused.status_code == 403 and refused.json() == {"detail": "该接口仅供已关联党员的账号使用"}


def test_admin_takes_an_order_for_a_member_in_scope(loop, future_activity, api):
    client = api(loop.d.community_admin)
    response = client.post(f"/api/v1/activities/{future_activity.pk}/take/", {"member": loop.d.member_a1.pk},
                           format="json")
    assert response.status_code == 201 and response.json()["member"]["name"] == loop.d.member_a1.name
    outside = client.post(f"/api/v1/activities/{future_activity.pk}/take/", {"member": loop.d.member_b1.pk},
                          format="json")
    assert outside.status_code == 400 and list(outside.json()) == ["member"]
    nobody = client.post(f"/api/v1/activities/{future_activity.pk}/take/", {}, format="json")
    assert nobody.status_code == 400 and nobody.json() == {"member": ["请指定接单的党员"]}
    assert Order.objects.count() == 1


def test_demand_intake_and_status_changes(loop, api):
    d = loop.d
    client = api(d.community_admin)
    body = {"title": "楼道灯坏了", "description": "三楼楼道灯不亮", "channel": "phone", "category": loop.category.pk,
            "grid": d.cell_a1.pk, "collection_point": loop.point.pk, "resident_name": "周大爷",
            "resident_phone": "13800002222", "urgency": "normal"}
    bad = client.post("/api/v1/demands/", {**body, "resident_phone": "12345", "channel": "fax"}, format="json")
    assert bad.status_code == 400 and set(bad.json()) == {"channel"}
    assert "不是合法选项" in bad.json()["channel"][0]
    bad_phone = client.post("/api/v1/demands/", {**body, "resident_phone": "12345"}, format="json")
    assert bad_phone.status_code == 400 and list(bad_phone.json()) == ["resident_phone"]
    outside = client.post("/api/v1/demands/", {**body, "grid": d.cell_b1.pk, "collection_point": None}, format="json")
    assert outside.status_code == 400 and "不在您的管辖范围" in outside.json()["grid"][0]
    assert not Demand.objects.exists()

    created = client.post("/api/v1/demands/", body, format="json")
    assert created.status_code == 201, created.json()
    data = created.json()
    assert data["status"] == "new" and data["resident_phone"] == "138****2222"
    accepted = client.post(f"/api/v1/demands/{data['id']}/accept/", {}, format="json")
    assert accepted.json()["status"] == DemandStatus.ACCEPTED
    empty = client.post(f"/api/v1/demands/{data['id']}/resolve/", {"feedback": " "}, format="json")
    assert empty.status_code == 400 and empty.json() == {"feedback": ["请填写向群众反馈的办理结果"]}
    resolved = client.post(f"/api/v1/demands/{data['id']}/resolve/", {"feedback": "已更换灯泡"}, format="json")
    assert resolved.json()["status"] == DemandStatus.RESOLVED


def test_redeem_is_idempotent_by_key_and_refuses_without_points(d, rice, store, api):
    client = api(d.community_admin)
    body = {"member": d.member_a1.pk, "store": store.pk, "lines": [{"reward": rice.pk, "quantity": 2}]}
    poor = client.post("/api/v1/redemptions/", body, format="json", HTTP_IDEMPOTENCY_KEY="basket-0")
    assert poor.status_code == 400 and poor.json() == {"points": [f"{d.member_a1.name} 的积分不足（需要 40.00）"]}
    assert not Redemption.objects.exists() and Reward.objects.get(pk=rice.pk).stock == 10

    no_key = client.post("/api/v1/redemptions/", body, format="json")
    assert no_key.status_code == 400 and list(no_key.json()) == ["key"]

    give_points(d.member_a1, 100, "grant-1")
    first = client.post("/api/v1/redemptions/", body, format="json", HTTP_IDEMPOTENCY_KEY="basket-1")
    assert first.status_code == 201, first.json()
    again = client.post("/api/v1/redemptions/", body, format="json", HTTP_IDEMPOTENCY_KEY="basket-1")
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    changed = client.post("/api/v1/redemptions/", {**body, "lines": [{"reward": rice.pk, "quantity": 3}]},
                          format="json", HTTP_IDEMPOTENCY_KEY="basket-1")
    assert changed.status_code == 400 and changed.json() == {"non_field_errors": ["该兑换请求编号已用于另一笔不同的兑换"]}
    assert Redemption.objects.count() == 1
    assert Account.objects.get(member=d.member_a1, unit=Unit.POINTS).balance == 60

    cancel = client.post(f"/api/v1/redemptions/{first.json()['id']}/cancel/", {"reason": "拿错了"}, format="json")
    assert cancel.status_code == 200 and cancel.json()["status"] == "cancelled"
    assert Account.objects.get(member=d.member_a1, unit=Unit.POINTS).balance == 100


def test_balance_and_ledger_for_the_member(loop, api):
    member = loop.volunteers[0]
    give_points(member, 30, "grant-a")
    client = api(member.user)
    balance = client.get("/api/v1/points/balance/").json()
    assert balance["member"]["id"] == member.pk and balance["points"] == "30.00" and balance["time_bank_hours"] == "0.00"
    entries = client.get("/api/v1/points/entries/?unit=points").json()
    assert entries["count"] == 1 and entries["results"][0]["delta"] == "30.00"
    assert Entry.objects.count() == 1
