"""A real qcluster worker killed (kill -9) in the middle of a report job: the cluster replaces the
process, the job is left RUNNING, the sweeper (with its clock past STUCK_AFTER) re-queues it and
the new worker finishes it: DONE on the second attempt, one PDF. SQLite and the ORM broker, as in
test_worker.py; scripts/faults/worker_killed.py does the same on PostgreSQL + Redis, and also
kills the whole cluster. The first attempt is held just before rendering (a launcher patches
render_pdf and writes its pid), so "mid-job" does not depend on timing."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# A qcluster whose first report attempt waits at a gate (see the script for how).
LAUNCHER = str(Path(__file__).resolve().parents[2] / "scripts" / "faults" / "held_qcluster.py")


def run_manage(env, *args, timeout=120):
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=timeout, check=True)


def shell_json(env, code):
    out = run_manage(env, "shell", "-c", code).stdout
    return json.loads([line for line in out.splitlines() if line.startswith("RESULT ")][-1][len("RESULT "):])


def job_state(database, job):
    """Read straight from the SQLite file: a `manage.py shell` costs seconds each."""
    with sqlite3.connect(database, timeout=20) as db:
        return list(db.execute("SELECT status, attempts, file FROM reports_reportjob WHERE id = ?", [job]).fetchone())


def wait(predicate, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.3)
    return predicate()


def test_a_killed_worker_s_job_finishes_on_retry(tmp_path):
    gate = tmp_path / "gate"
    database = tmp_path / "kill.sqlite3"
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    env.update(DJANGO_SETTINGS_MODULE="cms.settings.dev", DATABASE_URL=f"sqlite:///{database}",
               Q_WORKERS="1", MEDIA_ROOT=str(tmp_path / "media"), FAULT_GATE=str(gate),
               FAULT_HOLD_SECONDS="60")
    run_manage(env, "migrate", "--noinput")
    job = shell_json(env, (
        "import json\n"
        "from volunteer import scope, services\n"
        "from volunteer.models import ServicePoint\n"
        "from reports import services as reports\n"
        "grid = services.create_grid(parent=None, name='测试区', code='K', user=scope.SYSTEM)\n"
        "point = ServicePoint.objects.create(name='工人新村党员义工服务点', kind='service_point', grid=grid, address='x')\n"
        "print('RESULT ' + json.dumps(reports.request_report('signage', {'point': point.pk}, user=scope.SYSTEM).pk))"
    ))
    # The cluster's log goes to a file: a pipe nobody reads while the test waits could fill and block it.
    log_path = tmp_path / "qcluster.log"
    log = open(log_path, "w")
    cluster = subprocess.Popen([sys.executable, LAUNCHER], cwd=ROOT, env=env, stdout=log,
                               stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        pid_file = Path(str(gate) + ".pid")
        assert wait(lambda: pid_file.exists() and pid_file.read_text().strip(), 60), "the job never started"
        worker = int(pid_file.read_text())
        assert job_state(database, job)[:2] == ["running", 1]

        os.kill(worker, signal.SIGKILL)
        time.sleep(2)
        assert cluster.poll() is None  # the cluster lives on and replaces the worker
        assert job_state(database, job)[:2] == ["running", 1]  # nobody re-delivers it yet

        Path(str(gate) + ".open").touch()
        swept = shell_json(env, (
            "import json\nfrom django.utils import timezone\nfrom reports import services\n"
            "ahead = timezone.now() + services.STUCK_AFTER + timezone.timedelta(seconds=5)\n"
            "print('RESULT ' + json.dumps(services.sweep_stuck_jobs(now=ahead)))"
        ))
        assert swept == {"requeued": [job], "failed": []}
        state = wait(lambda: (s := job_state(database, job))[0] in ("done", "failed") and s, 60)
        assert state and state[:2] == ["done", 2], state
    finally:
        cluster.terminate()  # the main process stops its sentinel and workers
        try:
            cluster.wait(timeout=30)
        except subprocess.TimeoutExpired:
            pass
        try:
            os.killpg(cluster.pid, signal.SIGKILL)  # whatever is left of the group
        except ProcessLookupError:
            pass
        cluster.wait()
        log.close()
    assert "database is locked" not in log_path.read_text()
    folder = tmp_path / "media" / "reports" / str(job)
    assert [p.name for p in folder.iterdir()] == [Path(state[2]).name]
