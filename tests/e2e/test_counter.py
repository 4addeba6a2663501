"""At the 爱心超市 counter an operator finds a member by the last four phone digits, redeems two
items with a double click on confirm, and sees balance and stock drop exactly once; goes Back and
confirms again and is shown the first receipt, charged nothing more; prints an 80 mm receipt."""

import io
import unicodedata

from pypdf import PdfReader

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
    operator = make_user("operator", scope.ROLE_SUPERMARKET_OPERATOR, d.town_a)
    operator.last_name, operator.first_name = "李", "晓梅"
    operator.save()

    admin_login(page, live_server.url, "operator", "pass-for-tests-1")
    page.fill("#dy-counter-q", "5678")  # the counter's panel on the operator's home page
    page.click("button:has-text('查找并兑换')")
    page.locator("tr", has_text="张三丰").locator("a:has-text('兑换')").click()
    assert page.inner_text("#points-balance").strip() == "100.00"
    page.fill(f"input[name=qty-{rice.pk}]", "2")
    page.fill(f"input[name=qty-{soap.pk}]", "1")
    page.dblclick("#confirm")
    page.wait_for_selector("#balance-after")
    assert page.inner_text("#balance-after").strip() == "35.00"
    page.screenshot(path="/tmp/e2e-counter-receipt.png", full_page=True)
    number = page.inner_text("#receipt-number")

    # Back to the basket (the admin is not cached: the page is fetched again) and confirm again.
    page.go_back()
    assert page.locator("#basket-done").is_visible()
    page.fill(f"input[name=qty-{rice.pk}]", "2")
    page.fill(f"input[name=qty-{soap.pk}]", "1")
    page.click("#confirm")
    page.wait_for_selector("#balance-after")
    assert "该兑换已完成，未重复扣分" in page.inner_text(".messages")
    assert page.inner_text("#receipt-number") == number
    assert page.inner_text("#balance-after").strip() == "35.00"
    assert Redemption.objects.count() == 1

    # The receipt alone on an 80 mm roll: no admin header, the operator's name.
    pdf = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    assert len(pdf.pages) == 1
    assert round(float(pdf.pages[0].mediabox.width) / 72 * 25.4) == 80
    text = unicodedata.normalize("NFKC", pdf.pages[0].extract_text())  # the PDF's glyphs may be radicals
    assert text.startswith("甲街道爱心超市") and "爱心超市兑换小票" in text
    assert "李晓梅" in text and "operator" not in text
    assert not [chrome for chrome in ("打印小票", "下一位", "撤销原因", "积分与爱心超市", "未重复扣分") if chrome in text]
    page.emulate_media(media="print")
    page.screenshot(path="/tmp/e2e-counter-receipt-print.png", full_page=True)
    page.emulate_media(media="screen")

    page.goto(f"{live_server.url}/admin/counter/member/{d.member_a1.pk}/")
    assert page.inner_text("#points-balance").strip() == "35.00"
    assert page.locator("tr[data-reward='大米'] td.stock").inner_text().strip() == "8"
    assert page.locator("tr[data-reward='肥皂'] td.stock").inner_text().strip() == "9"
    assert Redemption.objects.count() == 1
    assert Account.objects.get(member=d.member_a1, unit=Unit.POINTS).balance == 35


def test_the_members_phone_number_stays_on_one_line(d, live_server, page):
    """At 1280 px the basket's 党员 card holds the name and the masked number; the number (in its
    brackets) may go under the name but never breaks inside."""
    store = ServicePoint.objects.create(name="甲街道爱心超市", kind=PointKind.PRACTICE_CENTER, grid=d.town_a, address="x")
    Reward.objects.create(name="大米", points_price=30, store=store)
    d.member_a1.name = "欧阳秀英"
    d.member_a1.save(update_fields=["name"])
    make_user("operator", scope.ROLE_SUPERMARKET_OPERATOR, d.town_a)
    admin_login(page, live_server.url, "operator", "pass-for-tests-1")
    page.goto(f"{live_server.url}/admin/counter/member/{d.member_a1.pk}/")
    card = page.locator(".dy-summary div", has_text="党员").locator("dd")
    page.screenshot(path="/tmp/e2e-counter-basket.png")
    lines = card.evaluate("""dd => {
        const range = document.createRange();
        const text = [...dd.childNodes].find(n => n.textContent.includes('****'));
        range.selectNodeContents(text);
        return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
    }""")
    assert "****" in card.inner_text() and lines == 1
