"""Report operations: request, run, retry, sweep; 志愿服务证明 numbers, issue and revoke.
Views, tasks and tests call these; errors are Chinese ValidationErrors naming the field.

ReportJob is the truth, not the broker: a run is idempotent (the file has one name per job and is
replaced; certificates are found again by (job, member)), so a retry or a re-queue after a dead
worker never duplicates anything."""

import contextlib
import datetime
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.text import slugify
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from cms.dbrouting import reads_from_replica
from reports import params as report_params
from reports.models import Certificate, CertificateCounter, JobStatus, ReportJob, ReportKind
from volunteer import audit_log, scope
from volunteer.models import Grid, GridLevel

logger = logging.getLogger(__name__)
TASK = "reports.tasks.run_report_job"
MAX_ATTEMPTS = settings.Q_CLUSTER.get("max_attempts", 3)
# A job running longer than the broker's timeout (plus a margin) has lost its worker.
STUCK_AFTER = datetime.timedelta(seconds=settings.Q_CLUSTER.get("timeout", 300) + 60)
# A queued job the broker never delivered (Redis has no receipts) is queued again after this.
UNDELIVERED_AFTER = datetime.timedelta(seconds=settings.Q_CLUSTER.get("retry", 360) * 2)


class JobActor:
    """Stands in for the requester while a job runs: sees exactly the scope stored on the job,
    so `scope.restrict()` cuts every report query the same way it cut the request."""

    is_authenticated = True
    is_superuser = False
    pk = None

    def __init__(self, job):
        self._dy365_scope = scope.Scope(node=job.scope_grid) if job.scope_grid_id else scope.Scope(everything=True)

    def has_perm(self, perm):
        return True


def scope_node_for(user):
    current = scope.scope_for(user)
    if current.everything:
        return None
    if current.node is None:
        raise ValidationError({"kind": "您没有管辖范围，不能生成报表"})
    return current.node


# Shown on a queued job whose task the broker did not take; the sweeper sends it again.
UNDELIVERED_NOTE = "任务队列暂时不可用，任务已登记，恢复后将自动排队"


# What an unreachable broker raises: Redis refusing or timing out, the socket itself, or the
# database when the ORM broker is used.
BROKER_UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OSError, OperationalError, InterfaceError)


def _send(job_id):
    """Hand the job to the broker. A broker that is down (Redis stopped) must not fail the request
    that created the job, whose row is already committed: the job stays QUEUED with a note and
    `sweep_stuck_jobs` sends it again once the broker answers. Returns whether it was sent."""
    from django_q.tasks import async_task

    try:
        async_task(TASK, job_id, group="reports", task_name=f"报表任务{job_id}")
    except BROKER_UNAVAILABLE as error:  # the job row is the truth, the sweeper retries
        logger.warning("report job %s not queued, broker unavailable (%s: %s); the sweeper will queue it again",
                       job_id, type(error).__name__, error)
        try:
            ReportJob.objects.filter(pk=job_id, status=JobStatus.QUEUED, started_at__isnull=True).update(
                error=UNDELIVERED_NOTE)
        except Exception:  # the database is failing too: the age-based sweep still finds the job
            logger.exception("report job %s: could not record the undelivered note", job_id)
        return False
    except Exception as error:  # not an outage but a fault of ours: say so on the job, do not retry forever
        logger.exception("report job %s could not be queued", job_id)
        ReportJob.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
            status=JobStatus.FAILED, finished_at=timezone.now(),
            error=f"任务无法排队（{type(error).__name__}: {error}），请联系系统管理员"[:2000])
        return False
    try:
        ReportJob.objects.filter(pk=job_id, error=UNDELIVERED_NOTE).update(error="")
    except Exception:
        logger.exception("report job %s: could not clear the undelivered note", job_id)
    return True


def _enqueue(job):
    # After commit: a worker must never pick up a job whose row it cannot see yet.
    job_id = job.pk
    transaction.on_commit(lambda: _send(job_id))


@transaction.atomic
def request_report(kind, raw_params, *, user):
    """Check the parameters against the user's scope and queue a job."""
    cleaned = report_params.clean(kind, raw_params, user)
    job = ReportJob.objects.create(kind=kind, parameters=cleaned, title=report_params.describe(kind, cleaned)[:200],
                                   scope_grid=scope_node_for(user), requester=scope.user_or_none(user))
    audit_log.record("reports.request", job, user, f"申请{job.get_kind_display()}：{job}", kind=job.kind)
    _enqueue(job)
    return job


