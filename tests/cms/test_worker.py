"""`make run` runs a django-q2 worker beside the web server on SQLite with the ORM broker: a real
qcluster process drains queued tasks with no "database is locked" (IMMEDIATE + WAL settings).
With REDIS_URL set (CI's second pass) the same runs through the Redis broker."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TASKS = 30


def run_manage(env, *args, timeout=120):
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=timeout, check=True)


# The Redis broker is exercised wherever Redis is configured (CI's PostgreSQL + Redis pass).
BROKERS = ["orm", "redis"] if os.environ.get("REDIS_URL") else ["orm"]


@pytest.mark.parametrize("broker", BROKERS)
def test_qcluster_drains_queued_tasks(tmp_path, broker):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    env.update(DJANGO_SETTINGS_MODULE="cms.settings.dev", DATABASE_URL=f"sqlite:///{tmp_path / 'worker.sqlite3'}",
               Q_WORKERS="2")
    if broker == "redis":
        env["REDIS_URL"] = os.environ["REDIS_URL"]
    run_manage(env, "migrate", "--noinput")
    worker = subprocess.Popen([sys.executable, "manage.py", "qcluster"], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        run_manage(env, "shell", "-c", (
            "from django_q.tasks import async_task\n"
            f"for i in range({TASKS}): async_task('math.pow', i, 2, group='worker-test')"
        ))
        deadline = time.monotonic() + 90
        done = 0
        while time.monotonic() < deadline:
            out = run_manage(env, "shell", "-c", (
                "from django_q.models import Success, Failure\n"
                "print(Success.objects.filter(group='worker-test').count(), Failure.objects.count())"
            )).stdout.split()
            done, failed = int(out[-2]), int(out[-1])
            assert failed == 0
            if done == TASKS:
                break
            time.sleep(1)
        assert done == TASKS
        results = run_manage(env, "shell", "-c", (
            "from django_q.models import Success\n"
            "print(sorted(int(s.result) for s in Success.objects.filter(group='worker-test')))"
        )).stdout
        assert str(sorted(i * i for i in range(TASKS))) in results
    finally:
        worker.terminate()
        output = worker.communicate(timeout=30)[0]
    assert "database is locked" not in output
