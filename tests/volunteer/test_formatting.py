"""Figures and times as people write them, on every screen, export and PDF: hours "1.5 小时",
points "12.00", percentages "83.5%", times in Asia/Shanghai, absolute, to the minute."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from tests.factories import MemberFactory
from volunteer import formatting, services
from volunteer.models import CommunityCheckin, MemberStatus, RecordStatus, ServiceRecord

SHANGHAI = timezone.get_fixed_timezone(8 * 60)


# --- the helpers -------------------------------------------------------------------------------


@pytest.mark.parametrize("value, expected", [
    (Decimal("0.0100000000000000"), "0.01 小时"),  # a Sum over SQLite
    (Decimal("1.50"), "1.5 小时"), (Decimal("2.00"), "2 小时"), (2, "2 小时"), (0.25, "0.25 小时"),
    (Decimal("1234.555"), "1234.56 小时"), (None, "—"),
])
def test_hours(value, expected):
    assert formatting.hours(value) == expected


def test_hours_value_points_and_percentages():
    assert formatting.hours_value(Decimal("3.50")) == "3.5"
    assert formatting.points(12) == "12.00" and formatting.points(Decimal("7.5")) == "7.50"
    assert formatting.points(Decimal("-15")) == "-15.00"
    assert formatting.percentage(83.456) == "83.5%" and formatting.percentage("50.0%") == "50.0%"
    assert formatting.percent(1, 3) == "33.3%" and formatting.percent(0, 0) == "—"
    assert formatting.percent(2.5, 10) == "25.0%"


def test_times_are_shanghai_absolute_to_the_minute():
    this_year = timezone.localdate().year
    moment = datetime.datetime(this_year, 12, 4, 18, 49, 59, 877743, tzinfo=datetime.timezone.utc)
    assert formatting.local_datetime(moment) == "12月5日 02:49"
    assert formatting.local_datetime(moment, with_year=True) == f"{this_year}年12月5日 02:49"
    assert formatting.local_date(moment) == "12月5日"
    earlier = datetime.datetime(2024, 3, 1, 6, 0, tzinfo=datetime.timezone.utc)
    assert formatting.local_datetime(earlier) == "2024年3月1日 14:00"
    assert formatting.local_date(datetime.date(2024, 3, 1)) == "2024年3月1日"
    assert formatting.export_datetime(moment) == f"{this_year}-12-05 02:49"
    assert formatting.display(moment) == "12月5日 02:49"


def test_the_template_filters_are_builtins():
    html = Template("{{ h|hours }}|{{ p|points }}|{{ r|percentage }}|{{ t|local_datetime }}|{{ t|full_date }}").render(
        Context({"h": Decimal("0.0100000000000000"), "p": 3, "r": 12.34,
                 "t": datetime.datetime(2025, 6, 1, 1, 0, tzinfo=datetime.timezone.utc)}))
    assert html == "0.01 小时|3.00|12.3%|2025年6月1日 09:00|2025年6月1日"


# --- screens, exports, PDFs --------------------------------------------------------------------


def approved_record(loop, member, hours, days_ago=1):
    start = timezone.now().replace(second=0, microsecond=0) - datetime.timedelta(days=days_ago)
    record = services.record_deed(ServiceRecord(member=member, started_at=start, ended_at=start + datetime.timedelta(hours=1),
                                                hours=hours, place="小区", content="送药上门", activity_line="deed"),
                                  user=member.user)
    ServiceRecord.objects.filter(pk=record.pk).update(status=RecordStatus.APPROVED)
    return record


def test_the_portal_shows_hours_as_people_write_them(loop, client):
    member = loop.volunteers[0]
    approved_record(loop, member, Decimal("0.01"))
    approved_record(loop, member, Decimal("1.50"), days_ago=2)
    client.force_login(member.user)
    html = client.get(reverse("portal:records")).content.decode()
    assert "<strong>1.51</strong>" in html and "已认定时长（小时）" in html
    assert "1.5 小时" in html and "0.01 小时" in html
    assert "0.0100000000000000" not in html and "1.50 小时" not in html


def test_an_activity_label_is_in_shanghai_time(loop):
    starts = datetime.datetime(2030, 12, 5, 6, 0, tzinfo=datetime.timezone.utc)  # 14:00 in Shanghai
    activity = loop.activity(loop.project(), starts=starts)
    assert str(activity) == "上门维修（2030年12月5日 14:00）"


def test_admin_listings_show_absolute_local_dates_not_time_ago(loop, login):
    started = timezone.now().replace(second=0, microsecond=0) - datetime.timedelta(days=5, hours=23)
    activity = loop.activity(loop.project(), starts=started, title="楼道清洁")
    record = approved_record(loop, loop.volunteers[0], Decimal("2.50"), days_ago=0)
    client = login(loop.d.district_admin)
    activities = client.get(reverse("activities:index")).content.decode()
    # The 开始时间 cell itself (not only the activity's label) is the absolute Shanghai time.
    assert f'">{formatting.local_datetime(activity.starts_at)}</time>' in activities
    assert "之前" not in activities and "之后" not in activities
    records = client.get(reverse("records:index")).content.decode()
    assert formatting.local_date(record.service_date) in records and "之前" not in records
    assert "<td>2.5</td>" in " ".join(records.split()).replace("<td > ", "<td>").replace(" </td>", "</td>")


@pytest.fixture
def checkin(d):
    worker = MemberFactory(name="孙八方", home_grid=d.cell_a1, work_grid=d.town_b, branch=d.company_b,
                           status=MemberStatus.IN_SERVICE)
    checkin = services.request_checkin(worker, d.comm_a1, user=d.community_admin)
    requested = datetime.datetime(2026, 12, 4, 18, 49, 59, 877743, tzinfo=datetime.timezone.utc)
    CommunityCheckin.objects.filter(pk=checkin.pk).update(requested_at=requested)
    checkin.refresh_from_db()
    return checkin


def test_the_checkin_decision_page_shows_shanghai_time(d, checkin, login):
    html = login(d.community_admin).get(reverse("checkins:decide", args=[checkin.pk])).content.decode()
    assert formatting.local_datetime(checkin.requested_at) in html  # 12月5日 02:49
    assert "+00:00" not in html and "18:49:59" not in html


def test_exports_write_shanghai_time_to_the_minute(d, checkin, login):
    client = login(d.community_admin)
    response = client.get(reverse("checkins:index"), {"export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][3] == "申请时间" and rows[1][3] == "2026-12-05 02:49"
    response = client.get(reverse("checkins:index"), {"export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.cell(2, 4).value == datetime.datetime(2026, 12, 5, 2, 49)


def test_a_records_export_writes_hours_without_trailing_zeros(loop, login):
    approved_record(loop, loop.volunteers[0], Decimal("2.50"))
    response = login(loop.d.district_admin).get(reverse("records:index"), {"export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][2] == "服务时长（小时）" and rows[1][2] == "2.5"


def test_balances_are_written_in_their_unit(loop, login):
    from volunteer.models import Account, EntryKind, Unit

    member = loop.volunteers[0]
    services.post(member, Unit.TIME, Decimal("1.5"), kind=EntryKind.DEPOSIT, source="test", key="fmt:deposit",
                  operator=loop.d.superuser)
    account = Account.objects.get(member=member, unit=Unit.TIME)
    client = login(loop.d.district_admin)
    listing = client.get(reverse("accounts:index")).content.decode()
    assert "1.5 小时" in listing and "1.50" not in listing
    statement = client.get(reverse("accounts:statement", args=[account.pk]), follow=True).content.decode()
    assert "1.5 小时" in statement and "+1.5<" in statement.replace("</td>", "<")


def test_the_portal_writes_an_activity_time_as_people_do(loop, client):
    starts = timezone.make_aware(datetime.datetime(timezone.localdate().year + 1, 3, 5, 9, 0))
    activity = loop.activity(loop.project(), starts=starts, signup_opens_at=timezone.now() - datetime.timedelta(days=1),
                             signup_closes_at=starts - datetime.timedelta(hours=1))
    member = loop.volunteers[0]
    services.sign_up(activity, member, user=member.user)
    client.force_login(member.user)
    html = client.get(reverse("portal:orders")).content.decode()
    assert f"{starts.year}年3月5日 09:00–11:00" in html and "03月05日" not in html