@transaction.atomic
def retry_job(job, *, user):
    job = ReportJob.objects.select_for_update().get(pk=job.pk)
    if not scope.is_visible(user, job):
        raise ValidationError({"job": "该报表任务不在您的管辖范围内"})
    if job.status != JobStatus.FAILED:
        raise ValidationError({"job": f"只有失败的任务可以重试（当前状态：{job.get_status_display()}）"})
    ReportJob.objects.filter(pk=job.pk).update(status=JobStatus.QUEUED, progress=0, error="", attempts=0,
                                               started_at=None, finished_at=None)
    audit_log.record("reports.retry", job, user, f"重试失败的报表任务：{job}", kind=job.kind)
    _enqueue(job)
    job.refresh_from_db()
    return job


def set_progress(job, percent):
    """Autocommitted so the admin's progress bar moves while the job runs."""
    percent = max(0, min(99, int(percent)))
    ReportJob.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(progress=percent)
    job.progress = percent


def _claim(job_id):
    with transaction.atomic():
        job = ReportJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status == JobStatus.DONE:
            return None  # deleted, or a duplicate delivery of a finished job
        job.status, job.progress, job.error = JobStatus.RUNNING, 0, ""
        job.attempts = F("attempts") + 1
        job.started_at, job.finished_at = timezone.now(), None
        job.save(update_fields=["status", "progress", "error", "attempts", "started_at", "finished_at"])
    job.refresh_from_db()
    return job


def file_name(job):
    slug = slugify(job.title or job.kind, allow_unicode=True)[:80] or job.kind
    return f"reports/{job.pk}/{slug}.pdf"


def _store(job, pdf):
    """One name per job; a second attempt replaces the first attempt's file."""
    name = file_name(job)
    if default_storage.exists(name):
        default_storage.delete(name)
    saved = default_storage.save(name, ContentFile(pdf))
    # Anything else in the job's folder came from an attempt under an older title: remove it.
    folder = f"reports/{job.pk}"
    _, files = default_storage.listdir(folder)
    for other in files:
        if f"{folder}/{other}" != saved:
            default_storage.delete(f"{folder}/{other}")
    return saved


def run_job(job_id):
    """The task body: render the job's kind under the job's scope and store the PDF."""
    from reports.kinds import build

    job = _claim(job_id)
    if job is None:
        return None
    try:
        from reports.kinds import WRITING_KINDS
        from reports.render import render_pdf

        # Read-only kinds read from the replica when there is one (cms/dbrouting.py); progress,
        # the file and the job's status are written to the primary as always.
        reading = contextlib.nullcontext() if job.kind in WRITING_KINDS else reads_from_replica()
        with reading:
            template, context = build(job, JobActor(job), lambda percent: set_progress(job, percent))
            set_progress(job, 90)
            pdf, pages = render_pdf(template, context)
        name = _store(job, pdf)
    except Exception as error:  # every failure is shown on the job, in Chinese where we wrote it
        message = "；".join(error.messages) if isinstance(error, ValidationError) else f"{type(error).__name__}: {error}"
        logger.exception("report job %s failed", job_id)
        ReportJob.objects.filter(pk=job.pk).update(status=JobStatus.FAILED, error=message[:2000],
                                                   finished_at=timezone.now())
        return {"job": job.pk, "status": JobStatus.FAILED}
    ReportJob.objects.filter(pk=job.pk).update(status=JobStatus.DONE, progress=100, file=name, pages=pages,
                                               finished_at=timezone.now())
    return {"job": job.pk, "status": JobStatus.DONE, "pages": pages}


