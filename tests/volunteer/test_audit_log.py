"""操作日志: every ledger and admin action leaves one entry (Wagtail's ModelLogEntry) naming who did
it, in the transaction that made the change; district admins search it; no entry holds a full
ID-card or mobile number."""

import datetime
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from openpyxl import Workbook
from wagtail.models import ModelLogEntry

from reports import services as report_services
from tests.factories import make_id_card
from volunteer import services
from volunteer.audit_log import scrub
from volunteer.models import (
    EntryKind,
    PartyMember,
    PointKind,
    PointsRule,
    Reward,
    ServicePoint,
    ServiceRecord,
    Unit,
)
from volunteer.resources import MemberResource

ID_OR_MOBILE = re.compile(r"(?<![0-9])([1-9][0-9]{16}[0-9Xx]|1[3-9][0-9]{9})(?![0-9])")


def logged(action, **filters):
    return list(ModelLogEntry.objects.filter(action=action, **filters).order_by("pk"))


def description(entry):
    return entry.data["description"]


def listed(client, **params):
    response = client.get(reverse("audit_log"), params)
    assert response.status_code == 200
    return response.context["object_list"]


@pytest.fixture(autouse=True)
def no_full_numbers_in_the_log(db):
    """Whatever a test did, no entry's label or data carries a full ID-card or mobile number."""
    yield
    for entry in ModelLogEntry.objects.all():
        text = f"{entry.label} {entry.data}"
        assert not ID_OR_MOBILE.search(text), text


@pytest.fixture
def store(d):
    return ServicePoint.objects.create(name="甲一爱心超市", kind=PointKind.SERVICE_POINT, grid=d.comm_a1, address="甲一路2号")


@pytest.fixture
def rice(d, store):
    item = Reward.objects.create(name="大米5斤", points_price=20, store=store)
    services.restock(item, 10, user=d.community_admin, key="stock:rice")
    item.refresh_from_db()
    return item


def give(member, amount, key, **kwargs):
    return services.post(member, Unit.POINTS, amount, kind=EntryKind.ADJUST, source="test", key=key, **kwargs)


def test_a_redemption_and_its_cancellation_are_each_one_entry_with_the_operator(d, store, rice, login):
    give(d.member_a1, 100, "opening")
    redemption = services.redeem(d.member_a1, store, [(rice, 2)], user=d.community_admin, key="basket-1")
    again = services.redeem(d.member_a1, store, [(rice, 2)], user=d.community_admin, key="basket-1")
    assert again.pk == redemption.pk
    [entry] = logged("volunteer.market.redeem")
    assert entry.user == d.community_admin and entry.object_id == str(redemption.pk)
    assert description(entry) == "张三丰 在 甲一爱心超市 兑换 大米5斤×2，共 40.00 积分"
    assert logged("volunteer.ledger.redeem") == []  # the basket's ledger line is part of that entry
    services.cancel_redemption(redemption, user=d.district_admin, reason="顾客退货")
    [cancel] = logged("volunteer.market.cancel")
    assert cancel.user == d.district_admin and "退回 40.00 积分" in description(cancel) and "顾客退货" in description(cancel)
    [restock] = logged("volunteer.market.restock")
    assert restock.user == d.community_admin and description(restock) == "大米5斤 入库 +10，库存 10"
    assert [e.pk for e in listed(login(d.district_admin), q="大米")] == [entry.pk, restock.pk]


def test_a_points_award_approved_in_the_admin_is_logged_with_the_approver(loop, login):
    member, admin = loop.volunteers[0], loop.d.community_admin
    start = loop.now - datetime.timedelta(days=1)
    record = services.record_deed(ServiceRecord(member=member, started_at=start, ended_at=start + datetime.timedelta(hours=2),
                                                hours=2, place="小区", content="陪诊", activity_line="deed"),
                                  user=member.user)
    response = login(admin).post(reverse("records:decide", args=[record.pk]), {"action": "approve", "note": "现场核实"})
    assert response.status_code == 302
    [award] = logged("volunteer.ledger.award")
    assert award.user == admin and description(award).startswith("陈一 积分奖励 +30.00 积分，余额 30.00")
    [approval] = logged("volunteer.process")
    assert approval.user == admin and approval.object_id == str(record.pk)
    assert description(approval).startswith("审核通过“陈一") and "现场核实" in description(approval)
    assert len(logged("volunteer.ledger.deposit")) == 1  # the time-bank hours are their own entry
    # Awarding again is an idempotent replay: nothing new in the ledger, nothing new in the log.
    record.refresh_from_db()
    services.award_for_record(record, user=admin)
    assert len(logged("volunteer.ledger.award")) == 1


def test_an_expiry_is_logged_once_per_lot_by_the_system(d):
    give(d.member_a1, 15, "lot", expires_on=datetime.date(2026, 6, 30))
    assert services.expire_points(today=datetime.date(2026, 7, 1)) == 1
    assert services.expire_points(today=datetime.date(2026, 7, 2)) == 0
    [expiry] = logged("volunteer.ledger.expire")
    assert expiry.user is None and expiry.user_display_name == "系统"
    assert description(expiry) == "张三丰 积分过期 -15.00 积分，余额 0.00：2026年6月30日 到期"


