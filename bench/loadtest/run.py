"""`make loadtest`: the production settings under gunicorn on 127.0.0.1 with PostgreSQL and Redis and
a django-q2 worker beside it, driven by a bounded mixed load (bench/loadtest/driver.py) for a fixed
time, several runs; after each run the database is checked (bench/loadtest/fixtures.py verify).
Prints each run and the median of the runs; exits 1 if any run lost or doubled points, broke a
capacity, or answered with errors.

    python -m bench.loadtest.run [--runs 3] [--seconds 60] [--clients 8] [--workers 3] [--fault pg-restart]
"""

import argparse
import base64
import json
import os
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.loadtest import driver, faults, frontproxy

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "bench" / ".data"
PYTHON = sys.executable
HOST = "127.0.0.1"


def environment(args):
    """Production settings with throw-away secrets kept beside the load database (its encrypted
    columns must stay readable between invocations)."""
    DATA.mkdir(exist_ok=True)
    keys_file = DATA / "loadtest-keys.json"
    if not keys_file.exists():
        keys_file.write_text(json.dumps({
            "SECRET_KEY": secrets.token_urlsafe(50),
            "FIELD_ENCRYPTION_KEY": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
            "PERSONAL_DATA_HMAC_KEY": secrets.token_urlsafe(32),
        }))
    env = dict(os.environ, **json.loads(keys_file.read_text()))
    env.update({
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "DATABASE_URL": args.database, "REDIS_URL": args.redis, "ALLOWED_HOSTS": f"{HOST},localhost",
        "SECURE_SSL_REDIRECT": "false", "CONN_MAX_AGE": "60",
        "WAGTAILADMIN_BASE_URL": f"http://{HOST}:{args.port}",
        # The load is the point here, not the per-client rate limits.
        "API_THROTTLE_ANON": "1000000/min", "API_THROTTLE_USER": "1000000/min", "API_THROTTLE_WRITE": "1000000/min",
        "PYTHONPATH": str(ROOT),
    })
    return env


def manage(env, *arguments, capture=False):
    result = subprocess.run([PYTHON, "manage.py", *arguments], cwd=ROOT, env=env, capture_output=capture, text=True)
    if result.returncode:
        raise SystemExit(f"manage.py {' '.join(arguments)} 失败：\n{result.stdout or ''}{result.stderr or ''}")
    return result.stdout


def ensure_database(args, env):
    name = args.database.rsplit("/", 1)[1]
    server = args.database.rsplit("/", 1)[0] + "/postgres"
    exists = subprocess.run(["psql", server, "-tAc", f"SELECT 1 FROM pg_database WHERE datname='{name}'"],
                            capture_output=True, text=True, check=True).stdout.strip()
    if exists and args.fresh:
        subprocess.run(["psql", server, "-qc", f'DROP DATABASE "{name}" WITH (FORCE)'], check=True)
        exists = ""
    if not exists:
        subprocess.run(["psql", server, "-qc", f'CREATE DATABASE "{name}"'], check=True)
    print("· 迁移数据库、准备演示数据、收集静态文件 …", flush=True)
    manage(env, "migrate", "--noinput", capture=True)
    # The demo district is loaded with the dev settings (production refuses demo data), same keys.
    manage(dict(env, DJANGO_SETTINGS_MODULE="cms.settings.dev"), "seed_demo", "--scale", str(args.scale),
           "--no-accounts", capture=True)
    manage(env, "collectstatic", "--noinput", capture=True)


class Server:
    """gunicorn and a qcluster worker, as in docker-compose.yml."""

    def __init__(self, args, env):
        self.args, self.env, self.processes = args, env, []
        self.log = open(DATA / "loadtest-server.log", "a")

    def _nginx(self):
        return frontproxy.configure(DATA / "nginx", listen=f"{HOST}:{self.args.front_port}",
                                    upstream=f"http://{HOST}:{self.args.port}", media_parent=ROOT)

    def start(self):
        web = [PYTHON, "-m", "gunicorn", "cms.wsgi:application", "--bind", f"{HOST}:{self.args.port}",
               "--workers", str(self.args.workers), "--timeout", "60", "--keep-alive", "5"]
        worker = [PYTHON, "manage.py", "qcluster"]
        commands = [web, worker] + ([self._nginx()] if self.args.front_cache else [])
        for command in commands:
            self.processes.append(subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=self.log,
                                                   stderr=subprocess.STDOUT, start_new_session=True))
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                port = self.args.front_port if self.args.front_cache else self.args.port
                with urllib.request.urlopen(f"http://{HOST}:{port}/healthz/", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.5)
        raise SystemExit("gunicorn 未能在 60 秒内就绪，见 bench/.data/loadtest-server.log")

    def stop(self):
        # The main process only: gunicorn's master and qcluster's sentinel stop their own children
        # (a SIGTERM to qcluster's whole group left it hanging); whatever is left is killed.
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                pass
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def fixtures(env, action, run_id, **files):
    arguments = [PYTHON, "-m", "bench.loadtest.fixtures", action, "--run-id", run_id]
    for name, path in files.items():
        arguments += [f"--{name}", str(path)]
    output = subprocess.run(arguments, cwd=ROOT, env=env, check=True, capture_output=True, text=True).stdout
    return json.loads(output)


