"""The dashboard for the district root — the admin home with its panels and the 三级网格地图 of the
whole district — for a district admin, with the figure cache cleared before each request (cold)
and warm, against a bare view (the floor). The demo has few records, so a year of history is
added first: BENCH_RECORDS_PER_MEMBER approved records per member (default 6), once."""

import datetime
import os
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.utils import timezone

from volunteer.models import ActivityLine, PartyMember, RecordSource, RecordStatus, ServiceRecord

HISTORY_MARK = "基准测试历史记录"


def _ensure_history():
    per_member = int(os.environ.get("BENCH_RECORDS_PER_MEMBER", "6"))
    if ServiceRecord.objects.filter(place=HISTORY_MARK).exists():
        return ServiceRecord.objects.count()
    rng = random.Random(7)
    today = timezone.localdate()
    start = today.replace(month=1, day=1)
    span = (today - start).days or 1
    batch = []
    for member_id, grid_id in PartyMember.objects.values_list("pk", "home_grid_id").iterator(chunk_size=5000):
        for _ in range(rng.randint(0, 2 * per_member)):
            day = start + datetime.timedelta(days=rng.randrange(span))
            begins = timezone.make_aware(datetime.datetime.combine(day, datetime.time(rng.randrange(8, 18))))
            hours = Decimal(rng.choice([1, 1.5, 2, 3]))
            deed = rng.random() < 0.3
            batch.append(ServiceRecord(
                member_id=member_id, grid_id=grid_id, service_date=day, started_at=begins,
                ended_at=begins + datetime.timedelta(hours=float(hours)), hours=hours, place=HISTORY_MARK,
                content="志愿服务", is_deed=deed, activity_line=ActivityLine.DEED if deed else ActivityLine.PUBLIC_GOOD,
                source=RecordSource.ADMIN, status=RecordStatus.APPROVED))
            if len(batch) >= 5000:
                ServiceRecord.objects.bulk_create(batch)
                batch = []
    ServiceRecord.objects.bulk_create(batch)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # the planner's statistics, as seed_demo and autovacuum keep them
    return ServiceRecord.objects.count()


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response


def run(ctx):
    records = _ensure_history()
    client = Client()
    client.force_login(get_user_model().objects.get(username="qu_admin"))
    floor = ctx.time(lambda: _get(client, "/bench/bare/"))
    rows = []
    for label, url in [("后台首页看板（全区）", "/admin/"), ("三级网格地图（全区）", "/admin/dashboard/map/"),
                       ("单位排名（全区）", "/admin/dashboard/rankings/")]:
        def cold():
            cache.clear()
            _get(client, url)

        cold_queries, _ = ctx.count_queries(cold)
        cold_ms = ctx.time(cold)
        _get(client, url)
        warm_queries, _ = ctx.count_queries(lambda: _get(client, url))
        warm_ms = ctx.time(lambda: _get(client, url))
        rows.append((f"{label}（清空缓存） (scale {ctx.scale}, {records:,} 条记录)", f"{cold_ms:.1f}", f"{floor:.1f}",
                     f"{cold_ms / floor:.1f}x", cold_queries))
        rows.append((f"{label}（缓存命中） (scale {ctx.scale})", f"{warm_ms:.1f}", f"{floor:.1f}",
                     f"{warm_ms / floor:.1f}x", warm_queries))
    return rows
