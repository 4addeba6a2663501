"""What the fault scripts share: a PostgreSQL database of their own (dy365_faults), a Redis server
of their own on a free port (so stopping it disturbs nobody else's Redis), gunicorn and qcluster
started as real processes, plain HTTP with a cookie jar, and a step-by-step log in plain words.

Only the standard library: the scripts run with any python3; Django runs in the subprocesses,
with the project's .venv."""

import http.cookiejar
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PY = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else sys.executable
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/dy365_faults"
ADMIN_USER, ADMIN_PASSWORD = "faults-admin", "faults-Admin-2025!"
STARTED = time.monotonic()


# --- telling what happens ---------------------------------------------------------------------

class Report:
    def __init__(self, title):
        self.title = title
        self.failures = []
        self.number = 0
        print(f"=== {title} ===", flush=True)

    def step(self, text):
        self.number += 1
        print(f"\n[{time.monotonic() - STARTED:6.1f}s] {self.number}. {text}", flush=True)

    def note(self, text):
        print(f"          {text}", flush=True)

    def expect(self, condition, text):
        print(f"          {'✓' if condition else '✗'} {text}", flush=True)
        if not condition:
            self.failures.append(text)
        return condition

    def finish(self):
        print()
        if self.failures:
            print(f"=== {self.title}: {len(self.failures)} expectation(s) not met ===")
            for failure in self.failures:
                print(f"  ✗ {failure}")
            return 1
        print(f"=== {self.title}: everything behaved as expected ===")
        return 0


# --- processes --------------------------------------------------------------------------------

def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate, timeout, interval=0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return predicate()