def sweep_stuck_jobs(now=None):
    """Re-queue jobs whose worker died (running past the timeout), whose task the broker lost
    (queued long ago and never started) or never took (the broker was down: UNDELIVERED_NOTE,
    sent again at once); after MAX_ATTEMPTS a job is failed with a message instead of looping.
    Runs every 5 minutes in the cluster (reports/migrations/0002_schedules.py)."""
    now = now or timezone.now()
    requeued, failed = [], []
    stuck = ReportJob.objects.filter(status=JobStatus.RUNNING, started_at__lt=now - STUCK_AFTER)
    lost = ReportJob.objects.filter(Q(requested_at__lt=now - UNDELIVERED_AFTER) | Q(error=UNDELIVERED_NOTE),
                                    status=JobStatus.QUEUED, started_at__isnull=True)
    for job_id in list(stuck.values_list("pk", flat=True)) + list(lost.values_list("pk", flat=True)):
        with transaction.atomic():
            job = ReportJob.objects.select_for_update().get(pk=job_id)
            if job.status == JobStatus.RUNNING and job.started_at >= now - STUCK_AFTER:
                continue  # picked up again meanwhile
            if job.attempts >= MAX_ATTEMPTS:
                job.status, job.finished_at = JobStatus.FAILED, now
                job.error = f"已尝试{job.attempts}次仍未完成（可能超时或后台进程中断），请检查参数后重试"
                job.save(update_fields=["status", "finished_at", "error"])
                failed.append(job.pk)
            else:
                job.status, job.progress = JobStatus.QUEUED, 0
                job.save(update_fields=["status", "progress"])
                _enqueue(job)
                requeued.append(job.pk)
    return {"requeued": requeued, "failed": failed}


def request_monthly_reports(month=None):
    """The scheduled monthly reports: last month, for the district, every town and every community. Idempotent: a
    month already requested for a grid is not requested again."""
    if month is None:
        first = timezone.localdate().replace(day=1)
        month = (first - datetime.timedelta(days=1)).strftime("%Y-%m")
    created = []
    for grid in Grid.objects.filter(level__in=[GridLevel.DISTRICT, GridLevel.TOWN, GridLevel.COMMUNITY]):
        done = ReportJob.objects.filter(kind=ReportKind.MONTHLY, parameters__grid=grid.pk, parameters__month=month,
                                        requester=None)
        if done.exists():
            continue
        created.append(request_report(ReportKind.MONTHLY, {"grid": grid.pk, "month": month}, user=scope.SYSTEM))
    return created


# --- 志愿服务证明 -------------------------------------------------------------------------------

def allocate_certificate_number(year):
    """ZYFW-2025-000001: the year's counter row is locked, so concurrent issues never share a
    number (and the unique constraint on Certificate.number backs it up)."""
    with transaction.atomic():
        CertificateCounter.objects.get_or_create(year=year)
        counter = CertificateCounter.objects.select_for_update().get(year=year)
        counter.last += 1
        counter.save(update_fields=["last"])
    return f"ZYFW-{year}-{counter.last:06d}"


def mask_name(name):
    """张* / 张*丰 / 欧阳**: the verification page shows no more than this."""
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def volunteer_number(member):
    return f"DY{member.pk:08d}"


@transaction.atomic
def issue_certificate(member, facts, *, job=None, grid, issued_on=None):
    """Issue (or, for a job's retry, find again) one certificate. `facts` carries hours, records,
    content, period and the issuing fields."""
    if job is not None:
        existing = Certificate.objects.filter(job=job, member=member).first()
        if existing:
            return existing
    issued_on = issued_on or timezone.localdate()
    return Certificate.objects.create(
        number=allocate_certificate_number(issued_on.year), member=member, job=job, grid=grid, name=member.name,
        masked_name=mask_name(member.name), id_masked=member.id_card_masked, volunteer_number=volunteer_number(member),
        issued_on=issued_on, **facts,
    )


@transaction.atomic
def revoke_certificate(certificate, *, user, reason):
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    scope.require_in_scope(user, certificate.grid, "certificate", "证明出具网格")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写撤销原因"})
    if certificate.is_revoked:
        raise ValidationError({"certificate": f"证明 {certificate.number} 已于此前撤销"})
    certificate.revoked_at, certificate.revoke_reason = timezone.now(), reason[:200]
    certificate.revoked_by = scope.user_or_none(user)
    certificate.save(update_fields=["revoked_at", "revoke_reason", "revoked_by"])
    audit_log.record("reports.revoke_certificate", certificate, user,
                     f"撤销 {certificate.name} 的志愿服务证明 {certificate.number}，原因：{certificate.revoke_reason}",
                     member=certificate.member_id, number=certificate.number)
    return certificate


def verify(number):
    """(certificate or None): the public check of a printed number."""
    return Certificate.objects.filter(number=(number or "").strip().upper()).first()
