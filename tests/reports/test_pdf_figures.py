"""Report PDFs and the /verify/ page write hours as people do: "5.5 小时", never "5.50"."""

from reports.models import Certificate
from tests.reports.conftest import flat, pdf_text


def test_a_certificate_and_its_verify_page_write_fractional_hours_plainly(loop, serve, run_report, client):
    d = loop.d
    serve(d.member_a1, hours=2.5)
    serve(d.member_a1, hours=3, content="陪同老人就医")
    job = run_report("certificate", {"member": d.member_a1.pk, "person_in_charge": "周书记", "handler": "吴干事",
                                     "contact": "0512-12345678"}, d.community_admin)
    text = flat(pdf_text(job)[0])
    assert "累计服务时长5.5小时" in text and "5.50" not in text
    certificate = Certificate.objects.get(job=job)
    html = client.get(f"/verify/{certificate.number}/").content.decode()
    assert "5.5 小时" in html and "5.50" not in html
