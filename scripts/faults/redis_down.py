#!/usr/bin/env python3
"""Fault: Redis (cache and task broker) stops while the site runs, and comes back empty.

Expected: public pages, API reads and throttled endpoints keep answering 200 within
milliseconds; /healthz/ says "degraded" with 200 (503 only with ?strict=1); a report requested
meanwhile is accepted (302) and waits QUEUED with a note; the qcluster keeps running (its pusher is
restarted every ~10 s) and, once Redis is back, its scheduler sends the due sweeper, which queues
the job, which finishes. Nothing is restarted by hand.

With --mode hang Redis is frozen (SIGSTOP) instead of stopped: connections are accepted and
never answered, so every call would wait for its timeout. Then the cache costs at most one 0.5 s
read timeout every 2 s per process, /healthz/ stays under 2 s, and a report request waits for the
broker's 3 s timeout once; after SIGCONT nothing was lost.

Runs against PostgreSQL on localhost (database dy365_faults, created and migrated if missing) and
a Redis server of its own on a free port, so nobody else's Redis is stopped; gunicorn (2 workers)
and qcluster (1 worker) run as real processes. Exit code 0 when everything behaved as expected.

    .venv/bin/python scripts/faults/redis_down.py [--database-url postgres://…] [--keep-logs]
"""

import argparse
import re
import statistics
import sys
import time

from _common import (
    DEFAULT_DATABASE,
    Http,
    RedisServer,
    Report,
    django_env,
    django_json,
    ensure_database,
    finish,
    free_port,
    job_state,
    latest_job_id,
    migrate_and_seed,
    start_cluster,
    start_web,
    wait_for,
    workdir,
)

UNDELIVERED_NOTE = "任务队列暂时不可用"


def probe(http, token, rounds):
    """GET the mixed URLs `rounds` times: {path: [(status, seconds)]}."""
    urls = ["/", "/api/v2/pages/", "/api/v1/schema/", "/demand/", "/search/?q=义工"]
    results = {url: [] for url in urls + ["/api/v1/projects/ (token)"]}
    for _ in range(rounds):
        for url in urls:
            status, _, seconds, _ = http.get(url)
            results[url].append((status, seconds))
        status, _, seconds, _ = http.get("/api/v1/projects/", headers={"Authorization": f"Token {token}"})
        results["/api/v1/projects/ (token)"].append((status, seconds))
    return results


