"""A town admin requests a 志愿服务证明 for one member: the 选择党员 chooser opens its modal,
a member is picked, the form is submitted and a job is queued — with no console errors."""

from reports.models import ReportJob
from tests.e2e.conftest import admin_login


def test_town_admin_picks_a_member_in_the_chooser_and_gets_a_certificate_job(d, live_server, page):
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    admin_login(page, live_server.url, "town_a", "pass-for-tests-1")
    page.goto(f"{live_server.url}/admin/reports/new/certificate/")

    page.click("button.chooser__choose-button:has-text('选择党员')")
    modal = page.locator(".modal-content")
    modal.locator("input[name=q]").fill("三丰")
    modal.locator("a:has-text('张三丰')").click()
    page.wait_for_selector("[data-chooser-title]:has-text('张三丰')")
    assert page.locator("input[name=member]").input_value() == str(d.member_a1.pk)
    page.screenshot(path="/tmp/shots/wt-admin/certificate-request-chosen.png", full_page=True)

    page.click("button:has-text('提交生成')")
    page.wait_for_url(f"{live_server.url}/admin/reports/")
    page.wait_for_selector("text=已提交")
    job = ReportJob.objects.get()
    assert job.kind == "certificate" and job.parameters["member"] == d.member_a1.pk
    assert errors == []