def one_run(args, env, number):
    run_id = f"{int(time.time())}{number}"
    plan = fixtures(env, "prepare", run_id)
    fault = faults.FAULTS[args.fault](args) if args.fault else None
    port = args.front_port if args.front_cache else args.port
    try:
        results = driver.drive(HOST, port, plan, clients=args.clients, seconds=args.seconds,
                               on_tick=fault.tick if fault else None)
    finally:
        if fault:
            fault.restore()  # even on Ctrl-C: the machine's PostgreSQL and Redis serve others too
    with tempfile.TemporaryDirectory() as folder:
        plan_file, acknowledged_file = Path(folder, "plan.json"), Path(folder, "acknowledged.json")
        plan_file.write_text(json.dumps(plan))
        acknowledged_file.write_text(json.dumps(results.acknowledged))
        check = fixtures(env, "verify", run_id, plan=plan_file, acknowledged=acknowledged_file)
    check["problems"] += [f"兑换 {key}：同一幂等键得到两条记录 {a}、{b}" for key, a, b in results.doubled]
    return results, driver.summarise(results), check, fault


def print_rows(title, rows):
    print(f"\n{title}")
    print(f"{'kind':<10}{'req':>8}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
          f"{'ok':>8}{'rejected':>10}{'503':>6}{'errors':>8}")
    for row in rows:
        print(f"{row['kind']:<10}{row['requests']:>8}{row['per_second']:>9.1f}{row['p50']:>9.1f}{row['p95']:>9.1f}"
              f"{row['p99']:>9.1f}{row['ok']:>8}{row['rejected']:>10}{row['unavailable']:>6}{row['error']:>8}")


def median_rows(runs):
    rows = []
    for index, first in enumerate(runs[0]):
        rows.append({key: (statistics.median(run[index][key] for run in runs) if key != "kind" else first[key])
                     for key in first})
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--scale", type=int, default=1, help="seed_demo --scale of the load database")
    parser.add_argument("--database", default="postgres://postgres@127.0.0.1:5432/dy365_load")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/5")
    parser.add_argument("--front-cache", action="store_true",
                        help="drive the load through nginx with deploy/nginx/default.conf.template (page cache)")
    parser.add_argument("--front-port", type=int, default=8766)
    parser.add_argument("--fresh", action="store_true", help="drop and re-create the load database first")
    parser.add_argument("--fault", choices=sorted(faults.FAULTS), help="inject a fault during each run")
    args = parser.parse_args()

    env = environment(args)
    ensure_database(args, env)
    server = Server(args, env)
    server.start()
    summaries, failed = [], False
    try:
        for number in range(1, args.runs + 1):
            results, rows, check, fault = one_run(args, env, number)
            summaries.append(rows)
            print_rows(f"第 {number} 次（{args.seconds} 秒，{args.clients} 个客户端，gunicorn {args.workers} 个进程）", rows)
            print(f"  接单 {check['orders']}/{check['seats']} 个名额；兑换 {check['redemptions']} 笔"
                  f"（已确认 {len(results.acknowledged)}，应答丢失 {check['unacknowledged_redemptions']}）")
            if fault:
                print("  故障：" + fault.describe(results))
            for kind, samples in results.samples.items():
                for sample in samples[:2]:
                    print(f"  错误样例 {kind}: {sample}")
            if check["problems"]:
                failed = True
                print("  一致性检查未通过：")
                for problem in check["problems"][:20]:
                    print(f"    - {problem}")
            else:
                print("  一致性检查：audit_ledgers 无误，名额未超，积分与库存无丢失、无重复")
            if rows[-1]["error"] and not args.fault:
                failed = True
    finally:
        server.stop()
    if len(summaries) > 1:
        print_rows(f"{len(summaries)} 次的中位数", median_rows(summaries))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
