#!/usr/bin/env python3
"""Fault: PostgreSQL is stopped (fast shutdown: every connection is cut) while the site is under
load, stays down a few seconds, and starts again.

Expected: while it is down every request answers 503 with Retry-After and a Chinese message
(JSON under /api/, a small HTML page otherwise) — no 500, no hung or refused request — and once it
is back the site answers 200 again by itself, with nothing restarted (the gunicorn workers' kept
connections are dropped: cms/middleware.py, CONN_HEALTH_CHECKS).

PostgreSQL here is a private cluster the script creates with initdb on a free port (as user
postgres when run as root), so the shared server on 5432 is never restarted; Redis is private too.
gunicorn runs 2 workers; a few threads drive a bounded mixed load for a fixed time. Exit code 0
when everything behaved as expected. (`make loadtest` can do the same to the shared server with
`pg_ctlcluster 15 main restart`; the 503 behaviour is the same.)

    .venv/bin/python scripts/faults/pg_restart.py [--seconds 40] [--down 6] [--threads 4] [--keep-logs]
"""

import argparse
import collections
import glob
import os
import subprocess
import sys
import threading
import time

from _common import (
    Http,
    RedisServer,
    Report,
    django_env,
    finish,
    free_port,
    migrate_and_seed,
    percentile,
    start_web,
    wait_for,
    workdir,
)

URLS = ["/", "/api/v2/pages/", "/api/v1/projects/", "/demand/", "/healthz/"]


def pg_bin(name):
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else name