class Service:
    """A child process with its output in a log file; stop() ends it and its children."""

    def __init__(self, name, argv, env, log_dir):
        self.name, self.argv, self.env = name, argv, env
        self.log_path = Path(log_dir) / f"{name}.log"
        self.process = None

    def start(self):
        self.log = open(self.log_path, "ab")
        # Its own process group, so the whole tree (qcluster's sentinel and workers) can be killed.
        self.process = subprocess.Popen(self.argv, cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        return self

    @property
    def pid(self):
        return self.process.pid if self.process else None

    def alive(self):
        return self.process is not None and self.process.poll() is None

    def output(self):
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def kill_group(self, sig=signal.SIGKILL):
        try:
            os.killpg(self.process.pid, sig)
        except ProcessLookupError:
            pass

    def stop(self, timeout=20):
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()  # the leader (gunicorn's arbiter, qcluster's main) stops its children
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                pass
        self.kill_group(signal.SIGKILL)  # leftovers (workers) of a group whose leader is gone
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            pass
        self.log.close()


def group_pids(pgid):
    """Live processes of a process group (from /proc)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            pids.append(int(entry.name))
    return sorted(pids)


class RedisServer:
    """A private redis-server (nothing kept on disk), started and stopped like the real one:
    `redis-cli shutdown nosave`, then `redis-server` again on the same port."""

    def __init__(self, port, log_dir):
        self.port = port
        self.log_dir = log_dir
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def ping(self):
        try:
            result = subprocess.run(["redis-cli", "-p", str(self.port), "ping"], capture_output=True, text=True,
                                    timeout=2)
        except subprocess.TimeoutExpired:  # frozen: accepted, never answered
            return False
        return result.stdout.strip() == "PONG"

    def start(self):
        log = open(Path(self.log_dir) / "redis.log", "ab")
        self.process = subprocess.Popen(["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--save", "",
                                         "--appendonly", "no", "--dir", str(self.log_dir)],
                                        stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        if not wait_for(self.ping, 10, 0.1):
            raise RuntimeError(f"redis-server did not start on port {self.port}")

    def shutdown(self):
        subprocess.run(["redis-cli", "-p", str(self.port), "shutdown", "nosave"], capture_output=True)
        if self.process is not None:
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        wait_for(lambda: not self.ping(), 5, 0.1)

    def pause(self):
        """SIGSTOP: the port still accepts connections (the kernel's backlog) but nothing answers,
        as with a hung server or a network that drops packets."""
        os.kill(self.process.pid, signal.SIGSTOP)
        self.paused = True

    def resume(self):
        os.kill(self.process.pid, signal.SIGCONT)
        self.paused = False
        if not wait_for(self.ping, 10, 0.1):
            raise RuntimeError("redis-server did not answer after SIGCONT")

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            if getattr(self, "paused", False):
                self.resume()
            self.shutdown()


# --- Django through manage.py -------------------------------------------------------------------

def ensure_database(url, report):
    parsed = urllib.parse.urlparse(url)
    name = parsed.path.lstrip("/")
    admin_url = urllib.parse.urlunparse(parsed._replace(path="/postgres"))
    exists = subprocess.run(["psql", admin_url, "-tAc", f"SELECT 1 FROM pg_database WHERE datname = '{name}'"],
                            capture_output=True, text=True, check=True).stdout.strip() == "1"
    if not exists:
        subprocess.run(["psql", admin_url, "-qc", f'CREATE DATABASE "{name}"'], check=True, capture_output=True)
        report.note(f"created database {name}")


def django_env(database_url, redis_url, media_root, **extra):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    env.update(
        # Dev settings with DEBUG off (scripts/faults/faults_settings.py): real error handling.
        DJANGO_SETTINGS_MODULE="faults_settings",
        PYTHONPATH=os.pathsep.join([str(ROOT), str(ROOT / "scripts" / "faults")]),
        DATABASE_URL=database_url, MEDIA_ROOT=str(media_root), PYTHONUNBUFFERED="1",
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    env.update({k: str(v) for k, v in extra.items()})
    return env


def manage(env, *args, timeout=600):
    result = subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=timeout)
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args[:2])} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return result.stdout


def django_json(env, code):
    """Run `code` in `manage.py shell`; it must print one line `RESULT <json>`."""
    out = manage(env, "shell", "-c", code)
    for line in reversed(out.splitlines()):
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT "):])
    raise RuntimeError(f"no RESULT line in:\n{out[-2000:]}")


def migrate_and_seed(env, report):
    """Migrations (quick when already applied) and a minimal data set: a district, a service point
    and a superuser to ask for reports through the admin. Idempotent."""
    manage(env, "migrate", "--noinput")
    return django_json(env, f"""
import json
from django.contrib.auth import get_user_model
from volunteer import scope, services
from volunteer.models import Grid, ServicePoint
grid = Grid.objects.filter(code="FLT").first() or services.create_grid(parent=None, name="故障演练区", code="FLT",
                                                                      user=scope.SYSTEM)
point, _ = ServicePoint.objects.get_or_create(name="故障演练党员义工服务点", defaults=dict(kind="service_point",
                                              grid=grid, address="演练路1号"))
User = get_user_model()
user = User.objects.filter(username="{ADMIN_USER}").first() or User.objects.create_superuser(
    "{ADMIN_USER}", "faults@example.invalid", "{ADMIN_PASSWORD}")
from rest_framework.authtoken.models import Token
token, _ = Token.objects.get_or_create(user=user)
print("RESULT " + json.dumps({{"grid": grid.pk, "point": point.pk, "token": token.key}}))
""")


def job_state(env, job_id):
    return django_json(env, f"""
import json, os
from django.conf import settings
from reports.models import ReportJob
job = ReportJob.objects.get(pk={job_id})
folder = os.path.join(settings.MEDIA_ROOT, "reports", str(job.pk))
files = sorted(os.listdir(folder)) if os.path.isdir(folder) else []
print("RESULT " + json.dumps({{"status": job.status, "progress": job.progress, "attempts": job.attempts,
                              "error": job.error, "file": job.file.name, "files": files,
                              "certificates": sorted(job.certificates.values_list("number", flat=True))}}))
""")


def latest_job_id(env):
    return django_json(env, "import json\nfrom reports.models import ReportJob\n"
                            "print('RESULT ' + json.dumps(ReportJob.objects.order_by('-pk').values_list('pk', flat=True)"
                            ".first()))")


def start_web(env, log_dir, workers=2):
    port = free_port()
    web = Service("web", [PY, "-m", "gunicorn", "cms.wsgi:application", "--bind", f"127.0.0.1:{port}",
                          "--workers", str(workers), "--timeout", "60", "--graceful-timeout", "5",
                          "--access-logfile", "-"], env, log_dir).start()
    web.base = f"http://127.0.0.1:{port}"
    if not wait_for(lambda: Http(web.base).get("/healthz/")[0] in (200, 503), 60):
        raise RuntimeError("gunicorn did not answer:\n" + web.output()[-3000:])
    return web


def start_cluster(env, log_dir, name="qcluster", launcher=None):
    argv = [PY, launcher] if launcher else [PY, "manage.py", "qcluster"]
    cluster = Service(name, argv, env, log_dir).start()
    if not wait_for(lambda: "running" in cluster.output() or "正在运行" in cluster.output() or not cluster.alive(), 60):
        raise RuntimeError("qcluster did not start:\n" + cluster.output()[-3000:])
    if not cluster.alive():
        raise RuntimeError("qcluster exited:\n" + cluster.output()[-3000:])
    return cluster


# --- HTTP ---------------------------------------------------------------------------------------

class Http:
    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect)

    def request(self, method, path, data=None, headers=None, timeout=30):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        path = urllib.parse.quote(path, safe="/?=&%:+")
        request = urllib.request.Request(self.base + path, data=body, method=method, headers=headers or {})
        started = time.monotonic()
        try:
            with self.opener.open(request, timeout=timeout) as response:
                status, content, head = response.status, response.read(), response.headers
        except urllib.error.HTTPError as error:
            status, content, head = error.code, error.read(), error.headers
        except (urllib.error.URLError, OSError) as error:
            return 0, str(error), time.monotonic() - started, {}
        return status, content.decode("utf-8", "replace"), time.monotonic() - started, head

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def csrf_post(self, path, data):
        status, html, _, _ = self.get(path)
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        if not match:
            raise RuntimeError(f"no CSRF token on {path} ({status})")
        return self.request("POST", path, {**data, "csrfmiddlewaretoken": match.group(1)},
                            headers={"Referer": self.base + path})

    def login_admin(self):
        status, _, _, head = self.csrf_post("/admin/login/", {"username": ADMIN_USER, "password": ADMIN_PASSWORD})
        return status == 302

    def request_report(self, kind, params):
        status, body, seconds, head = self.csrf_post(f"/admin/reports/new/{kind}/", params)
        return status, seconds, head.get("Location", "") if head else ""


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))] if ordered else 0.0


def workdir(prefix):
    path = Path(tempfile.mkdtemp(prefix=prefix))
    return path


def cleanup(path):
    shutil.rmtree(path, ignore_errors=True)


def finish(report, logs, keep):
    """The end of every script: keep the logs when asked or when something failed, and say where."""
    if keep or report.failures:
        report.note(f"logs kept in {logs}")
    else:
        cleanup(logs)
    return report.finish()
