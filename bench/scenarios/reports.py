"""Reports (WeasyPrint in a worker): a ~100-page district monthly report and a batch of 500
志愿服务证明 as one job. Each job runs in a forked process, like a django-q2 worker, so its peak
RSS is its own; the floor is WeasyPrint alone rendering the same HTML."""

import datetime
import time
from decimal import Decimal

from django.utils import timezone
from stdnum.cn import ric

from bench.measure import in_forked_process, rss_mb
from reports import kinds, services
from reports.kinds import monthly
from reports.models import ReportJob, ReportKind
from reports.render import html_to_pdf, render_html
from volunteer.models import (
    ActivityLine,
    Grid,
    GridLevel,
    OrgKind,
    OrgLevel,
    PartyMember,
    PartyOrganization,
    RecordSource,
    RecordStatus,
    ServiceRecord,
)

TARGET_PAGES = 100
BATCH = 500


def _job(kind, params):
    job = ReportJob.objects.create(kind=kind, parameters=params, title=f"基准{ReportKind(kind).label}")
    return job


def _run(job_id):
    return lambda: services.run_job(job_id)


def _html(job):
    template, context = kinds.build(job, services.JobActor(job), lambda percent: None)
    return render_html(template, context)


def _timed(fn, runs):
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return sorted(samples)[len(samples) // 2] * 1000


def _certificate_org():
    """An organisation of BATCH members with approved hours (bench data, created in bulk)."""
    org = PartyOrganization.objects.filter(code="BENCH-CERT").first()
    if org and org.members.count() >= BATCH:
        return org
    grid = Grid.objects.filter(level=GridLevel.COMMUNITY).first()
    org = org or PartyOrganization.objects.create(name="基准证明党支部", code="BENCH-CERT", level=OrgLevel.BRANCH,
                                                  kind=OrgKind.COMMUNITY, grid=grid)
    members = []
    for i in range(BATCH):
        body = f"110101{datetime.date(1960, 1, 1) + datetime.timedelta(days=i):%Y%m%d}{i % 1000:03d}"
        member = PartyMember(name=f"基准党员{i}", gender="male", mobile=f"188{i:08d}", branch=org, home_grid=grid,
                             status="retired")
        member.set_id_card(body + ric.calc_check_digit(body + "0"))
        members.append(member)
    members = PartyMember.objects.bulk_create(members, batch_size=500)
    now = timezone.now() - datetime.timedelta(days=3)
    ServiceRecord.objects.bulk_create([
        ServiceRecord(member=m, grid=grid, service_date=now.date(), started_at=now, ended_at=now + datetime.timedelta(hours=2),
                      hours=Decimal(2), place="基准地点", content="基准服务：帮助独居老人打扫卫生", source=RecordSource.ADMIN,
                      status=RecordStatus.APPROVED, activity_line=ActivityLine.DEED, is_deed=True)
        for m in members], batch_size=500)
    return org


def _monthly_rows(ctx, runs):
    district = Grid.objects.get(depth=1)
    month = timezone.localdate().strftime("%Y-%m")
    members = PartyMember.objects.active().in_grid(district).count()
    # Calibrate the roster length to about TARGET_PAGES pages.
    monthly.ROSTER_LIMIT = min(members, 3300)
    job = _job(ReportKind.MONTHLY, {"grid": district.pk, "month": month})
    html = _html(job)
    pages = html_to_pdf(html)[1]
    if pages != TARGET_PAGES and pages > 3:
        monthly.ROSTER_LIMIT = min(members, int(monthly.ROSTER_LIMIT * (TARGET_PAGES - 2) / (pages - 2)))
        html = _html(job)
    queries, _ = ctx.count_queries(lambda: _html(job))
    ours = []
    peak = 0.0
    for _ in range(runs):
        # A job runs once (a finished one is not claimed again), so each timed run gets its own.
        fresh = _job(ReportKind.MONTHLY, job.parameters)
        seconds, rss, result = in_forked_process(_run(fresh.pk))
        ours.append(seconds * 1000)
        peak = max(peak, rss)
        pages = result["pages"]
    ours_ms = sorted(ours)[len(ours) // 2]
    floor_ms = _timed(lambda: html_to_pdf(html), runs)
    return [
        (f"月度报表（区级，{pages}页，worker 内）", f"{ours_ms:.0f}", f"{floor_ms:.0f}", f"{ours_ms / floor_ms:.2f}x",
         queries),
        (f"月度报表 worker 峰值内存（{pages}页）", f"{peak:.0f} MB", "—", "—", "—"),
    ]


def _certificate_rows(ctx):
    org = _certificate_org()
    job = _job(ReportKind.CERTIFICATE, {"organization": org.pk, "issuer": org.name})
    baseline = rss_mb()
    seconds, rss, result = in_forked_process(_run(job.pk))
    # Now the job's certificates exist: build the same HTML again and time WeasyPrint alone.
    html = _html(job)
    queries, _ = ctx.count_queries(lambda: _html(job))
    floor_ms = _timed(lambda: html_to_pdf(html), 1)
    ours_ms = seconds * 1000
    return [
        (f"志愿服务证明 {BATCH}份（一个任务，{result['pages']}页）", f"{ours_ms:.0f}", f"{floor_ms:.0f}",
         f"{ours_ms / floor_ms:.2f}x", queries),
        (f"志愿服务证明 {BATCH}份 worker 峰值内存", f"{rss:.0f} MB", f"起点 {baseline:.0f} MB", "—", "—"),
    ]


def run(ctx):
    # Jobs here have no requester and no scope node: the whole district, as the schedule runs them.
    runs = max(1, min(3, ctx.repeat // 10))
    return _monthly_rows(ctx, runs) + _certificate_rows(ctx)
