"""At the 爱心超市 counter an operator finds a member by the last four phone digits, redeems two
items with a double click on confirm, and sees balance and stock drop exactly once."""

from tests.e2e.conftest import admin_login
from tests.factories import make_user
from volunteer import scope, services
from volunteer.models import Account, EntryKind, PointKind, Redemption, Reward, ServicePoint, Unit


def test_operator_redeems_two_items_once(d, live_server, page):
    store = ServicePoint.objects.create(name="甲街道爱心超市", kind=PointKind.PRACTICE_CENTER, grid=d.town_a, address="x")
    rice = Reward.objects.create(name="大米", points_price=30, store=store)
    soap = Reward.objects.create(name="肥皂", points_price=5, store=store)
    for item in (rice, soap):
        services.restock(item, 10, user=scope.SYSTEM, key=f"s{item.pk}")
    services.post(d.member_a1, Unit.POINTS, 100, kind=EntryKind.ADJUST, source="test", key="seed")
    make_user("operator", scope.ROLE_SUPERMARKET_OPERATOR, d.town_a)

    admin_login(page, live_server.url, "operator", "pass-for-tests-1")
    page.goto(f"{live_server.url}/admin/counter/")
    page.fill("input[name=q]", "5678")
    page.click("button:has-text('查找')")
    page.locator("tr", has_text="张三丰").locator("a:has-text('兑换')").click()
    assert page.inner_text("#points-balance").strip() == "100.00"
    page.fill(f"input[name=qty-{rice.pk}]", "2")
    page.fill(f"input[name=qty-{soap.pk}]", "1")
    page.dblclick("#confirm")
    page.wait_for_selector("#balance-after")
    assert page.inner_text("#balance-after").strip() == "35.00"
    page.screenshot(path="/tmp/e2e-counter-receipt.png", full_page=True)

    page.goto(f"{live_server.url}/admin/counter/member/{d.member_a1.pk}/")
    assert page.inner_text("#points-balance").strip() == "35.00"
    assert page.locator("tr[data-reward='大米'] td.stock").inner_text().strip() == "8"
    assert page.locator("tr[data-reward='肥皂'] td.stock").inner_text().strip() == "9"
    assert Redemption.objects.count() == 1
    assert Account.objects.get(member=d.member_a1, unit=Unit.POINTS).balance == 35
