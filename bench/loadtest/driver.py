"""A bounded, closed-loop mixed load: a fixed number of clients, each sending its next request when
the last one answered, for a fixed time. Each client keeps one HTTP/1.1 connection, as a browser
or an app would.

Outcomes are kept apart: `ok` (what a user wanted), `rejected` (the answer a user should get —
名额已满, 余额不足 — a correct refusal, not an error), `unavailable` (a clean 503 during a
fault) and `error` (anything else: a 500, a dropped connection, a wrong answer)."""

import http.client
import json
import random
import threading
import time
import urllib.parse
from collections import Counter, defaultdict

# Share of requests per kind: mostly reading, as on the real site.
MIX = {"page": 45, "api_read": 25, "signup": 15, "redeem": 15}
CSRF = "loadtestcsrf0123456789abcdefABCD"  # 32 characters: Django accepts the unmasked secret
RETRY_SAME_KEY = 0.2  # a double click or a retry after a lost answer
REDEMPTION_REFUSALS = ("积分不足", "余额不足", "库存不足")


class Outcome:
    OK, REJECTED, UNAVAILABLE, ERROR = "ok", "rejected", "unavailable", "error"


class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies = defaultdict(list)
        self.outcomes = defaultdict(Counter)
        self.timeline = defaultdict(Counter)  # second → outcome counts
        self.acknowledged = {}  # idempotency key → redemption id
        self.doubled = []
        self.samples = defaultdict(list)  # outcome kind → a few examples, to say what went wrong

    def add(self, kind, outcome, seconds, second, note=""):
        with self.lock:
            self.latencies[kind].append(seconds)
            self.outcomes[kind][outcome] += 1
            self.timeline[second][outcome] += 1
            if outcome == Outcome.ERROR and len(self.samples[kind]) < 5:
                self.samples[kind].append(note)

    def acknowledge(self, key, pk):
        with self.lock:
            previous = self.acknowledged.setdefault(key, pk)
            if previous != pk:
                self.doubled.append((key, previous, pk))


