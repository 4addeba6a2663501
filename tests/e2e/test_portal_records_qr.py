"""The resident-evaluation QR on 我的服务记录 is an image the phone actually shows."""

import datetime
from decimal import Decimal

from django.utils import timezone

from volunteer import services
from volunteer.models import RecordStatus, ServiceRecord


def test_the_evaluation_qr_loads_as_an_image_on_a_phone(loop, live_server, browser):
    member = loop.volunteers[0]
    start = timezone.now() - datetime.timedelta(hours=3)
    record = services.record_deed(ServiceRecord(member=member, started_at=start, ended_at=start + datetime.timedelta(hours=1),
                                       hours=1, place="小区", content="送药上门", activity_line="deed"),
                         user=member.user)
    # Approved with a hundredth of an hour: SQLite's Sum gives Decimal("0.0100000000000000").
    ServiceRecord.objects.filter(pk=record.pk).update(status=RecordStatus.APPROVED, hours=Decimal("0.01"))
    context = browser.new_context(viewport={"width": 375, "height": 812}, locale="zh-CN", is_mobile=True,
                                  has_touch=True)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/portal/login/?next=/portal/records/")
        page.fill("input[name=username]", member.user.username)
        page.fill("input[name=password]", "pass-for-tests-1")
        page.click("button:has-text('登录')")
        page.wait_for_url("**/portal/records/")
        # The three stat cards share the width evenly and nothing is wider than the phone.
        widths = page.eval_on_selector_all(".figures > div", "cards => cards.map(c => c.getBoundingClientRect().width)")
        assert len(widths) == 3 and max(widths) - min(widths) < 1, widths
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        assert page.locator(".figures strong").first.inner_text() == "0.01"
        page.click("summary:has-text('请服务对象扫码评价')")
        image = page.locator("img[alt='服务对象评价二维码']")
        image.wait_for()
        page.wait_for_function("img => img.complete", arg=image.element_handle())
        assert image.evaluate("img => img.naturalWidth") > 0
    finally:
        context.close()
