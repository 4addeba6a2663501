"""(2) A volunteer on a phone logs in on /portal/, finds the activity, takes it, checks in by the
service point's QR URL, checks out and evaluates their own service."""

from tests.e2e.journeys.conftest import login_portal
from tests.e2e.journeys.seed import open_activity, time_passes
from volunteer.models import EvaluationRole, Order, OrderStatus, ServiceRecord


def test_volunteer_takes_checks_in_by_qr_checks_out_and_self_evaluates(loop, live_server, walk):
    activity = open_activity(loop, title="社区义诊")
    member = loop.volunteers[0]
    url = live_server.url
    page = walk.new_page(phone=True)

    login_portal(walk, page, url, member.user.username, shot="guide/member-01-login")
    card = page.locator("article.activity", has_text="社区义诊")
    assert "推荐理由" in card.inner_text()
    card.scroll_into_view_if_needed()
    walk.look(page, "guide/member-02-take-activity")
    card.locator("button:has-text('接单')").click()
    page.wait_for_selector("text=接单成功")
    walk.look(page, "02-taken")
    assert "已接单" in page.locator("article.order", has_text="社区义诊").inner_text()

    # At the service point the volunteer scans its QR: the code is in the URL.
    walk.goto(page, f"{url}/portal/p/{loop.point.public_code}/", "guide/member-03-checkin-by-qr")
    assert loop.point.name in page.inner_text("main")
    page.click("button.primary:has-text('签到')")
    page.wait_for_selector("text=签到成功")
    order = Order.objects.get(member=member, activity=activity)
    assert order.status == OrderStatus.CHECKED_IN

    time_passes(order, minutes=90)
    page.reload()
    walk.look(page, "guide/member-04-checkout")
    page.locator("article.order", has_text="社区义诊").locator("button:has-text('签退')").click()
    page.wait_for_url(f"{url}/portal/records/")
    walk.look(page, "05-records")
    assert "服务记录已提交审核" in page.inner_text("main")
    record = page.locator("article.card", has_text="社区义诊")
    walk.expect("1.5 小时" in record.inner_text(), f"hours as people write them (item 3): {record.inner_text()!r}")

    record.locator("a:has-text('自评')").click()
    walk.look(page)
    page.locator("label.choice", has_text="非常满意").click()
    page.fill("textarea[name=comment]", "按时到场，耐心服务")
    walk.look(page, "guide/member-05-self-evaluate")
    page.click("button:has-text('提交')")
    page.wait_for_selector("text=自评已提交")
    walk.look(page, "05-self-evaluated", full_page=True)
    assert "5分" in page.locator("article.card", has_text="社区义诊").inner_text()
    assert ServiceRecord.objects.get(member=member).evaluations.filter(role=EvaluationRole.SELF, score=5).exists()
    walk.done()
