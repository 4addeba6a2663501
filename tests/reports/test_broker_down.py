"""Redis (the task broker) down when a report is requested: the request still succeeds, the job
row waits QUEUED with a note, and the sweeper sends it again once the broker answers, so the job
finishes. The broker here is django-q2's real Redis broker pointed at a closed port."""

import socket

import pytest
import redis
from django.contrib.auth.models import Permission
from django_q.brokers.redis_broker import Redis as RedisBroker
from django_q.conf import Conf

from reports import services
from reports.models import JobStatus, ReportJob


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class DeadRedisBroker(RedisBroker):
    port = None  # chosen per test (broker_down): a port taken at import could be reused by a later server

    @staticmethod
    def get_connection(list_key=None):
        return redis.Redis(host="127.0.0.1", port=DeadRedisBroker.port, socket_connect_timeout=0.25)


@pytest.fixture
def broker_down(monkeypatch):
    """async_task goes to the (dead) broker instead of running inline; undo() brings tests' inline
    delivery back, as if Redis had returned."""
    import django_q.tasks

    monkeypatch.setattr(DeadRedisBroker, "port", closed_port())
    monkeypatch.setattr(Conf, "SYNC", False)
    monkeypatch.setattr(django_q.tasks, "get_broker", lambda *args, **kwargs: DeadRedisBroker())

    class Switch:
        @staticmethod
        def undo():
            monkeypatch.undo()

    return Switch


@pytest.fixture
def admin_client(d, client):
    user = d.community_admin
    for codename in ("view_reportjob", "add_reportjob"):
        user.user_permissions.add(Permission.objects.get(content_type__app_label="reports", codename=codename))
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(type(user).objects.get(pk=user.pk))
    return client


def test_the_dead_broker_really_refuses(broker_down):
    from django_q.tasks import async_task

    with pytest.raises(redis.ConnectionError):
        async_task("math.pow", 2, 2)


def test_a_request_while_the_broker_is_down_succeeds_and_the_sweeper_sends_it_later(
        d, admin_client, broker_down, django_capture_on_commit_callbacks, caplog):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post("/admin/reports/new/stars/", {"grid": d.comm_a1.pk})
    assert response.status_code == 302  # not a 500 after the job row was committed
    job = ReportJob.objects.get()
    assert job.status == JobStatus.QUEUED and job.attempts == 0 and job.error == services.UNDELIVERED_NOTE
    assert f"report job {job.pk} not queued, broker unavailable" in caplog.text
    listing = admin_client.get("/admin/reports/").content.decode()
    assert "排队中" in listing and services.UNDELIVERED_NOTE in listing

    # The sweeper runs while the broker is still down: nothing is lost, nothing is counted.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.sweep_stuck_jobs() == {"requeued": [job.pk], "failed": []}
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED and job.attempts == 0 and job.error == services.UNDELIVERED_NOTE

    broker_down.undo()  # Redis is back (tests deliver inline)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.sweep_stuck_jobs() == {"requeued": [job.pk], "failed": []}
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.attempts == 1 and job.error == "" and job.file
    # Delivered once: the next sweep has nothing to do.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.sweep_stuck_jobs() == {"requeued": [], "failed": []}


def test_a_delivered_job_is_not_swept_early(d, django_capture_on_commit_callbacks):
    """Only jobs the broker refused are sent again at once; a job that was handed over waits
    for UNDELIVERED_AFTER as before (the worker may simply be busy)."""
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = services.request_report("stars", {"grid": d.comm_a1.pk}, user=d.community_admin)
    assert len(callbacks) == 1
    assert services.sweep_stuck_jobs() == {"requeued": [], "failed": []}
    assert ReportJob.objects.get(pk=job.pk).error == ""


def test_retry_while_the_broker_is_down_keeps_the_job_queued(d, broker_down, django_capture_on_commit_callbacks):
    job = ReportJob.objects.create(kind="stars", parameters={"grid": d.comm_a1.pk}, scope_grid=d.comm_a1,
                                   status=JobStatus.FAILED, error="RuntimeError: 模拟故障", attempts=1)
    with django_capture_on_commit_callbacks(execute=True):
        services.retry_job(job, user=d.community_admin)
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED and job.error == services.UNDELIVERED_NOTE


def test_a_fault_of_ours_while_queueing_fails_the_job_with_a_message_instead_of_retrying_forever(
        d, monkeypatch, django_capture_on_commit_callbacks):
    import django_q.tasks

    from reports import services
    from reports.models import JobStatus

    def broken(*args, **kwargs):
        raise TypeError("cannot pickle '_thread.lock' object")

    monkeypatch.setattr(django_q.tasks, "async_task", broken)
    with django_capture_on_commit_callbacks(execute=True):
        job = services.request_report("stars", {"grid": d.comm_a1.pk}, user=d.community_admin)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "任务无法排队" in job.error and "TypeError" in job.error
    assert services.sweep_stuck_jobs()["requeued"] == []
