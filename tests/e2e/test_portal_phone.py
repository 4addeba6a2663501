"""On a phone-sized screen a volunteer logs in, takes a recommended activity, checks in with the
service point's code and sees the order as checked in."""

import datetime

from django.utils import timezone

from volunteer.models import Order, OrderStatus


def test_volunteer_takes_and_checks_in_on_a_phone(loop, live_server, browser):
    starts = timezone.now() + datetime.timedelta(minutes=20)
    activity = loop.activity(loop.project(), starts=starts, title="社区义诊", signup_closes_at=starts,
                             signup_opens_at=timezone.now() - datetime.timedelta(days=1))
    member = loop.volunteers[0]
    context = browser.new_context(viewport={"width": 375, "height": 812}, locale="zh-CN", is_mobile=True,
                                  has_touch=True)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/portal/")
        page.fill("input[name=username]", member.user.username)
        page.fill("input[name=password]", "pass-for-tests-1")
        page.click("button:has-text('登录')")
        card = page.locator("article.activity", has_text="社区义诊")
        assert "推荐理由" in card.inner_text() and "居住地所在村社区" in card.inner_text()
        # Nothing on the page is wider than the phone.
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        card.locator("button:has-text('接单')").click()
        page.wait_for_selector("text=接单成功")
        order = page.locator("article.order", has_text="社区义诊")
        assert "已接单" in order.inner_text()
        order.locator("a:has-text('签到')").click()
        page.fill("input[name=code]", loop.point.public_code.lower())
        page.click("button.primary:has-text('签到')")
        page.wait_for_selector("text=签到成功")
        assert "已签到" in page.locator("article.order", has_text="社区义诊").inner_text()
        page.screenshot(path="/tmp/e2e-portal-checked-in.png", full_page=True)
    finally:
        context.close()
    assert Order.objects.get(member=member, activity=activity).status == OrderStatus.CHECKED_IN