class Client:
    def __init__(self, host, port, plan, results, seed, started):
        self.host, self.port, self.plan, self.results = host, port, plan, results
        self.random = random.Random(seed)
        self.started = started
        self.volunteer = plan["volunteers"][seed % len(plan["volunteers"])]
        self.connection = None
        self.counter = 0
        self.seed = seed

    def _request(self, method, path, body=None, headers=None):
        for attempt in (1, 2):  # a kept-alive connection the server closed is reopened once
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
            try:
                self.connection.request(method, path, body=body, headers=headers or {})
                response = self.connection.getresponse()
                data = response.read()
                if response.getheader("Connection", "").lower() == "close":
                    self.connection.close()
                    self.connection = None
                return response.status, response.getheader("Location", ""), data
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError) as error:
                self.connection.close()
                self.connection = None
                if attempt == 2 or method != "GET":
                    raise error

    def _timed(self, kind, call):
        begin = time.perf_counter()
        try:
            outcome, note = call()
        except (OSError, http.client.HTTPException) as error:
            outcome, note = Outcome.ERROR, f"{type(error).__name__}: {error}"
            if self.connection is not None:
                self.connection.close()
                self.connection = None
        end = time.perf_counter()
        self.results.add(kind, outcome, end - begin, int(end - self.started), note)

    @staticmethod
    def _classify(status, ok=(200,), rejected=()):
        if status in ok:
            return Outcome.OK
        if status in rejected:
            return Outcome.REJECTED
        if status == 503:
            return Outcome.UNAVAILABLE
        return Outcome.ERROR

    def page(self):
        if self.random.random() < 0.1:
            path = "/search/?q=" + urllib.parse.quote(self.random.choice(["志愿", "服务", "党员", "社区"]))
        else:
            path = self.random.choice(self.plan["pages"])
        status, _, _ = self._request("GET", path)
        return self._classify(status), f"GET {path} → {status}"

    def api_read(self):
        roll = self.random.random()
        headers = {"Accept": "application/json"}
        if roll < 0.4:
            path = "/api/v2/pages/?limit=20"
        elif roll < 0.6 and self.plan["stories"]:
            path = f"/api/v2/pages/{self.random.choice(self.plan['stories'])}/"
        elif roll < 0.8:
            path = "/api/v1/activities/?page_size=20"
            headers["Authorization"] = f"Token {self.volunteer['token']}"
        else:
            path = "/api/v1/points/balance/"
            headers["Authorization"] = f"Token {self.volunteer['token']}"
        status, _, _ = self._request("GET", path, headers=headers)
        return self._classify(status), f"GET {path} → {status}"

    def signup(self):
        # Any of the volunteers, so the seats run out and the last ones are raced for.
        activity = self.random.choice(self.plan["activities"])
        volunteer = self.random.choice(self.plan["volunteers"])
        cookie = f"sessionid={volunteer['session']}; csrftoken={CSRF}"
        status, location, _ = self._request(
            "POST", f"/portal/take/{activity}/", body=f"csrfmiddlewaretoken={CSRF}",
            headers={"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded",
                     "Referer": f"http://{self.host}:{self.port}/portal/"})
        if status == 302:
            # Success lands on 我的接单; a refusal (名额已满, 已接过) goes back to the portal's home page.
            path = urllib.parse.urlsplit(location).path
            if path == "/portal/orders/":
                return Outcome.OK, ""
            if path == "/portal/":
                return Outcome.REJECTED, ""
        return self._classify(status), f"POST take {activity} → {status} {location}"

    def redeem(self):
        self.counter += 1
        key = f"{self.plan['run_id']}-{self.seed}-{self.counter}"
        reward = self.random.choice(self.plan["rewards"])
        body = json.dumps({"member": self.random.choice(self.plan["redeemers"]), "store": self.plan["store"],
                           "lines": [{"reward": reward["id"], "quantity": 1}], "key": key})
        headers = {"Authorization": f"Token {self.plan['operator_token']}", "Content-Type": "application/json",
                   "Accept": "application/json"}
        repeats = 2 if self.random.random() < RETRY_SAME_KEY else 1
        outcome, note = Outcome.ERROR, ""
        for _ in range(repeats):
            try:
                status, _, data = self._request("POST", "/api/v1/redemptions/", body=body, headers=headers)
            except (OSError, http.client.HTTPException):
                # The answer was lost: a real counter retries with the same key, and so do we.
                status, _, data = self._request("POST", "/api/v1/redemptions/", body=body, headers=headers)
            if status in (200, 201):
                self.results.acknowledge(key, json.loads(data)["id"])
            text = data.decode(errors="replace")
            # A refusal a counter expects (balance, stock) is a rejection; any other 400 is an error.
            expected = status == 400 and any(reason in text for reason in REDEMPTION_REFUSALS)
            outcome = Outcome.REJECTED if expected else self._classify(status, ok=(200, 201))
            note = f"POST redemption → {status} {text[:200]}"
        return outcome, note

    def run(self, deadline):
        kinds = list(MIX)
        weights = [MIX[k] for k in kinds]
        while time.perf_counter() < deadline:
            kind = self.random.choices(kinds, weights)[0]
            self._timed(kind, getattr(self, kind))
        if self.connection is not None:
            self.connection.close()


def drive(host, port, plan, *, clients, seconds, on_tick=None):
    """Run `clients` clients for `seconds`; `on_tick(second)` runs once a second (fault injection)."""
    results = Results()
    started = time.perf_counter()
    deadline = started + seconds
    threads = [threading.Thread(target=Client(host, port, plan, results, seed, started).run, args=(deadline,))
               for seed in range(clients)]
    for thread in threads:
        thread.start()
    second = 0
    while any(t.is_alive() for t in threads):
        time.sleep(max(0.0, started + second + 1 - time.perf_counter()))
        second += 1
        if on_tick and second < seconds:
            on_tick(second)
    for thread in threads:
        thread.join()
    results.elapsed = time.perf_counter() - started
    return results


def percentile(values, fraction):
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def summarise(results):
    """One row per kind and a total: requests/s, p50/p95/p99 in ms, and outcome counts."""
    rows = []
    everything = []
    totals = Counter()
    for kind in list(MIX) + ["total"]:
        if kind == "total":
            values, counts = everything, totals
        else:
            values, counts = results.latencies.get(kind, []), results.outcomes.get(kind, Counter())
            everything.extend(values)
            totals.update(counts)
        rows.append({
            "kind": kind, "requests": len(values), "per_second": len(values) / results.elapsed,
            "p50": percentile(values, 0.50) * 1000, "p95": percentile(values, 0.95) * 1000,
            "p99": percentile(values, 0.99) * 1000,
            **{o: counts.get(o, 0) for o in (Outcome.OK, Outcome.REJECTED, Outcome.UNAVAILABLE, Outcome.ERROR)},
        })
    return rows
