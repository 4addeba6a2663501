"""A report job run by a real `qcluster` worker through the ORM broker (the approach of
tests/cms/test_worker.py): queued → running → done, one PDF in MEDIA_ROOT."""

import os
import subprocess
import sys
import time
from pathlib import Path

from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[2]


def run_manage(env, *args, timeout=120):
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=timeout, check=True)


def test_qcluster_runs_a_report_job_to_done(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    env.update(DJANGO_SETTINGS_MODULE="cms.settings.dev", DATABASE_URL=f"sqlite:///{tmp_path / 'worker.sqlite3'}",
               Q_WORKERS="1", MEDIA_ROOT=str(tmp_path / "media"))
    run_manage(env, "migrate", "--noinput")
    job_id = run_manage(env, "shell", "-c", (
        "from volunteer import scope, services\n"
        "from volunteer.models import ServicePoint\n"
        "from reports import services as reports\n"
        "grid = services.create_grid(parent=None, name='测试区', code='W', user=scope.SYSTEM)\n"
        "point = ServicePoint.objects.create(name='工人新村党员义工服务点', kind='service_point', grid=grid, address='x')\n"
        "print(reports.request_report('signage', {'point': point.pk}, user=scope.SYSTEM).pk)"
    )).stdout.split()[-1]
    worker = subprocess.Popen([sys.executable, "manage.py", "qcluster"], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 120
        state = []
        while time.monotonic() < deadline:
            state = run_manage(env, "shell", "-c", (
                "from reports.models import ReportJob\n"
                f"job = ReportJob.objects.get(pk={job_id})\n"
                "print('STATE', job.status, job.progress, job.attempts, job.file.name or '-')"
            )).stdout.split("STATE")[-1].split()
            if state[0] in ("done", "failed"):
                break
            time.sleep(1)
        assert state[:3] == ["done", "100", "1"], state
    finally:
        worker.terminate()
        output = worker.communicate(timeout=30)[0]
    assert "database is locked" not in output
    pdf = tmp_path / "media" / state[3]
    assert sorted(p.name for p in pdf.parent.iterdir()) == [pdf.name]
    assert "工人新村党员义工服务点" in "".join(PdfReader(pdf).pages[0].extract_text().split())
