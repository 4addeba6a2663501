#!/usr/bin/env python3
"""Fault: the process running a report job is killed (kill -9) in the middle of the job, first one
worker process, then the whole qcluster.

Expected: the job stays RUNNING (the broker, Redis, has no receipt to re-deliver it); the
sweeper, which runs every 5 minutes in the cluster, re-queues a job that has been running longer
than the task timeout (STUCK_AFTER = 6 minutes); the job then finishes DONE on its second
attempt with exactly one PDF and the same 志愿服务证明 numbers it had issued before the kill (no
duplicates). To not wait 6 minutes the script runs the sweeper with its clock set 6 minutes
ahead (`sweep_stuck_jobs(now=…)`), which is what the scheduled sweep would do then.

"Mid-job" is made reliable: the worker is started through a launcher that holds the first attempt
for up to 2 minutes just before rendering the PDF (after the certificates were issued), and
writes its pid; the retry is let through.

Runs against PostgreSQL on localhost (database dy365_faults) and a Redis server of its own on a
free port; qcluster runs as real processes. Exit code 0 when everything behaved as expected.

    .venv/bin/python scripts/faults/worker_killed.py [--database-url postgres://…] [--keep-logs]
"""

import argparse
import os
import signal
import sys
import time
from pathlib import Path

from _common import (
    ADMIN_USER,
    DEFAULT_DATABASE,
    RedisServer,
    Report,
    django_env,
    django_json,
    ensure_database,
    finish,
    free_port,
    group_pids,
    job_state,
    migrate_and_seed,
    start_cluster,
    wait_for,
    workdir,
)

# A qcluster whose first report attempt waits at a gate (see the script for how).
LAUNCHER = str(Path(__file__).resolve().parents[2] / "scripts" / "faults" / "held_qcluster.py")

SEED_CERTIFICATES = f"""
import datetime, json
from django.contrib.auth import get_user_model
from django.utils import timezone
from tests.factories import MemberFactory, make_grid, make_org
from volunteer import services
from volunteer.models import Grid, PartyOrganization, ServiceRecord
grid = Grid.objects.get(code="FLT")
org = PartyOrganization.objects.filter(code="ORG-FLT-CERT").first()
if org is None:
    cell = make_grid("演练社区", "FLT-1", grid)
    org = make_org(cell, "演练社区党支部", code="ORG-FLT-CERT")
    admin = get_user_model().objects.get(username="{ADMIN_USER}")
    now = timezone.now().replace(microsecond=0)
    for i, name in enumerate(["演练甲", "演练乙", "演练丙"]):
        member = MemberFactory(name=name, home_grid=cell, branch=org, mobile=f"1370000{{i:04d}}",
                               id_card=None)
        start = now - datetime.timedelta(days=2, hours=3 * (i + 1))
        record = services.record_deed(ServiceRecord(member=member, started_at=start,
                                                    ended_at=start + datetime.timedelta(hours=2), hours=2,
                                                    place="演练路1号", content="帮独居老人修水管",
                                                    activity_line="deed"), user=admin)
        services.approve_record(record, user=admin, note="已核实")
print("RESULT " + json.dumps({{"organization": org.pk}}))
"""

REQUEST = """
import json
from reports import services
from volunteer import scope
job = services.request_report("certificate", {{"organization": {org}}}, user=scope.SYSTEM)
print("RESULT " + json.dumps(job.pk))
"""

SWEEP_AHEAD = """
import json
from django.utils import timezone
from reports import services
ahead = timezone.now() + services.STUCK_AFTER + timezone.timedelta(seconds=5)
print("RESULT " + json.dumps(services.sweep_stuck_jobs(now=ahead)))
"""


def held_job(report, env, gate, job, timeout=90):
    """Wait until the job's first attempt is held mid-job; return the worker's pid."""
    pid_file = Path(str(gate) + ".pid")
    if not wait_for(lambda: pid_file.exists() and pid_file.read_text().strip(), timeout, 0.2):
        raise RuntimeError("the job never reached the held point")
    pid = int(pid_file.read_text())
    state = job_state(env, job)
    report.expect(state["status"] == "running" and state["attempts"] == 1,
                  f"job {job} is mid-job: {state['status']} at {state['progress']}%, attempt {state['attempts']}, "
                  f"{len(state['certificates'])} certificates issued ({', '.join(state['certificates'])}), "
                  f"in worker pid {pid}")
    return pid, state


