"""Partner exchange (M4): records and projects leave in the national system's layout, scoped and
masked unless the viewer may see full numbers (then logged); a partner file of records we already
hold comes back in as all skipped (O6)."""

import datetime
import io

from openpyxl import load_workbook

from volunteer import services
from volunteer.exchange import PROJECT_COLUMNS, RECORD_COLUMNS
from volunteer.models import PersonalDataAccessLog, ServiceRecord
from volunteer.resources import RecordResource


def approved_records(loop):
    start = loop.now - datetime.timedelta(days=2)
    for i, member in enumerate(loop.volunteers[:2]):
        record = services.record_deed(ServiceRecord(member=member, started_at=start + datetime.timedelta(hours=3 * i),
                                                    ended_at=start + datetime.timedelta(hours=3 * i + 2), hours=2,
                                                    place="甲一路", content=f"服务{i}", activity_line="deed"),
                                      user=member.user)
        services.approve_record(record, user=loop.d.community_admin)


def rows_of(response):
    return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))


def test_records_round_trip_through_the_partner_layout_without_duplicates(loop, login):
    approved_records(loop)
    d = loop.d
    response = login(d.district_admin).get("/admin/exchange/records.xlsx")
    rows = rows_of(response)
    assert list(rows[0]) == RECORD_COLUMNS and len(rows) == 3
    assert rows[1][3] == loop.volunteers[0].id_card_number  # full number: the district may see it
    assert PersonalDataAccessLog.objects.filter(user=d.district_admin, action="partner_export").count() == 1

    report = RecordResource().run(response.content, "回传.xlsx", user=d.district_admin, commit=True)
    assert report.messages() == [] and (report.new, report.skipped) == (0, 2)
    assert ServiceRecord.objects.count() == 2


def test_community_admins_export_masked_numbers_and_only_their_scope(loop, login):
    approved_records(loop)
    loop.project()
    d = loop.d
    rows = rows_of(login(d.community_admin).get("/admin/exchange/records.xlsx"))
    assert len(rows) == 3 and rows[1][3] == loop.volunteers[0].id_card_masked
    assert not rows_of(login(d.other_community_admin).get("/admin/exchange/records.xlsx"))[1:]
    projects = rows_of(login(d.community_admin).get("/admin/exchange/projects.xlsx"))
    assert list(projects[0]) == PROJECT_COLUMNS and len(projects) == 2  # the loop's one project


def test_the_exchange_page_is_for_admins(loop, login):
    assert login(loop.d.community_admin).get("/admin/exchange/").status_code == 200
    assert login(loop.volunteers[0].user).get("/admin/exchange/").status_code in (302, 403)
