"""ReportJob: states and progress, failures and retry, the sweeper, one file per job, scope."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.utils import timezone

from reports import kinds, services
from reports.models import Certificate, JobStatus, ReportJob
from tests.reports.conftest import flat, pdf_text


def test_a_job_moves_through_its_states_and_records_progress(loop, serve, django_capture_on_commit_callbacks,
                                                             monkeypatch):
    serve(loop.d.member_a1)
    seen = []
    real = services.set_progress

    def spy(job, percent):
        real(job, percent)
        seen.append(ReportJob.objects.values_list("status", "progress").get(pk=job.pk))

    monkeypatch.setattr(services, "set_progress", spy)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = services.request_report("monthly", {"grid": loop.d.comm_a1.pk, "month": "2025-03"},
                                      user=loop.d.community_admin)
    assert job.status == JobStatus.QUEUED and job.progress == 0 and len(callbacks) == 1
    assert job.scope_grid == loop.d.comm_a1 and job.requester == loop.d.community_admin
    assert job.title == "2025年3月甲街道·甲一社区月度报表"
    callbacks[0]()  # the broker delivers it (sync in tests)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.progress == 100 and job.attempts == 1
    assert job.started_at <= job.finished_at and job.pages >= 1 and job.file.name.startswith(f"reports/{job.pk}/")
    assert all(status == JobStatus.RUNNING for status, _ in seen)
    progresses = [p for _, p in seen]
    assert progresses == sorted(progresses) and progresses[0] > 0 and progresses[-1] == 90


def test_a_task_that_raises_fails_the_job_with_the_error_and_retry_works(loop, serve, run_report, monkeypatch,
                                                                          django_capture_on_commit_callbacks):
    serve(loop.d.member_a1)
    real_build = kinds.build

    def broken(job, actor, progress):
        raise RuntimeError("模拟渲染故障")

    monkeypatch.setattr(kinds, "build", broken)
    job = run_report("certificate", {"member": loop.d.member_a1.pk}, loop.d.community_admin)
    assert job.status == JobStatus.FAILED and "模拟渲染故障" in job.error and not job.file
    with pytest.raises(ValidationError, match="只有失败的任务可以重试"):
        services.retry_job(ReportJob.objects.create(kind="stars", parameters={"grid": loop.d.comm_a1.pk},
                                                    scope_grid=loop.d.comm_a1), user=loop.d.community_admin)
    monkeypatch.setattr(kinds, "build", real_build)
    with django_capture_on_commit_callbacks(execute=True):
        services.retry_job(job, user=loop.d.community_admin)
    text, _ = pdf_text(job)
    assert job.status == JobStatus.DONE and job.error == "" and "志愿服务证明" in flat(text)


def test_a_worker_killed_mid_job_is_requeued_and_finishes_with_one_file(loop, serve, run_report,
                                                                        django_capture_on_commit_callbacks):
    for member in loop.volunteers:
        serve(member)
    job = run_report("certificate", {"organization": loop.d.org_a1.pk}, loop.d.community_admin)
    numbers = set(Certificate.objects.filter(job=job).values_list("number", flat=True))
    # The worker died after writing a partial file and while the job said "running".
    stale = default_storage.open(job.file.name, "wb")
    stale.write(b"partial")
    stale.close()
    ReportJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, progress=40,
                                               started_at=timezone.now() - datetime.timedelta(minutes=30))
    with django_capture_on_commit_callbacks(execute=True):
        swept = services.sweep_stuck_jobs()
    assert swept == {"requeued": [job.pk], "failed": []}
    text, pages = pdf_text(job)
    _, files = default_storage.listdir(f"reports/{job.pk}")
    assert len(files) == 1 and pages == 3
    # Same certificates, same numbers: the retry found them instead of issuing again.
    assert set(Certificate.objects.filter(job=job).values_list("number", flat=True)) == numbers
    assert Certificate.objects.count() == 3


def test_the_sweeper_leaves_fresh_jobs_alone_and_fails_jobs_out_of_attempts(loop):
    fresh = ReportJob.objects.create(kind="stars", parameters={"grid": loop.d.comm_a1.pk}, status=JobStatus.RUNNING,
                                     started_at=timezone.now(), attempts=1)
    spent = ReportJob.objects.create(kind="stars", parameters={"grid": loop.d.comm_a1.pk}, status=JobStatus.RUNNING,
                                     started_at=timezone.now() - datetime.timedelta(hours=1),
                                     attempts=services.MAX_ATTEMPTS)
    result = services.sweep_stuck_jobs()
    assert result == {"requeued": [], "failed": [spent.pk]}
    spent.refresh_from_db()
    fresh.refresh_from_db()
    assert spent.status == JobStatus.FAILED and "已尝试3次" in spent.error
    assert fresh.status == JobStatus.RUNNING


def test_a_parameter_outside_the_users_scope_is_refused_in_chinese(d):
    cases = [
        ("monthly", {"grid": d.comm_b1.pk, "month": "2025-03"}, "grid", "网格“乙镇·乙一村”不在您的管辖范围（甲一社区）内"),
        ("coverage", {"organization": d.org_a2.pk, "year": 2025}, "organization", "不在您的管辖范围"),
        ("certificate", {"member": d.member_b1.pk}, "member", "党员“王五岳”不在您的管辖范围"),
    ]
    for kind, params, field, message in cases:
        with pytest.raises(ValidationError) as refused:
            services.request_report(kind, params, user=d.community_admin)
        assert message in "".join(refused.value.message_dict[field])
    # The commuter works in 甲一社区, so its admin may certify them (G2).
    services.request_report("certificate", {"member": d.commuter.pk}, user=d.community_admin)
    with pytest.raises(ValidationError, match="月份格式"):
        services.request_report("monthly", {"grid": d.comm_a1.pk, "month": "2025-13"}, user=d.community_admin)
    with pytest.raises(ValidationError, match="请选择一个网格或党组织"):
        services.request_report("monthly", {"month": "2025-03"}, user=d.community_admin)
    assert ReportJob.objects.count() == 1


def test_the_task_reapplies_the_jobs_scope(loop, serve, run_report, django_capture_on_commit_callbacks):
    d = loop.d
    serve(d.member_a1)
    serve(d.member_b1)
    # A forged job (parameters edited after the request) is refused by the task itself.
    job = ReportJob.objects.create(kind="monthly", parameters={"grid": d.comm_b1.pk, "month": "2025-03"},
                                   scope_grid=d.comm_a1, requester=d.community_admin)
    services.run_job(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "不在本任务的管辖范围内" in job.error
    # A town's coverage roster names the town's members still missing, and nobody else's.
    job = run_report("coverage", {"grid": d.town_a.pk, "year": timezone.localdate().year}, d.town_admin)
    text, _ = pdf_text(job)
    assert "李四海" in text and "赵六合" in text  # not yet served; the commuter works in 甲一社区
    assert "张三丰" not in text  # served and did a deed
    assert "王五岳" not in text  # 乙一村 is outside the town


def test_job_lists_are_scoped(loop, run_report):
    d = loop.d
    mine = run_report("stars", {"grid": d.comm_a1.pk}, d.community_admin)
    theirs = run_report("stars", {"grid": d.comm_a2.pk}, d.other_community_admin)
    district = run_report("stars", {"grid": d.district.pk}, d.superuser)
    from volunteer import scope

    assert set(scope.restrict(ReportJob.objects.all(), d.community_admin)) == {mine}
    assert set(scope.restrict(ReportJob.objects.all(), d.town_admin)) == {mine, theirs}
    assert set(scope.restrict(ReportJob.objects.all(), d.superuser)) == {mine, theirs, district}
    with pytest.raises(ValidationError):
        ReportJob.objects.filter(pk=theirs.pk).update(status=JobStatus.FAILED)
        services.retry_job(theirs, user=d.community_admin)


def test_monthly_schedule_requests_each_grid_once(d, django_capture_on_commit_callbacks):
    from django_q.models import Schedule

    assert Schedule.objects.filter(func="reports.tasks.monthly_reports", schedule_type="M").count() == 1
    assert Schedule.objects.filter(func="reports.tasks.sweep_stuck_jobs").count() == 1
    with django_capture_on_commit_callbacks(execute=False):
        first = services.request_monthly_reports("2025-03")
        again = services.request_monthly_reports("2025-03")
    assert len(first) == 6 and again == []  # district, two towns, three communities
    assert all(job.scope_grid is None and job.requester is None for job in first)