def test_a_member_edit_in_the_admin_names_the_changed_fields_but_not_their_values(d, login):
    new_id, new_mobile = make_id_card("320483", seq=778), "13900002222"
    data = {"name": "张三丰", "gender": "male", "id_card": new_id, "mobile_number": new_mobile,
            "branch": d.org_a1.pk, "status": d.member_a1.status, "home_grid": d.cell_a1.pk, "work_grid": "",
            "work_unit": "甲一物业", "is_active": "on"}
    response = login(d.community_admin).post(reverse("members:edit", args=[d.member_a1.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    [edit] = logged("wagtail.edit")
    assert edit.user == d.community_admin and edit.object_id == str(d.member_a1.pk) and edit.label == "张三丰"
    assert description(edit).startswith("修改党员“张三丰”：")
    assert {"身份证号码", "手机号码", "工作单位"} <= set(description(edit).split("：", 1)[1].split("、"))
    assert new_id not in str(edit.data) and new_mobile not in str(edit.data)


def test_revoking_a_certificate_in_the_admin_is_logged_and_masks_numbers_in_the_reason(d, login):
    certificate = report_services.issue_certificate(d.member_a1, dict(hours=1, records=1, issuer="甲一社区党支部"),
                                                    grid=d.comm_a1)
    id_number = d.member_a1.id_card_number
    reason = f"重复出具，身份证 {id_number}，联系 13812345678"
    login(d.community_admin).post(reverse("reports:revoke", args=[certificate.pk]), {"reason": reason})
    certificate.refresh_from_db()
    assert certificate.is_revoked
    [entry] = logged("reports.revoke_certificate")
    assert entry.user == d.community_admin and entry.object_id == str(certificate.pk)
    assert certificate.number in description(entry) and "138****5678" in description(entry)
    assert id_number not in description(entry) and id_number[:6] + "********" + id_number[-4:] in description(entry)


def test_report_requests_and_imports_are_logged(d):
    job = report_services.request_report("certificate", {"member": d.member_a1.pk}, user=d.community_admin)
    [request] = logged("reports.request")
    assert request.user == d.community_admin and request.object_id == str(job.pk)
    book = Workbook()
    book.active.append(["姓名", "身份证号", "手机号", "所在党支部", "居住地网格", "党员状态"])
    book.active.append(["孙立新", make_id_card(seq=901), "13700009999", "甲一社区党支部", "T-A-1-1", "离退休"])
    content = io.BytesIO()
    book.save(content)
    MemberResource().run(content.getvalue(), "roster.xlsx", user=d.community_admin, commit=False)
    assert logged("volunteer.import") == []  # a dry run changes nothing and logs nothing
    report = MemberResource().run(content.getvalue(), "roster.xlsx", user=d.community_admin, commit=True)
    assert report.committed
    [entry] = logged("volunteer.import")
    assert entry.user == d.community_admin and entry.content_type.model_class() is PartyMember
    assert description(entry) == "党员名册导入“roster.xlsx”：共 1 行，新增 1，更新 0，未变化 0"


def test_a_rolled_back_operation_logs_nothing(d, store, rice, login):
    before = ModelLogEntry.objects.count()
    give(d.member_a1, 10, "small")
    with pytest.raises(ValidationError):  # 40 points needed, 10 held: stock and basket roll back
        services.redeem(d.member_a1, store, [(rice, 2)], user=d.community_admin, key="too-much")
    assert logged("volunteer.market.redeem") == []
    with pytest.raises(RuntimeError), transaction.atomic():
        give(d.member_a1, 5, "undone")
        raise RuntimeError("the caller's transaction fails after the entry was written")
    assert ModelLogEntry.objects.count() == before + 1  # only the first top-up
    # A delete the service refuses leaves no entry either.
    login(d.town_admin).post(reverse("grid:delete", args=[d.cell_a2.pk]))
    assert logged("wagtail.delete") == []


def test_idempotent_replays_log_once(d, rice):
    member = d.member_a1
    assert give(member, 10, "same-key").pk == give(member, 10, "same-key").pk
    services.restock(rice, 3, user=d.community_admin, key="restock-2")
    services.restock(rice, 3, user=d.community_admin, key="restock-2")
    services.post(member, Unit.TIME, 5, kind=EntryKind.DEPOSIT, source="test", key="hours")
    for _ in range(2):
        services.withdraw_time(member, 2, user=d.community_admin, note="为父亲理发", key="withdraw-1")
    assert len(logged("volunteer.ledger.adjust")) == 1
    assert len(logged("volunteer.market.restock")) == 2  # the fixture's and this one
    [withdrawal] = logged("volunteer.ledger.withdraw")
    assert withdrawal.user == d.community_admin and "为父亲理发" in description(withdrawal)


def test_search_finds_a_chinese_word_inside_a_longer_description(d, login):
    rule = services.publish_rule(PointsRule(name="爱心超市积分兑换规则"), user=d.superuser)
    give(d.member_a2, 10, "other")
    client = login(d.district_admin)
    [entry] = logged("volunteer.ledger.publish_rule")
    assert description(entry) == f"发布积分规则 v{rule.version}“爱心超市积分兑换规则”"
    assert [e.pk for e in listed(client, q="积分兑换")] == [entry.pk]
    assert [e.pk for e in listed(client, q="李四海")] == [e.pk for e in logged("volunteer.ledger.adjust")]
    assert {e.pk for e in listed(client, q="root")} == {entry.pk}  # the acting user's name
    assert [e.action for e in listed(client, action="volunteer.ledger.adjust")] == ["volunteer.ledger.adjust"]
    assert [e.pk for e in listed(client, user=d.superuser.pk)] == [entry.pk]
    today = datetime.date.today()
    assert len(listed(client, timestamp_from=today - datetime.timedelta(days=1))) == 2
    assert listed(client, timestamp_to=today - datetime.timedelta(days=2)) == []


def test_the_log_exports_to_csv_with_formulae_escaped(d, login):
    services.restock(Reward.objects.create(name="=HYPERLINK(1)", points_price=1,
                                           store=ServicePoint.objects.create(name="超市", kind=PointKind.SERVICE_POINT,
                                                                             grid=d.comm_a1, address="x")),
                     2, user=d.community_admin, key="k")
    response = login(d.district_admin).get(reverse("audit_log"), {"export": "csv"})
    assert response["Content-Disposition"].startswith("attachment; filename*=utf-8''%E6%93%8D%E4%BD%9C")
    text = b"".join(response.streaming_content).decode()
    assert text.splitlines()[0] == "\ufeff时间,操作人,操作,对象类型,对象,说明"  # with a BOM for Excel
    assert "爱心超市入库盘点" in text and "'=HYPERLINK(1) 入库 +2，库存 2" in text


def test_only_whole_district_readers_open_the_log(d, login):
    services.save_member(PartyMember.objects.get(pk=d.member_b1.pk), user=d.district_admin)
    give(d.member_b1, 10, "b1")
    for user in (d.district_admin, d.superuser):
        client = login(user)
        assert client.get(reverse("audit_log")).status_code == 200
        assert reverse("audit_log") in client.get(reverse("wagtailadmin_home")).content.decode()  # the menu item
    for user in (d.town_admin, d.community_admin):
        client = login(user)
        # Wagtail answers a refused admin page with a redirect to the dashboard and its "no
        # permission" message; the AJAX results view (and any XHR) gets the bare 403.
        refused = client.get(reverse("audit_log"))
        assert refused.status_code == 302 and refused.url == reverse("wagtailadmin_home")
        xhr = {"headers": {"x-requested-with": "XMLHttpRequest"}}
        assert client.get(reverse("audit_log"), **xhr).status_code == 403
        assert client.get(reverse("audit_log_results"), **xhr).status_code == 403
        assert reverse("audit_log") not in client.get(reverse("wagtailadmin_home")).content.decode()
        # Wagtail's own 站点历史 shows them page entries only, not 王五岳 of another town.
        history = client.get(reverse("wagtailadmin_reports:site_history")).content.decode()
        assert "王五岳" not in history
        # …nor, in its filters, the names of admins who acted elsewhere.
        assert d.district_admin.get_full_name() not in history
    assert "王五岳" in login(d.district_admin).get(reverse("wagtailadmin_reports:site_history")).content.decode()


def test_scrub_masks_id_and_mobile_numbers_only():
    assert scrub("电话13812345678，证件110101199003070011。") == "电话138****5678，证件110101********0011。"
    assert scrub("订单 202501011234567890123 与 0512-12345678 不动") == "订单 202501011234567890123 与 0512-12345678 不动"
    assert scrub(42) == 42


def test_every_ledger_kind_has_a_registered_action():
    # An unregistered action would fail the operation it logs (Wagtail validates the action).
    from wagtail.log_actions import registry

    assert all(registry.action_exists(f"volunteer.ledger.{kind}") for kind in EntryKind.values)


def test_the_log_page_reads_in_a_fixed_number_of_queries_however_many_entries_and_users(d, login):
    """Each row shows its user (name and avatar): loaded with the rows, not one query per row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(d.district_admin)
    give(d.member_a1, 5, "first", operator=d.community_admin)
    client.get(reverse("audit_log"))
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("audit_log")).status_code == 200
    for i, user in enumerate([d.town_admin, d.district_admin, d.superuser] * 5):
        give(d.member_a1, 1, f"more-{i}", operator=user)
    with CaptureQueriesContext(connection) as many:
        assert client.get(reverse("audit_log")).status_code == 200
    assert len(many) == len(few)