class PrivatePostgres:
    def __init__(self, base, port):
        self.data = base / "pgdata"
        self.port = port
        self.log = base / "postgres.log"
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    @property
    def url(self):
        return f"postgres://postgres@127.0.0.1:{self.port}/dy365_faults"

    def run(self, *argv, check=True):
        return subprocess.run([*self.as_postgres, *argv], capture_output=True, text=True, check=check)

    def init(self):
        self.data.mkdir()
        if self.as_postgres:
            os.chmod(self.data.parent, 0o755)
            subprocess.run(["chown", "postgres", str(self.data)], check=True)
            subprocess.run(["touch", str(self.log)], check=True)
            subprocess.run(["chown", "postgres", str(self.log)], check=True)
        self.run(pg_bin("initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8")
        self.start()
        self.run(pg_bin("createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "dy365_faults")

    def ready(self):
        return self.run(pg_bin("pg_isready"), "-h", "127.0.0.1", "-p", str(self.port), "-q", check=False).returncode == 0

    def start(self):
        self.run(pg_bin("pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w", "-o",
                 f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='{self.data}' "
                 f"-c fsync=off -c max_connections=50", "start")
        wait_for(self.ready, 30, 0.2)

    def stop(self, mode="fast"):
        self.run(pg_bin("pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop", check=False)


class Load:
    """`threads` clients, each cycling through URLS until stop; every answer is recorded."""

    def __init__(self, base, token, threads):
        self.base, self.token, self.threads = base, token, threads
        self.samples = []  # (t, url, status, seconds, retry_after, content_type, body_head)
        self.lock = threading.Lock()
        self.stop_event = threading.Event()

    def client(self, offset):
        http = Http(self.base)
        i = offset
        while not self.stop_event.is_set():
            url = URLS[i % len(URLS)]
            i += 1
            headers = {"Authorization": f"Token {self.token}"} if url == "/api/v1/projects/" else {}
            started = time.monotonic()
            status, body, seconds, head = http.get(url, headers=headers, timeout=15)
            sample = (started, url, status, seconds, (head or {}).get("Retry-After"),
                      (head or {}).get("Content-Type", ""), body[:300] if status != 200 else "")
            with self.lock:
                self.samples.append(sample)

    def start(self):
        self.workers = [threading.Thread(target=self.client, args=(n,), daemon=True) for n in range(self.threads)]
        for worker in self.workers:
            worker.start()

    def finish(self):
        self.stop_event.set()
        for worker in self.workers:
            worker.join(30)


def describe(report, label, samples):
    if not samples:
        report.note(f"{label}: no requests")
        return
    counts = collections.Counter(status for _, _, status, *_ in samples)
    times = [s[3] * 1000 for s in samples]
    report.note(f"{label}: {len(samples)} requests, status {dict(sorted(counts.items()))}, "
                f"p50 {percentile(times, 0.5):.0f} ms, p95 {percentile(times, 0.95):.0f} ms, max {max(times):.0f} ms")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--seconds", type=float, default=40, help="length of the load")
    parser.add_argument("--stop-at", type=float, default=10, help="seconds into the load when PostgreSQL stops")
    parser.add_argument("--down", type=float, default=6, help="seconds PostgreSQL stays down")
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--keep-logs", action="store_true")
    args = parser.parse_args()

    report = Report("PostgreSQL restarted during load: clean 503s, then recovery")
    logs = workdir("dy365-faults-pg-")
    pg = PrivatePostgres(logs, free_port())
    redis = RedisServer(free_port(), logs)
    web = load = None
    try:
        report.step(f"Set up: a private PostgreSQL on port {pg.port} (initdb), a private Redis, migrations, "
                    f"gunicorn with 2 workers (logs in {logs})")
        pg.init()
        redis.start()
        # Throttles out of the way: four tight loops from one address and one token would otherwise
        # (rightly) get 429s, which are not what this script is about.
        env = django_env(pg.url, redis.url, logs / "media", API_THROTTLE_USER="1000000/min",
                         API_THROTTLE_ANON="1000000/min")
        seed = migrate_and_seed(env, report)
        web = start_web(env, logs)
        report.note(f"web {web.base}; CONN_MAX_AGE 60 s with health checks (settings default for PostgreSQL)")

        report.step(f"Drive {args.threads} clients over {', '.join(URLS)} for {args.seconds:.0f} s")
        load = Load(web.base, seed["token"], args.threads)
        t0 = time.monotonic()
        load.start()
        time.sleep(args.stop_at)

        report.step("pg_ctl stop -m fast (cuts every connection, as a restart or fail-over does)")
        down_at = time.monotonic()
        pg.stop("fast")
        stopped_at = time.monotonic()
        report.note(f"stopped after {stopped_at - down_at:.1f} s; staying down {args.down:.0f} s")
        time.sleep(args.down)

        report.step("pg_ctl start")
        start_at = time.monotonic()
        pg.start()
        up_at = time.monotonic()
        report.note(f"accepting connections again {up_at - down_at:.1f} s after the stop began")
        time.sleep(max(0.0, args.seconds - (time.monotonic() - t0)))
        load.finish()

        report.step("What the clients saw")
        samples = sorted(load.samples)
        before = [s for s in samples if s[0] + s[3] < down_at]
        # Strictly down: started after the stop finished, answered before `pg_ctl start` was run
        # (between that and `up_at` PostgreSQL comes up: either answer is right).
        during = [s for s in samples if s[0] >= stopped_at and s[0] + s[3] < start_at]
        after_first_ok = next((s for s in samples if s[0] >= up_at and s[2] == 200), None)
        recovered_at = after_first_ok[0] if after_first_ok else None
        after = [s for s in samples if s[0] >= up_at + 1.0]
        describe(report, "before the stop     ", before)
        describe(report, "while down          ", during)
        describe(report, "from 1 s after start", after)
        statuses = collections.Counter(s[2] for s in samples)
        report.expect(before and all(s[2] == 200 for s in before), "before the stop: every request 200")
        report.expect(during and all(s[2] == 503 for s in during), "while down: every request 503")
        report.expect(statuses.get(500, 0) == 0 and statuses.get(0, 0) == 0,
                      f"no 500 and no refused or timed-out request in the whole run (statuses {dict(statuses)})")
        unavailable = [s for s in samples if s[2] == 503]
        api = [s for s in unavailable if s[1].startswith("/api/")]
        pages = [s for s in unavailable if not s[1].startswith("/api/") and s[1] != "/healthz/"]
        report.expect(all(s[4] for s in unavailable if s[1] != "/healthz/"), "every 503 carries Retry-After")
        report.expect(api and all("application/json" in s[5] and "数据库暂时不可用" in s[6] for s in api),
                      f"API 503s are JSON in Chinese, e.g. {api[0][6] if api else '-'}")
        report.expect(pages and all("text/html" in s[5] and "系统繁忙" in s[6] for s in pages),
                      "page 503s are the small Chinese HTML page")
        report.expect(max((s[3] for s in unavailable), default=0) < 2.0,
                      f"503s are quick: slowest {max((s[3] for s in unavailable), default=0) * 1000:.0f} ms")
        if recovered_at is not None:
            report.note(f"first 200 after the start: {(recovered_at - up_at) * 1000:.0f} ms after PostgreSQL accepted "
                        f"connections; outage seen by clients {recovered_at - down_at:.1f} s")
        report.expect(after and all(s[2] == 200 for s in after),
                      "from 1 s after the start: every request 200 again, nothing restarted")
        report.expect(web.alive(), f"gunicorn (pid {web.pid}) kept running")
        errors = web.output().count("database unavailable while serving")
        report.note(f"web log: {errors} “database unavailable while serving …” lines (at most one per worker "
                    f"every 5 s, with a count), {web.output().count('Traceback')} tracebacks")
    except Exception as error:
        report.expect(False, f"the script itself failed: {type(error).__name__}: {error}")
    finally:
        report.step("Clean up: stop gunicorn, the private Redis and the private PostgreSQL")
        if load is not None:
            load.finish()
        if web is not None:
            web.stop()
        redis.stop()
        pg.stop("immediate")
    return finish(report, logs, args.keep_logs)


if __name__ == "__main__":
    sys.exit(main())
