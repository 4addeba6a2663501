"""Reports read from the read replica when one is configured (cms/dbrouting.py), so a big report
does not load the primary; their job row, progress and certificates are written to the primary.
The replica here is Django's test mirror of the primary: another connection to the same data."""

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.reports.conftest import flat, pdf_text

pytestmark = [pytest.mark.django_db(transaction=True, databases=["default", "replica"]),
              pytest.mark.usefixtures("migrated_data")]


def captured(run):
    with CaptureQueriesContext(connections["replica"]) as replica, \
            CaptureQueriesContext(connections["default"]) as primary:
        job = run()
    return job, [q["sql"] for q in replica], [q["sql"] for q in primary]


def test_a_read_only_report_reads_from_the_replica_and_writes_to_the_primary(loop, serve, run_report, settings):
    settings.REPORTS_READ_FROM_REPLICA = True
    d = loop.d
    serve(loop.volunteers[0])
    job, on_replica, on_primary = captured(lambda: run_report(
        "coverage", {"organization": d.org_a1.pk, "year": timezone.localdate().year}, d.community_admin))
    compact = flat(pdf_text(job)[0])
    assert "陈二" in compact and "陈一" not in compact  # the same answer as from the primary
    assert any("volunteer_servicerecord" in sql for sql in on_replica)
    assert not any(sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")) for sql in on_replica)
    assert not any("volunteer_servicerecord" in sql for sql in on_primary)
    assert any(sql.lstrip().upper().startswith("UPDATE") and "reports_reportjob" in sql for sql in on_primary)


def test_certificates_are_numbered_on_the_primary_even_with_a_replica(loop, serve, run_report, settings):
    settings.REPORTS_READ_FROM_REPLICA = True
    d = loop.d
    serve(d.member_a1)
    job, on_replica, _ = captured(lambda: run_report("certificate", {"member": d.member_a1.pk}, d.community_admin))
    assert "志愿服务证明" in flat(pdf_text(job)[0])
    assert on_replica == []


def test_without_a_replica_reports_read_from_the_primary(loop, serve, run_report, settings):
    settings.REPORTS_READ_FROM_REPLICA = False
    d = loop.d
    serve(loop.volunteers[0])
    job, on_replica, on_primary = captured(lambda: run_report(
        "coverage", {"organization": d.org_a1.pk, "year": timezone.localdate().year}, d.community_admin))
    assert "陈二" in flat(pdf_text(job)[0])
    assert on_replica == [] and any("volunteer_servicerecord" in sql for sql in on_primary)
