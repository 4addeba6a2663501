"""志愿服务证明: one member or an organisation's batch, numbers, /verify/, revocation."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from reports import services
from reports.models import Certificate, CertificateCounter
from tests.reports.conftest import flat, pdf_text


def test_member_certificate_renders_with_the_facts_and_a_working_verify_link(loop, serve, run_report, client):
    d = loop.d
    serve(d.member_a1, hours=2)
    serve(d.member_a1, hours=3, content="陪同老人就医")
    job = run_report("certificate", {"member": d.member_a1.pk, "person_in_charge": "周书记", "handler": "吴干事",
                                     "contact": "0512-12345678", "notes": "仅用于评优"}, d.community_admin)
    text, pages = pdf_text(job)
    certificate = Certificate.objects.get(job=job)
    assert pages == 1
    for expected in ["志愿服务证明", "张三丰", "居民身份证", d.member_a1.id_card_masked, certificate.volunteer_number,
                     "5小时", "甲一社区党支部", "周书记", "吴干事", "0512-12345678", certificate.number, "仅用于评优",
                     "扫码核验真伪", "陪同老人就医"]:
        assert expected in flat(text), expected
    assert d.member_a1.id_card_number not in flat(text)  # only the masked number is printed
    assert certificate.hours == 5 and certificate.records == 2 and certificate.masked_name == "张*丰"

    page = client.get(f"/verify/{certificate.number}/")
    html = page.content.decode()
    assert page.status_code == 200 and "真实有效" in html
    assert "张*丰" in html and "5 小时" in html and "甲一社区党支部" in html
    assert "张三丰" not in html and d.member_a1.id_card_masked not in html


def test_verify_rejects_a_forged_number_and_a_revoked_certificate(loop, serve, run_report, client):
    d = loop.d
    serve(d.member_a1)
    job = run_report("certificate", {"member": d.member_a1.pk}, d.community_admin)
    certificate = Certificate.objects.get(job=job)
    forged = certificate.number[:-1] + ("9" if certificate.number[-1] != "9" else "8")
    page = client.get(f"/verify/{forged}/")
    assert page.status_code == 404 and "未查到证明编号" in page.content.decode() and "伪造" in page.content.decode()

    with pytest.raises(ValidationError) as refused:
        services.revoke_certificate(certificate, user=d.other_community_admin, reason="信息有误")
    assert "不在您的管辖范围" in str(refused.value)
    with pytest.raises(ValidationError):
        services.revoke_certificate(certificate, user=d.community_admin, reason=" ")
    services.revoke_certificate(certificate, user=d.community_admin, reason="服务记录有误")
    page = client.get(f"/verify/{certificate.number}/")
    assert page.status_code == 200 and "已被出具单位撤销" in page.content.decode()
    assert "张*丰" not in page.content.decode()


def test_organisation_batch_is_one_job_one_pdf_and_skips_members_without_service(loop, serve, run_report):
    d = loop.d
    for member in loop.volunteers[:2]:
        serve(member, hours=1)
    job = run_report("certificate", {"organization": d.org_a1.pk, "issuer": "甲一社区党委"}, d.town_admin)
    text, pages = pdf_text(job)
    issued = Certificate.objects.filter(job=job)
    assert issued.count() == 2 and pages == 2
    assert "陈一" in text and "陈二" in text and "陈三" not in text and "张三丰" not in text
    assert flat(text).count("甲一社区党委") >= 2


def test_a_member_with_no_service_gets_a_valid_pdf_saying_no_data(loop, run_report):
    job = run_report("certificate", {"member": loop.d.member_a1.pk}, loop.d.community_admin)
    text, pages = pdf_text(job)
    assert "暂无数据" in text and pages == 1
    assert not Certificate.objects.exists()


def test_certificate_numbers_are_sequential_per_year_and_unique_in_the_database(d):
    numbers = [services.allocate_certificate_number(2025) for _ in range(3)]
    assert numbers == ["ZYFW-2025-000001", "ZYFW-2025-000002", "ZYFW-2025-000003"]
    assert services.allocate_certificate_number(2026) == "ZYFW-2026-000001"
    assert CertificateCounter.objects.get(year=2025).last == 3
    facts = dict(hours=1, records=1, issuer="甲一社区党支部")
    first = services.issue_certificate(d.member_a1, facts, grid=d.comm_a1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.create(number=first.number, member=d.member_a2, grid=d.comm_a2, name="李四海",
                                   masked_name="李*", id_masked="x", volunteer_number="x", hours=1, issuer="x",
                                   issued_on=first.issued_on)


def test_rare_characters_in_names_are_rendered(loop, serve, run_report):
    from tests.factories import MemberFactory

    member = MemberFactory(name="𠮷䶮", home_grid=loop.d.cell_a1, branch=loop.d.org_a1)
    serve(member, hours=1)
    job = run_report("certificate", {"member": member.pk}, loop.d.community_admin)
    text, _ = pdf_text(job)
    assert "𠮷䶮" in flat(text)