def finish_after_sweep(report, env, gate, job, before):
    Path(str(gate) + ".open").touch()  # the retry is not held
    swept = django_json(env, SWEEP_AHEAD)
    report.expect(swept == {"requeued": [job], "failed": []},
                  f"sweep_stuck_jobs with the clock 6 min ahead → {swept}")
    finished = wait_for(lambda: job_state(env, job)["status"] in ("done", "failed"), 120, 1)
    state = job_state(env, job)
    report.expect(bool(finished) and state["status"] == "done" and state["attempts"] == 2,
                  f"job {job} {state['status']} after attempt {state['attempts']} ({state['error'] or 'no error'})")
    report.expect(len(state["files"]) == 1, f"exactly one file in reports/{job}/: {state['files']}")
    report.expect(state["certificates"] == before["certificates"] and len(state["certificates"]) == 3,
                  f"the same 3 certificate numbers as before the kill: {', '.join(state['certificates'])}")
    again = django_json(env, SWEEP_AHEAD)
    report.expect(again == {"requeued": [], "failed": []}, f"a later sweep finds nothing more to do: {again}")
    return state


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE)
    parser.add_argument("--keep-logs", action="store_true")
    args = parser.parse_args()

    report = Report("Worker killed: jobs finish on retry")
    logs = workdir("dy365-faults-worker-")
    redis = RedisServer(free_port(), logs)
    clusters = []
    try:
        report.step(f"Set up: database {args.database_url.rsplit('/', 1)[-1]}, a private Redis on port {redis.port}, "
                    f"an organisation with 3 members who have approved service hours (logs in {logs})")
        ensure_database(args.database_url, report)
        redis.start()
        gate = logs / "gate"
        env = django_env(args.database_url, redis.url, logs / "media", Q_WORKERS=1, FAULT_GATE=gate)
        migrate_and_seed(env, report)
        org = django_json(env, SEED_CERTIFICATES)["organization"]
        cluster = start_cluster(env, logs, "qcluster-1", LAUNCHER)
        clusters.append(cluster)
        before_pids = group_pids(cluster.pid)
        report.note(f"qcluster running: processes {before_pids} (main, sentinel, 1 worker, monitor, pusher)")

        # --- A: one worker process killed --------------------------------------------------------
        report.step("A. Queue a 志愿服务证明 job for the organisation; let it reach the middle")
        job = django_json(env, REQUEST.format(org=org))
        worker, before = held_job(report, env, gate, job)

        report.step(f"A. kill -9 the worker process {worker}")
        os.kill(worker, signal.SIGKILL)
        replaced = wait_for(lambda: [p for p in group_pids(cluster.pid) if p not in before_pids], 15, 0.2)
        report.expect(bool(replaced) and cluster.alive(),
                      f"the cluster replaced it (new process {replaced}) and kept running")
        relog = [line for line in cluster.output().splitlines() if "worker" in line.lower() and
                 ("reincarnat" in line.lower() or "重生" in line)]
        report.note(f"cluster log: {relog[-1][:120] if relog else '(no reincarnation line)'}")
        time.sleep(3)
        state = job_state(env, job)
        report.expect(state["status"] == "running",
                      f"nothing re-delivers the lost task by itself: job still {state['status']} at {state['progress']}%")

        report.step("A. The sweeper re-queues the stuck job; the new worker finishes it")
        finish_after_sweep(report, env, gate, job, before)

        # --- B: the whole cluster killed ---------------------------------------------------------
        report.step("B. Queue another job; let it reach the middle")
        for suffix in (".open", ".pid"):
            Path(str(gate) + suffix).unlink(missing_ok=True)
        job = django_json(env, REQUEST.format(org=org))
        worker, before = held_job(report, env, gate, job)

        report.step(f"B. kill -9 the whole qcluster (process group {cluster.pid})")
        cluster.kill_group(signal.SIGKILL)
        gone = wait_for(lambda: not group_pids(cluster.pid), 10, 0.2)
        report.expect(bool(gone), "no qcluster process is left")
        report.expect(job_state(env, job)["status"] == "running", "the job is left RUNNING")

        report.step("B. Start qcluster again (docker-compose: restart: unless-stopped), then the sweeper runs")
        Path(str(gate) + ".open").touch()
        cluster = start_cluster(env, logs, "qcluster-2", LAUNCHER)
        clusters.append(cluster)
        report.note(f"new qcluster processes {group_pids(cluster.pid)}")
        finish_after_sweep(report, env, gate, job, before)
    except Exception as error:
        report.expect(False, f"the script itself failed: {type(error).__name__}: {error}")
    finally:
        report.step("Clean up: stop qcluster and the private Redis")
        for cluster in clusters:
            cluster.stop()
        redis.stop()
    return finish(report, logs, args.keep_logs)


if __name__ == "__main__":
    sys.exit(main())
