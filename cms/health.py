"""`/healthz/` for load balancers and orchestrators: database, cache and task broker, each checked
for real. 200 when all answer, 503 naming the one that does not; no data, no login."""

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
    token = str(time.monotonic())
    cache.set("healthz", token, 10)
    if cache.get("healthz") != token:
        raise RuntimeError("cache did not return what was stored")


def _broker():
    from django_q.brokers import get_broker

    if not get_broker().ping():
        raise RuntimeError("broker did not answer")


CHECKS = {"database": _database, "cache": _cache, "broker": _broker}


@never_cache
def healthz(request):
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
            results[name] = "ok"
        except Exception as error:  # any failure is "not healthy"; the log says why
            logger.warning("health check %s failed: %s", name, error)
            results[name] = "fail"
    healthy = all(v == "ok" for v in results.values())
    return JsonResponse({"status": "ok" if healthy else "fail", "checks": results}, status=200 if healthy else 503)
