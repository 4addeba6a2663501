"""`/healthz/` for load balancers and orchestrators: database, cache and task broker, each checked
for real; no data, no login.

- all answer → 200 `{"status": "ok", ...}`
- the cache or the broker fails → still 200, `{"status": "degraded", "failed": ["cache"], ...}`:
  pages keep serving from the database without Redis (cms/cache.py) and report jobs wait in the
  database until the broker is back (reports/services.py), so a load balancer must not take every
  web replica out of rotation because Redis is down.
- the database fails → 503 `{"status": "fail", ...}`: this replica cannot serve.
- `?strict=1` (monitoring, alerting) → 503 on any failure."""

import logging
import time

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache():
    if hasattr(cache, "health_check"):  # ResilientRedisCache hides failures from everyone else
        cache.health_check()
        return
    token = str(time.monotonic())
    cache.set("healthz", token, 10)
    if cache.get("healthz") != token:
        raise RuntimeError("cache did not return what was stored")


BROKER_PING_TIMEOUT = 1.0  # seconds; the broker's own read timeout (3 s) is too long for a probe


def _broker():
    from django_q.brokers import get_broker
    from django_q.brokers.redis_broker import Redis as RedisBroker
    from django_q.conf import Conf

    broker = get_broker()
    if isinstance(broker, RedisBroker) and isinstance(Conf.REDIS, dict) and Conf.REDIS and not Conf.DJANGO_REDIS:
        # The same server, asked with a short timeout: a hung Redis must not make the probe
        # itself time out at the load balancer.
        import redis

        client = redis.Redis(**{**Conf.REDIS, "socket_timeout": BROKER_PING_TIMEOUT,
                                "socket_connect_timeout": BROKER_PING_TIMEOUT, "retry": None})
        try:
            answered = client.ping()
        finally:
            client.close()
    else:
        answered = broker.ping()
    if not answered:
        raise RuntimeError("broker did not answer")


CHECKS = {"database": _database, "cache": _cache, "broker": _broker}
# Without these the replica cannot serve at all; the others only degrade it.
ESSENTIAL = {"database"}


def run_checks():
    """{name: "ok" | "fail"} for every check, each failure logged with its reason."""
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
            results[name] = "ok"
        except Exception as error:  # any failure is "not healthy"; the log says why
            logger.warning("health check %s failed: %s: %s", name, type(error).__name__, error)
            results[name] = "fail"
    return results


def verdict(*, strict=False):
    """Run every check: (body, http_status). body has the status (ok / degraded / fail), each
    check's result and, when any failed, their names."""
    results = run_checks()
    failed = [name for name, result in results.items() if result != "ok"]
    if not failed:
        status, http_status = "ok", 200
    elif strict or ESSENTIAL.intersection(failed):
        status, http_status = "fail", 503
    else:
        status, http_status = "degraded", 200
    body = {"status": status, "checks": results}
    if failed:
        body["failed"] = failed
    return body, http_status


def is_strict(value):
    return (value or "").lower() in ("1", "true", "yes")


@never_cache
def healthz(request):
    body, http_status = verdict(strict=is_strict(request.GET.get("strict")))
    return JsonResponse(body, status=http_status)
