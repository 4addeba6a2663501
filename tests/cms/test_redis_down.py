"""Redis down → pages still serve. The cache backend (cms/cache.py) is pointed at a closed port
(refused at once) or at a socket that accepts and never answers (a hung or half-dead Redis): a
public page, API reads and throttled endpoints still answer 200, quickly, and a failed Redis is
not asked again for RETRY_AFTER seconds."""

import logging
import socket
import time

import pytest
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCacheClient
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from cms import cache as resilient


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# Longer than production's 2 s, so "one attempt per retry_after" holds on a slow, loaded CI machine.
RETRY_AFTER = 30


def cache_at(location, **options):
    return {"default": {"BACKEND": "cms.cache.ResilientRedisCache", "LOCATION": location,
                        "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5, "retry_after": RETRY_AFTER,
                                    **options}}}


@pytest.fixture
def attempts(monkeypatch):
    """How many times the backend really went to Redis."""
    calls = []
    real = RedisCacheClient.get_client

    def counting(self, *args, **kwargs):
        calls.append(time.monotonic())
        return real(self, *args, **kwargs)

    monkeypatch.setattr(RedisCacheClient, "get_client", counting)
    return calls


@pytest.fixture
def redis_refused(settings):
    resilient.reset()
    settings.CACHES = cache_at(f"redis://127.0.0.1:{closed_port()}/0")
    yield
    resilient.reset()


@pytest.fixture
def redis_hung(settings):
    """Accepts connections (the kernel's backlog) and never reads or writes: every call would wait
    for the read timeout."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    resilient.reset()
    settings.CACHES = cache_at(f"redis://127.0.0.1:{server.getsockname()[1]}/0")
    yield
    resilient.reset()
    server.close()


def timed(call):
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


def test_reads_miss_and_writes_are_dropped(redis_refused, attempts, caplog):
    caplog.set_level(logging.WARNING, logger="cms.cache")
    assert cache.get("k") is None and cache.get("k", "fallback") == "fallback"
    assert cache.set("k", 1) is None and cache.add("k", 1) is False and cache.get_many(["a", "b"]) == {}
    assert cache.get_or_set("k", 7) == 7 and cache.has_key("k") is False and cache.delete("k") is False
    assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"] and cache.touch("k") is False
    with pytest.raises(ValueError):
        cache.incr("k")  # as for a missing key: callers fall back to set()
    cache.delete_many(["a"])
    assert cache.clear() is False
    # One real attempt, then RETRY_AFTER seconds without asking; one warning in the log.
    assert len(attempts) == 1
    warnings = [r for r in caplog.records if r.name == "cms.cache"]
    assert len(warnings) == 1 and "Redis cache unavailable" in warnings[0].getMessage()
    with pytest.raises(Exception):
        cache.health_check()  # /healthz/ sees the real error


def test_after_retry_after_it_tries_again(redis_refused, attempts, monkeypatch):
    cache.get("k")
    cache.get("k")
    assert len(attempts) == 1
    clock = time.monotonic() + RETRY_AFTER + 1
    monkeypatch.setattr(resilient.time, "monotonic", lambda: clock)
    cache.get("k")
    assert len(attempts) == 2


@pytest.mark.django_db
def test_public_page_api_and_throttles_serve_with_redis_refused(d, loop, redis_refused, rates, caplog):
    rates(anon="2/min", user="2/min")
    home, seconds = timed(lambda: APIClient().get("/"))
    assert home.status_code == 200 and "党员义工365" in home.content.decode()
    assert seconds < 5
    token, _ = Token.objects.get_or_create(user=loop.volunteers[0].user)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    # Throttle history lives in the cache: with Redis away every request is allowed (best effort),
    # never a 500.
    reads = [timed(lambda: api.get("/api/v1/orders/")) for _ in range(4)]
    assert [r.status_code for r, _ in reads] == [200] * 4 and max(s for _, s in reads) < 2
    anon = [timed(lambda: APIClient().get("/api/v1/schema/")) for _ in range(3)]
    assert [r.status_code for r, _ in anon] == [200] * 3
    pages = APIClient().get("/api/v2/pages/")
    assert pages.status_code == 200 and pages.json()["meta"]["total_count"] >= 1
    demand = APIClient().get("/demand/")
    assert demand.status_code == 200
    health = APIClient().get("/healthz/")
    assert health.status_code == 200 and health.json()["status"] == "degraded" and health.json()["failed"][0] == "cache"
    assert "Internal Server Error" not in caplog.text


@pytest.mark.django_db
def test_a_hung_redis_costs_one_read_timeout_not_one_per_call(d, redis_hung, attempts):
    first, seconds = timed(lambda: APIClient().get("/"))
    assert first.status_code == 200
    assert seconds < 5  # one 0.5 s read timeout, then no more attempts for RETRY_AFTER seconds
    started = time.monotonic()
    for _ in range(3):
        assert APIClient().get("/api/v1/schema/").status_code == 200
    assert time.monotonic() - started < 5
    assert len(attempts) == 1


def test_with_redis_up_it_is_an_ordinary_redis_cache(settings):
    """Against the machine's real Redis (CI runs one for both legs)."""
    import os

    resilient.reset()
    settings.CACHES = cache_at(os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/3")
    cache.set("dy365:test:resilient", {"a": 1}, 30)
    assert cache.get("dy365:test:resilient") == {"a": 1}
    cache.set("dy365:test:n", 1, 30)
    assert cache.incr("dy365:test:n") == 2
    cache.health_check()
    cache.delete_many(["dy365:test:resilient", "dy365:test:n"])


@pytest.mark.django_db
def test_healthz_stays_quick_and_degraded_when_redis_hangs(redis_hung, settings, monkeypatch):
    """Both the cache and the broker on a Redis that never answers: /healthz/ still answers 200
    "degraded" well within a load balancer's probe timeout (cache 0.5 s + broker ping 1 s)."""
    import django_q.brokers
    from django_q.brokers.redis_broker import Redis as RedisBroker
    from django_q.conf import Conf

    port = int(settings.CACHES["default"]["LOCATION"].rsplit(":", 1)[1].split("/")[0])
    monkeypatch.setattr(Conf, "REDIS", {"host": "127.0.0.1", "port": port, "db": 0, "socket_timeout": 3})
    monkeypatch.setattr(Conf, "DJANGO_REDIS", None)
    monkeypatch.setattr(django_q.brokers, "get_broker", lambda *args, **kwargs: RedisBroker())
    response, seconds = timed(lambda: APIClient().get("/healthz/"))
    assert response.status_code == 200 and response.json()["failed"] == ["cache", "broker"]
    assert seconds < 4
