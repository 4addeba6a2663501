"""Service records from a staff sheet or a partner platform's export: matched to the roster by ID
number, checked against the name, placed in the importer's grid, waiting for approval; the same
file twice adds nothing (O6)."""

import datetime
import io

from django.utils import timezone
from openpyxl import Workbook

from volunteer.models import RecordSource, RecordStatus, ServiceRecord
from volunteer.resources import RecordResource


def sheet(rows, header=("志愿者姓名", "证件号码", "服务开始时间", "服务结束时间", "服务时长（小时）", "服务地点", "服务内容",
                        "项目名称")):
    book = Workbook()
    ws = book.active
    ws.append(["常州志愿者心网 服务时长导出"])
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_partner_records_import_once_and_wait_for_approval(loop):
    d = loop.d
    chen = loop.volunteers[0]
    activity = loop.activity(loop.project())
    day = timezone.localtime(activity.starts_at)
    rows = [
        (chen.name, chen.id_card_number, day.strftime("%Y/%m/%d %H:%M"),
         (day + datetime.timedelta(hours=2)).strftime("%Y/%m/%d %H:%M"), "2", "甲一路", "义诊引导", activity.title),
        (d.member_a1.name, d.member_a1.id_card_number.lower(), "2026年10月1日 9:00", "2026年10月1日 11:30", "",
         "甲一社区", "上门为独居老人理发", ""),
    ]
    content = sheet(rows)
    report = RecordResource().run(content, "心网导出.xlsx", user=d.community_admin, commit=True)
    assert report.messages() == [] and report.new == 2
    on_activity = ServiceRecord.objects.get(member=chen)
    assert on_activity.activity == activity and on_activity.hours == 2 and on_activity.source == RecordSource.IMPORT
    assert on_activity.status == RecordStatus.PENDING
    haircut = ServiceRecord.objects.get(member=d.member_a1)
    assert haircut.hours == 2.5 and haircut.grid == d.cell_a1 and haircut.service_date == datetime.date(2026, 10, 1)

    again = RecordResource().run(content, "心网导出.xlsx", user=d.community_admin, commit=True)
    assert again.messages() == [] and (again.new, again.skipped) == (0, 2)
    assert ServiceRecord.objects.count() == 2


def test_a_partner_row_for_someone_else_is_refused_by_row_and_nothing_is_imported(loop):
    d = loop.d
    rows = [
        (d.member_a1.name, d.member_a1.id_card_number, "2026-10-01 09:00", "2026-10-01 10:00", "1", "甲一", "理发", ""),
        ("李四", d.member_a1.id_card_number, "2026-10-02 09:00", "2026-10-02 10:00", "1", "甲一", "理发", ""),
        (d.member_b1.name, d.member_b1.id_card_number, "2026-10-02 09:00", "2026-10-02 10:00", "1", "乙一", "理发", ""),
        (d.member_a1.name, d.member_a1.id_card_number, "2026-10-03 09:00", "2026-10-03 08:00", "", "甲一", "理发", "不存在的活动"),
    ]
    report = RecordResource().run(sheet(rows), "x.xlsx", user=d.community_admin, commit=True)
    assert not report.committed and ServiceRecord.objects.count() == 0
    messages = report.messages()
    assert "第 4 行“身份证号”：姓名“李四”与名册中该身份证号的党员“张三丰”不符" in messages
    assert any(m.startswith("第 5 行“身份证号”：身份证号 320412…") and "不在您的管辖范围内" in m for m in messages)
    assert any(m.startswith("第 6 行“活动名称”：2026年10月03日没有名为“不存在的活动”的活动") for m in messages)
