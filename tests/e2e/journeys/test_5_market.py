"""(5) At the 爱心超市 counter the operator finds the member, redeems with a double click, goes
Back and confirms again (charged once, and told so), prints the receipt and cancels."""

from tests.e2e.journeys.conftest import login_admin
from tests.factories import make_user
from volunteer import scope, services
from volunteer.models import Account, EntryKind, PointKind, Redemption, RedemptionStatus, Reward, ServicePoint, Unit


def balance(member):
    return Account.objects.get(member=member, unit=Unit.POINTS).balance


def test_operator_redeems_once_despite_double_click_and_back_then_cancels(d, live_server, walk):
    store = ServicePoint.objects.create(name="甲街道爱心超市", kind=PointKind.PRACTICE_CENTER, grid=d.town_a, address="甲街道1号")
    rice = Reward.objects.create(name="大米", points_price=30, store=store)
    soap = Reward.objects.create(name="肥皂", points_price=5, store=store)
    for item in (rice, soap):
        services.restock(item, 10, user=scope.SYSTEM, key=f"s{item.pk}")
    services.post(d.member_a1, Unit.POINTS, 200, kind=EntryKind.ADJUST, source="test", key="seed")
    operator = make_user("operator", scope.ROLE_SUPERMARKET_OPERATOR, d.town_a)
    url = live_server.url
    page = walk.new_page()

    login_admin(walk, page, url, operator.username)
    counter_link = page.locator("main a[href$='/admin/counter/']")
    walk.expect(counter_link.count() > 0, "the operator's dashboard links to the counter (item 6)")
    if counter_link.count():
        counter_link.first.click()
    else:
        page.goto(f"{url}/admin/counter/")
    walk.look(page)
    page.fill("input[name=q]", "5678")
    page.click("button:has-text('查找')")
    page.wait_for_selector("tr:has-text('张三丰')")
    walk.look(page, "guide/market-operator-01-find-member")
    page.locator("tr", has_text="张三丰").locator("a:has-text('兑换')").click()
    walk.look(page)
    assert page.inner_text("#points-balance").strip() == "200.00"
    page.fill(f"input[name=qty-{rice.pk}]", "2")
    page.fill(f"input[name=qty-{soap.pk}]", "1")
    walk.look(page, "guide/market-operator-02-basket")
    page.dblclick("#confirm")
    page.wait_for_selector("#balance-after")
    walk.look(page, "guide/market-operator-03-receipt")
    assert page.inner_text("#balance-after").strip() == "135.00"
    receipt = page.inner_text("main")
    walk.expect(operator.first_name in receipt and operator.username not in receipt,
                f"the receipt names the operator, not their login (item 6): {receipt!r}")
    assert balance(d.member_a1) == 135

    # Back to the basket (the browser shows it as it was) and confirm again.
    page.go_back()
    page.wait_for_selector("#confirm")
    page.click("#confirm")
    page.wait_for_load_state("load")
    walk.look(page, "03-back-and-retry")
    assert Redemption.objects.count() == 1, "Back + confirm again charged a second time (item 6)"
    assert balance(d.member_a1) == 135
    walk.expect("135.00" in page.inner_text("main") and ("已兑换" in page.inner_text("main") or "重复" in page.inner_text("main")),
                f"after Back + retry the operator sees the first redemption, not a second charge: {page.inner_text('main')!r}")

    # The receipt prints on its own, without the admin's header.
    redemption = Redemption.objects.get()
    walk.goto(page, f"{url}/admin/counter/receipt/{redemption.pk}/")
    page.emulate_media(media="print")
    printed = page.evaluate("document.body.innerText")
    walk.expect(page.locator("header:visible, .w-header:visible").count() == 0 and "撤销兑换" not in printed,
                f"the printed receipt is the receipt alone, no admin header line (item 6): {printed!r}")
    page.emulate_media(media="screen")

    page.fill("#id_reason", "党员改换其他物品")
    page.click("button:has-text('撤销兑换')")
    page.wait_for_load_state("load")
    walk.look(page, "guide/market-operator-04-cancel")
    redemption.refresh_from_db()
    assert redemption.status == RedemptionStatus.CANCELLED
    assert balance(d.member_a1) == 200
    walk.done()
