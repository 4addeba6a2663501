"""Registering and editing members through the admin: validation, encryption, masking, scope."""

import io

import openpyxl
from django.urls import reverse

from tests.factories import make_id_card
from volunteer import privacy
from volunteer.models import PartyMember, PersonalDataAccessLog


def member_form(d, **overrides):
    data = {
        "name": "钱七星", "gender": "female", "id_card": make_id_card("320483", seq=777),
        "mobile_number": "+86 135-0000-1111", "branch": d.org_a1.pk, "status": "retired",
        "home_grid": d.cell_a1.pk, "work_grid": "", "work_unit": "", "is_active": "on",
    }
    data.update(overrides)
    return data


def test_admin_registers_a_member_with_encrypted_id(d, login):
    client = login(d.community_admin)
    data = member_form(d)
    response = client.post(reverse("members:add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    member = PartyMember.objects.get(name="钱七星")
    assert member.mobile == "13500001111"
    assert data["id_card"] not in member.id_card_encrypted  # stored encrypted
    assert member.id_card_number == data["id_card"]
    assert member.id_card_masked == data["id_card"][:6] + "********" + data["id_card"][-4:]
    assert PartyMember.objects.with_id_card(data["id_card"]).get() == member
    assert member.birth_date.isoformat() == "1975-06-15"


def assert_refused(response, field, fragment):
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    assert any(fragment in e for e in errors[field]), errors[field]


def test_invalid_id_card_is_refused_naming_the_field(d, login):
    client = login(d.community_admin)
    bad = make_id_card(seq=5)[:-1] + "0"
    if bad == make_id_card(seq=5):
        bad = bad[:-1] + "1"
    before = PartyMember.objects.count()
    assert_refused(client.post(reverse("members:add"), member_form(d, id_card=bad)), "id_card", "校验位")
    assert PartyMember.objects.count() == before


def test_duplicate_id_card_is_refused(d, login):
    client = login(d.community_admin)
    existing = d.member_a1.id_card_number
    assert_refused(client.post(reverse("members:add"), member_form(d, id_card=existing)), "id_card", "已登记")


def test_malformed_mobile_is_refused(d, login):
    client = login(d.community_admin)
    before = PartyMember.objects.count()
    assert_refused(client.post(reverse("members:add"), member_form(d, mobile_number="12345")), "mobile_number",
                   "手机号码")
    assert PartyMember.objects.count() == before


def test_member_placed_outside_the_scope_is_refused(d, login):
    client = login(d.community_admin)
    before = PartyMember.objects.count()
    response = client.post(reverse("members:add"), member_form(d, home_grid=d.cell_b1.pk))
    assert_refused(response, "home_grid", "管辖范围")
    assert PartyMember.objects.count() == before


def test_in_service_member_needs_a_work_grid(d, login):
    client = login(d.community_admin)
    assert_refused(client.post(reverse("members:add"), member_form(d, status="in_service")), "work_grid", "在职")


def test_edit_without_retyping_keeps_id_and_phone(d, login):
    client = login(d.community_admin)
    member = d.member_a1
    number = member.id_card_number
    data = member_form(d, name="张三丰", id_card="", mobile_number="", status=member.status)
    response = client.post(reverse("members:edit", args=[member.pk]), data)
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.id_card_number == number and member.mobile == "13812345678"


def test_edit_form_does_not_leak_full_numbers_to_a_masked_viewer(d, login):
    html = login(d.community_admin).get(reverse("members:edit", args=[d.member_a1.pk])).content.decode()
    assert d.member_a1.id_card_number not in html
    assert "13812345678" not in html
    assert "138****5678" in html


def test_list_masks_id_and_phone(d, login):
    html = login(d.community_admin).get(reverse("members:index")).content.decode()
    assert d.member_a1.id_card_masked in html and "138****5678" in html
    assert d.member_a1.id_card_number not in html and "13812345678" not in html


def test_unmask_permission_shows_full_numbers_and_logs_it(d, login):
    assert privacy.can_unmask(d.district_admin)
    html = login(d.district_admin).get(reverse("members:index")).content.decode()
    assert d.member_a1.id_card_number in html and "13812345678" in html
    entry = PersonalDataAccessLog.objects.get(user=d.district_admin, action="list")
    assert d.member_a1.pk in entry.member_ids


def test_export_is_masked_for_a_masked_viewer(d, login):
    response = login(d.community_admin).get(reverse("members:index"), {"export": "xlsx"})
    rows = list(openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)
    header, body = rows[0], rows[1:]
    assert "身份证号码" in header and "手机号码" in header
    by_name = {row[0]: row for row in body}
    assert by_name["张三丰"][header.index("身份证号码")] == d.member_a1.id_card_masked
    assert by_name["张三丰"][header.index("手机号码")] == "138****5678"


def test_export_escapes_spreadsheet_formulae(d, login):
    d.member_a1.work_unit = "=HYPERLINK(\"http://x\")"
    d.member_a1.save()
    response = login(d.community_admin).get(reverse("members:index"), {"export": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "'=HYPERLINK" in body


def test_csv_export_opens_in_excel_under_its_chinese_name(d, login):
    """Excel on a Chinese desktop reads a CSV without a BOM as GBK (mojibake), and a raw Chinese
    file name in the header arrives garbled."""
    from urllib.parse import quote

    response = login(d.community_admin).get(reverse("members:index"), {"export": "csv"})
    assert b"".join(response.streaming_content).startswith("\ufeff".encode())
    assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{quote('党员名册.csv')}"


def test_filters_by_grid_subtree_and_status(d, login):
    client = login(d.town_admin)
    html = client.get(reverse("members:index"), {"grid": d.comm_a2.pk}).content.decode()
    assert "李四海" in html and "张三丰" not in html
    html = client.get(reverse("members:index"), {"status": "in_service"}).content.decode()
    assert "赵六合" in html and "张三丰" not in html


def test_deleting_a_member_with_history_is_refused(d, login):
    from volunteer import services

    services.request_checkin(d.commuter, d.comm_b1, user=d.superuser)
    client = login(d.superuser)
    response = client.post(reverse("members:delete", args=[d.commuter.pk]))
    assert response.status_code == 302
    assert PartyMember.objects.filter(pk=d.commuter.pk).exists()
