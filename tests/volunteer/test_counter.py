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
    page = client.get(url, follow=True)
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


def _basket(client, member):
    """Open a member's basket as the find page's link does: the page mints its one-time key."""
    response = client.get(reverse("counter:basket", args=[member.pk]))
    assert response.status_code == 302 and "?key=" in response["Location"]
    return response["Location"]


def test_back_and_confirm_again_replays_the_first_receipt(d, counter, client):
    """Back from the receipt reloads the basket page (the admin is not cached): its form carries the
    same key, so confirming again opens the first receipt with a notice and charges nothing."""
    store, rice, soap, operator = counter
    client.force_login(operator)
    basket = _basket(client, d.member_a1)
    page = client.get(basket)
    key = page.context["key"]
    assert f'name="key" value="{key}"' in page.content.decode() and page.context["done"] is None
    data = {"key": key, "store": store.pk, f"qty-{rice.pk}": "2", f"qty-{soap.pk}": "1"}
    first = client.post(basket, data)
    receipt = client.get(first["Location"]).content.decode()
    assert "未重复扣分" not in receipt

    back = client.get(basket)  # Back: the same address, so the same key
    assert back.context["key"] == key
    assert back.context["done"] == Redemption.objects.get()
    assert "已于" in back.content.decode() and "开始新的兑换" in back.content.decode()
    again = client.post(basket, data, follow=True)
    assert again.redirect_chain[-1][0] == first["Location"]
    html = again.content.decode()
    assert "该兑换已完成，未重复扣分" in html and f'id="receipt-number">{Redemption.objects.get().pk}<' in html
    assert Redemption.objects.count() == 1
    assert Account.objects.get(member=d.member_a1, unit=Unit.POINTS).balance == 35

    # The key in another member's address says nothing of this member's redemption.
    other = client.get(reverse("counter:basket", args=[d.member_a2.pk]) + f"?key={key}")
    assert other.status_code == 200 and other.context["done"] is None

    # Back, then a different basket on the same page: nothing is charged, the operator is told why.
    changed = client.post(basket, {**data, f"qty-{soap.pk}": "3"})
    assert "该兑换已完成，未重复扣分" in changed.content.decode() and "开始新的兑换" in changed.content.decode()
    assert Redemption.objects.count() == 1
    # 开始新的兑换 is a fresh basket with a fresh key.
    fresh = _basket(client, d.member_a1)
    assert fresh != basket
    second = client.post(fresh, {"key": client.get(fresh).context["key"], "store": store.pk, f"qty-{soap.pk}": "1"})
    assert second.status_code == 302 and Redemption.objects.count() == 2
    assert Account.objects.get(member=d.member_a1, unit=Unit.POINTS).balance == 30


def test_the_receipt_prints_narrow_with_the_operators_name(d, counter, client):
    store, rice, soap, operator = counter
    operator.last_name, operator.first_name = "李", "晓梅"
    operator.save()
    client.force_login(operator)
    basket = _basket(client, d.member_a1)
    key = client.get(basket).context["key"]
    receipt = client.post(basket, {"key": key, "store": store.pk, f"qty-{rice.pk}": "1"}, follow=True)
    html = receipt.content.decode()
    assert 'id="operator">李晓梅<' in html and "operator<" not in html
    assert "@page{size:80mm " in html and "@media print" in html
    operator.last_name = operator.first_name = ""
    operator.save()
    assert 'id="operator">operator<' in client.get(receipt.redirect_chain[-1][0]).content.decode()


def test_the_operators_home_page_leads_to_the_counter(d, counter, client):
    *_, operator = counter
    client.force_login(operator)
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert f'action="{reverse("counter:find")}"' in home and 'id="dy-counter-q"' in home
    assert home.index('id="dy-counter-q"') < home.index("爱心超市库存不足的商品")  # first on the page
    client.force_login(make_user("editor-x", scope.ROLE_EDITOR))
    assert 'id="dy-counter-q"' not in client.get(reverse("wagtailadmin_home")).content.decode()


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
    screen = client.get(url, follow=True).content.decode()
    assert "对账单" in screen and "兑换时长 <select" in screen  # the hours are labelled as hours
    key = client.get(url, follow=True).context["request_key"]
    for _ in range(2):  # a double click
        client.post(url, {"action": "withdraw", "choice": "1.5", "note": "为其父亲提供陪诊", "key": key})
    account.refresh_from_db()
    assert account.balance == 2.5
    assert login(d.other_community_admin).get(url).status_code == 404


def back_and_submit_again(client, url, data):
    """Open the page as a person does (following its redirect), submit, go Back — the admin is sent
    no-store, so the browser fetches the page it came from anew — and submit that page's form again."""
    opened = client.get(url, follow=True)
    address = opened.redirect_chain[-1][0] if opened.redirect_chain else url
    key = opened.context["request_key"]
    first = client.post(address, {**data, "key": key})
    assert first.status_code == 302
    after = client.get(first["Location"], follow=True)  # the page after the operation: a new key
    assert after.context["request_key"] != key
    back = client.get(address)  # Back: the same address, fetched again
    assert back.status_code == 200
    second = client.post(address, {**data, "key": back.context["request_key"]})
    return second, client.get(second["Location"], follow=True).content.decode()


def test_back_and_withdraw_again_is_one_withdrawal(d, loop, login):
    member = loop.volunteers[0]
    services.post(member, Unit.TIME, 4, kind=EntryKind.DEPOSIT, source="test", key="dep")
    account = Account.objects.get(member=member, unit=Unit.TIME)
    client = login(d.community_admin)
    url = reverse("accounts:statement", args=[account.pk])
    _, html = back_and_submit_again(client, url, {"action": "withdraw", "choice": "1.5", "note": "为其父亲提供陪诊"})
    account.refresh_from_db()
    assert account.balance == 2.5 and account.entries.filter(kind=EntryKind.WITHDRAW).count() == 1
    assert "该时间兑换已登记，未重复扣除时间" in html
    # Back and the form submitted with other hours: still nothing taken, and said so in Chinese.
    _, html = back_and_submit_again(client, url, {"action": "withdraw", "choice": "1", "note": "陪诊"})
    account.refresh_from_db()
    assert account.balance == 1.5  # the new page's withdrawal, then Back: one more, not two
    opened = client.get(url, follow=True)
    address, key = opened.redirect_chain[-1][0], opened.context["request_key"]
    client.post(address, {"action": "withdraw", "choice": "1", "note": "陪诊", "key": key})
    response = client.post(address, {"action": "withdraw", "choice": "0.5", "note": "陪诊", "key": key})
    account.refresh_from_db()
    assert account.balance == 0.5
    page = client.get(response["Location"], follow=True).content.decode()
    assert "登记时间兑换服务已完成，未重复办理" in page


def test_back_and_restock_again_is_one_movement(d, counter, login):
    store, rice, soap, operator = counter
    client = login(d.superuser)
    url = reverse("rewards:stock", args=[rice.pk])
    _, html = back_and_submit_again(client, url, {"action": "restock", "quantity": "5"})
    rice.refresh_from_db()
    assert rice.stock == 15 and rice.movements.count() == 2
    assert "该入库已完成，未重复入库" in html


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