def summarize(report, results):
    all_ok = True
    for url, samples in results.items():
        statuses = sorted({status for status, _ in samples})
        times = [seconds * 1000 for _, seconds in samples]
        report.note(f"{url:<28} status {statuses}  median {statistics.median(times):6.1f} ms  "
                    f"max {max(times):6.1f} ms")
        all_ok &= statuses == [200]
    return all_ok


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE)
    parser.add_argument("--keep-logs", action="store_true")
    parser.add_argument("--mode", choices=["stop", "hang"], default="stop",
                        help="stop: redis-cli shutdown nosave, then start it again empty; hang: SIGSTOP, then SIGCONT")
    args = parser.parse_args()
    hang = args.mode == "hang"

    report = Report(f"Redis {'hung' if hang else 'down'}: pages still serve, tasks queue once it is back")
    logs = workdir("dy365-faults-redis-")
    redis = RedisServer(free_port(), logs)
    web = cluster = None
    try:
        report.step(f"Set up: database {args.database_url.rsplit('/', 1)[-1]}, a private Redis on port "
                    f"{redis.port}, gunicorn and qcluster (logs in {logs})")
        ensure_database(args.database_url, report)
        redis.start()
        env = django_env(args.database_url, redis.url, logs / "media", Q_WORKERS=1)
        seed = migrate_and_seed(env, report)
        web = start_web(env, logs)
        cluster = start_cluster(env, logs)
        report.note(f"web {web.base} (pid {web.pid}), qcluster pid {cluster.pid}")
        http = Http(web.base)

        report.step("Baseline with Redis up")
        summarize(report, probe(http, seed["token"], 2))
        status, body, _, _ = http.get("/healthz/")
        report.expect(status == 200 and '"status": "ok"' in body, f"/healthz/ → {status} {body}")
        report.expect(http.login_admin(), "logged into the admin")
        status, seconds, _ = http.request_report("signage", {"point": seed["point"]})
        first_job = latest_job_id(env)
        done = wait_for(lambda: job_state(env, first_job)["status"] in ("done", "failed"), 90, 1)
        report.expect(status == 302 and done and job_state(env, first_job)["status"] == "done",
                      f"a report requested now is done by the worker (job {first_job})")

        if hang:
            report.step("Freeze Redis: SIGSTOP (connections accepted, never answered)")
            redis.pause()
        else:
            report.step("Stop Redis: redis-cli shutdown nosave")
            redis.shutdown()
        stopped_at = time.monotonic()
        report.expect(not redis.ping(), "Redis no longer answers")

        report.step("Serve with Redis down: 5 rounds of pages, API reads (anonymous and token) and throttled endpoints")
        results = probe(http, seed["token"], 5)
        all_ok = summarize(report, results)
        slowest = max(seconds for samples in results.values() for _, seconds in samples)
        report.expect(all_ok, "every request answered 200")
        report.expect(slowest < 2.0, f"slowest request {slowest * 1000:.0f} ms (no Redis timeouts piling up)")
        status, body, seconds, _ = http.get("/healthz/")
        report.expect(status == 200 and '"status": "degraded"' in body and '"cache"' in body and '"broker"' in body,
                      f"/healthz/ → {status} in {seconds * 1000:.0f} ms {body}")
        report.expect(seconds < 2.0, "/healthz/ answers within a load balancer's probe timeout")
        status, body, _, _ = http.get("/healthz/?strict=1")
        report.expect(status == 503, f"/healthz/?strict=1 → {status} (for monitoring)")

        report.step("Request a report while the broker is down")
        status, seconds, location = http.request_report("signage", {"point": seed["point"]})
        job = latest_job_id(env)
        report.expect(status == 302 and job != first_job,
                      f"the request answered {status} → {location or '-'} in {seconds * 1000:.0f} ms (job {job})")
        state = job_state(env, job)
        report.expect(state["status"] == "queued" and UNDELIVERED_NOTE in state["error"],
                      f"job {job} waits: {state['status']}, note “{state['error']}”")
        listing = http.get("/admin/reports/")[1]
        report.expect(UNDELIVERED_NOTE in listing, "the admin's report list shows the note beside the job")

        report.step("Watch the qcluster for 25 s with Redis down")
        # Make the sweeper due now (it is due every 5 minutes anyway): the cluster's scheduler will
        # try to send it every 30 s and fail until Redis returns.
        django_json(env, "import json\nfrom django.utils import timezone\nfrom django_q.models import Schedule\n"
                         "n = Schedule.objects.filter(func='reports.tasks.sweep_stuck_jobs')"
                         ".update(next_run=timezone.now())\nprint('RESULT ' + json.dumps(n))")
        before = cluster.output().count("Failed to pull task from broker")
        time.sleep(25)
        log = cluster.output()
        report.expect(cluster.alive(), f"qcluster (pid {cluster.pid}) is still running")
        restarted = len(re.findall(r"reincarnated pusher|pusher .*已重生", log))
        report.note(f"its log meanwhile: {log.count('Failed to pull task from broker') - before} × “Failed to pull "
                    f"task from broker”; pusher restarted by the sentinel {restarted} times so far")
        report.expect(job_state(env, job)["status"] == "queued", "the job is still queued, not lost, not failed")

        if hang:
            report.step("Unfreeze Redis: SIGCONT")
            redis.resume()
        else:
            report.step("Start Redis again (empty, as after a crash)")
            redis.start()
        back_at = time.monotonic()
        report.note(f"Redis was down for {back_at - stopped_at:.0f} s")
        healthy = wait_for(lambda: '"status": "ok"' in http.get("/healthz/")[1], 10)
        report.expect(bool(healthy), f"/healthz/ back to ok: {http.get('/healthz/')[1]}")

        report.step("Wait for the cluster to pick up: scheduler → sweeper → job")
        finished = wait_for(lambda: job_state(env, job)["status"] in ("done", "failed"), 150, 1)
        took = time.monotonic() - back_at
        state = job_state(env, job)
        report.expect(finished and state["status"] == "done",
                      f"job {job} {state['status']} {took:.0f} s after Redis returned (attempts {state['attempts']}, "
                      f"note cleared: {state['error'] == ''})")
        report.expect(len(state["files"]) == 1, f"one file: {state['files']}")
        report.expect(cluster.alive(), f"the same qcluster (pid {cluster.pid}) did it, no restart by hand")
        sweeps = [line for line in cluster.output().splitlines() if "sweep_stuck_jobs" in line]
        report.note(f"cluster log: {len(sweeps)} lines about the sweeper, last: {sweeps[-1][:120] if sweeps else '-'}")
        summarize(report, probe(http, seed["token"], 1))
    except Exception as error:  # tell, then still clean up
        report.expect(False, f"the script itself failed: {type(error).__name__}: {error}")
    finally:
        report.step("Clean up: stop gunicorn and qcluster, stop the private Redis")
        for service in (web, cluster):
            if service is not None:
                service.stop()
        redis.stop()
    return finish(report, logs, args.keep_logs)


if __name__ == "__main__":
    sys.exit(main())
