"""The 爱心超市 counter screens: scope, finding members, a basket confirmed once, cancel, card."""

import uuid

import pytest
from django.urls import reverse

from tests.factories import make_user
from volunteer import scope, services
from volunteer.adminviews.counter import card_code
from volunteer.models import Account, EntryKind, PointKind, Redemption, RedemptionStatus, Reward, ServicePoint, Unit


@pytest.fixture
def counter(d):
    store = ServicePoint.objects.create(name="甲街道爱心超市", kind=PointKind.PRACTICE_CENTER, grid=d.town_a, address="x")
    rice = Reward.objects.create(name="大米", points_price=30, store=store)
    soap = Reward.objects.create(name="肥皂", points_price=5, store=store)
    for item in (rice, soap):
        services.restock(item, 10, user=scope.SYSTEM, key=f"s{item.pk}")
    services.post(d.member_a1, Unit.POINTS, 100, kind=EntryKind.ADJUST, source="test", key="seed")
    operator = make_user("operator", scope.ROLE_SUPERMARKET_OPERATOR, d.town_a)
    return store, rice, soap, operator


def test_find_by_phone_tail_name_and_card(d, counter, client):
    *_, operator = counter
    client.force_login(operator)
    url = reverse("counter:find")
    assert "张三丰" in client.get(url, {"q": "5678"}).content.decode()  # 138****5678 and 139****5678 both
    html = client.get(url, {"q": "5678"}).content.decode()
    assert "王五岳" not in html  # 137****5678 lives in another town
    assert "13812345678" not in html and "138****5678" in html
    assert "张三丰" in client.get(url, {"q": "三丰"}).content.decode()
    assert "张三丰" in client.get(url, {"q": card_code(d.member_a1)}).content.decode()
    assert "王五岳" not in client.get(url, {"q": card_code(d.member_b1)}).content.decode()
    assert "没有找到" in client.get(url, {"q": "DY365:forged"}).content.decode()


def test_basket_confirmed_twice_is_one_redemption(d, counter, client):
    store, rice, soap, operator = counter
    client.force_login(operator)
    url = reverse("counter:basket", args=[d.member_a1.pk])
    page = client.get(url)
    assert page.context["points"] == 100 and "大米" in page.content.decode()
    key = page.context["key"]
    data = {"key": key, "store": store.pk, f"qty-{rice.pk}": "2", f"qty-{soap.pk}": "1"}
    first = client.post(url, data)
    second = client.post(url, data)
    assert first.status_code == second.status_code == 302 and first["Location"] == second["Location"]
    assert Redemption.objects.count() == 1
    assert Account.objects.get(member=d.member_a1, unit=Unit.POINTS).balance == 35
    receipt = client.get(first["Location"]).content.decode()
    assert "合计：65.00 积分" in receipt and "大米" in receipt

    redemption = Redemption.objects.get()
    client.post(reverse("counter:receipt", args=[redemption.pk]), {"reason": ""})
    assert Redemption.objects.get().status == RedemptionStatus.COMPLETED
    client.post(reverse("counter:receipt", args=[redemption.pk]), {"reason": "党员退回商品"})
    assert Redemption.objects.get().status == RedemptionStatus.CANCELLED
    assert Account.objects.get(member=d.member_a1, unit=Unit.POINTS).balance == 100


def test_bad_baskets_show_a_chinese_message(d, counter, client):
    store, rice, soap, operator = counter
    client.force_login(operator)
    url = reverse("counter:basket", args=[d.member_a1.pk])
    for qty, fragment in [("4", "积分不足"), ("-1", "1到99"), ("abc", "须为整数"), ("²", "须为整数"),
                          ("0", "购物篮是空的")]:
        response = client.post(url, {"key": uuid.uuid4().hex, "store": store.pk, f"qty-{rice.pk}": qty})
        assert fragment in response.content.decode(), qty
    response = client.post(url, {"key": "not-a-key", "store": store.pk, f"qty-{rice.pk}": "1"})
    assert "请求已失效" in response.content.decode()
    assert not Redemption.objects.exists()


def test_counter_is_scoped_and_for_operators(d, counter, client):
    *_, operator = counter
    client.force_login(operator)
    assert client.get(reverse("counter:basket", args=[d.member_b1.pk])).status_code == 404
    assert client.get(reverse("counter:card", args=[d.member_b1.pk])).status_code == 404
    assert b"<svg" in client.get(reverse("counter:card", args=[d.member_a1.pk])).content
    volunteer = make_user("vol-x", scope.ROLE_VOLUNTEER)
    client.force_login(volunteer)
    assert client.get(reverse("counter:find")).status_code in (302, 403)


def test_statement_and_time_bank_withdrawal_screens(d, loop, login):
    member = loop.volunteers[0]
    services.post(member, Unit.TIME, 4, kind=EntryKind.DEPOSIT, source="test", key="dep")
    account = Account.objects.get(member=member, unit=Unit.TIME)
    client = login(d.community_admin)
    url = reverse("accounts:statement", args=[account.pk])
    assert "对账单" in client.get(url).content.decode()
    key = client.get(url).context["request_key"]
    for _ in range(2):  # a double click
        client.post(url, {"action": "withdraw", "choice": "1.5", "note": "为其父亲提供陪诊", "key": key})
    account.refresh_from_db()
    assert account.balance == 2.5
    assert login(d.other_community_admin).get(url).status_code == 404


def test_points_rule_versions_from_the_admin(d, login):
    from volunteer.models import PointsRule

    client = login(d.superuser)
    page = client.get(reverse("points_rules:add"))
    assert page.context["form"].initial["per_hour"] == PointsRule.objects.get(is_active=True).per_hour
    data = {"name": "新规则", "per_record": "5", "per_hour": "12", "category_multipliers": "{}", "deed_bonus": "5",
            "excellent_evaluation_bonus": "3", "daily_cap": "100", "expiry_mode": "none", "expiry_months": "12",
            "time_bank_ratio": "1"}
    assert client.post(reverse("points_rules:add"), data).status_code == 302
    active = PointsRule.objects.get(is_active=True)
    assert (active.version, active.per_hour) == (2, 12)
    response = client.post(reverse("points_rules:edit", args=[active.pk]), {**data, "per_hour": "99"})
    assert "规则版本不可修改" in response.content.decode()
    assert PointsRule.objects.get(pk=active.pk).per_hour == 12
