"""(7) A town admin requests a monthly report and a certificate for one member in 报表中心, watches
the progress bar, downloads and reads the PDFs, and opens the certificate's /verify/ page."""

import io

from django.utils import timezone
from pypdf import PdfReader

from reports.models import Certificate
from tests.e2e.journeys.conftest import choose_member, login_admin
from tests.e2e.journeys.seed import served_record
from volunteer import services
from volunteer.models import ServiceRecord


def pdf_text(page, link):
    with page.expect_download() as download:
        link.click()
    data = open(download.value.path(), "rb").read()
    assert data.startswith(b"%PDF")
    return "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages)


def finished_row(page, walk, shot):
    row = page.locator("#report-jobs tr[data-job]").first
    page.wait_for_selector("#report-jobs")
    walk.shot(page, shot.replace("guide/", "") + "-waiting")
    page.wait_for_selector("#report-jobs tr[data-job] .dy-download:not([hidden])", timeout=60_000)
    assert row.locator("[role=progressbar]").get_attribute("aria-valuenow") == "100"
    walk.look(page, shot)
    return row


def test_town_admin_monthly_report_and_certificate_pdf_and_verify(loop, live_server, walk):
    d = loop.d
    member = loop.volunteers[0]
    served_record(loop, member, title="上门维修")
    services.approve_record(ServiceRecord.objects.get(), user=d.community_admin)
    admin = d.town_admin
    url = live_server.url
    page = walk.new_page()

    login_admin(walk, page, url, admin.username)
    walk.goto(page, f"{url}/admin/reports/", "guide/town-admin-01-report-center")

    # The monthly report of the town.
    page.click("a:has-text('生成网格/组织月度报表')")
    walk.look(page)
    page.select_option("select[name=grid]", str(d.town_a.pk))
    page.click("button:has-text('提交生成')")
    page.wait_for_load_state("load")
    walk.shot(page, "01-submitted", full_page=True)
    row = finished_row(page, walk, "guide/town-admin-03-progress")
    text = pdf_text(page, row.locator(".dy-download"))
    assert "甲街道" in text and f"{timezone.localdate():%Y}" in text

    # A certificate for one member.
    walk.goto(page, f"{url}/admin/reports/")
    page.click("a:has-text('生成志愿服务证明')")
    walk.look(page)
    choose_member(page, "member", member.name)  # 选择党员 (item 1)
    walk.look(page, "guide/town-admin-02-certificate", full_page=True)
    page.click("button:has-text('提交生成')")
    row = finished_row(page, walk, "02-certificate-done")
    text = pdf_text(page, row.locator(".dy-download"))
    certificate = Certificate.objects.get(member=member)
    assert member.name in text and certificate.number in text.replace("\n", "")
    walk.expect("上门维修" in text, f"the certificate names the service as a whole item (item 21): {text!r}")

    phone = walk.new_page(phone=True)
    walk.goto(phone, f"{url}/verify/")
    phone.fill("input[name=number]", certificate.number)
    phone.click("form button[type=submit]")
    phone.wait_for_url(f"**/verify/{certificate.number}/")
    walk.look(phone, "guide/town-admin-04-verify", full_page=True)
    assert member.name[0] in phone.inner_text("body") and "有效" in phone.inner_text("body")
    walk.done()
