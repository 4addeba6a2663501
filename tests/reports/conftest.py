import datetime
import io

import pytest
from django.core.files.storage import default_storage
from pypdf import PdfReader

from reports import services
from reports.models import ReportJob
from volunteer import services as volunteer_services
from volunteer.models import ServiceRecord


def pdf_text(job):
    job.refresh_from_db()
    assert job.status == "done", job.error
    with default_storage.open(job.file.name, "rb") as handle:
        data = handle.read()
    assert data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages), len(reader.pages)


def flat(text):
    """pypdf puts line breaks (and sometimes spaces) where WeasyPrint wrapped lines."""
    return "".join(text.split())


@pytest.fixture
def run_report(django_capture_on_commit_callbacks):
    """Request a report as `user` and run it inline (test settings run django-q2 with sync=True,
    so the task runs when the request's transaction commits)."""

    def _run(kind, params, user):
        with django_capture_on_commit_callbacks(execute=True):
            job = services.request_report(kind, params, user=user)
        return ReportJob.objects.get(pk=job.pk)

    return _run


@pytest.fixture
def serve(loop):
    """Approved service records: serve(member, hours, deed=True, days_ago=2, content=...)."""
    counter = {"n": 0}

    def _serve(member, hours=2, days_ago=2, content="帮独居老人修水管", user=None):
        counter["n"] += 1
        start = loop.now - datetime.timedelta(days=days_ago, hours=3 * counter["n"])
        record = ServiceRecord(member=member, started_at=start, ended_at=start + datetime.timedelta(hours=hours),
                               hours=hours, place="甲一路1号", content=content, activity_line="deed")
        record = volunteer_services.record_deed(record, user=user or loop.d.superuser)
        return volunteer_services.approve_record(record, user=loop.d.superuser, note="已核实")

    return _serve
