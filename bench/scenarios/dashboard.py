"""The dashboard for the district root — the admin home with its panels and the 三级网格地图 of the
whole district — for a district admin, with the figure cache cleared before each request (cold)
and warm, against a bare view (the floor)."""

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response


def run(ctx):
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
        rows.append((f"{label}（清空缓存） (scale {ctx.scale})", f"{cold_ms:.1f}", f"{floor:.1f}",
                     f"{cold_ms / floor:.1f}x", cold_queries))
        rows.append((f"{label}（缓存命中） (scale {ctx.scale})", f"{warm_ms:.1f}", f"{floor:.1f}",
                     f"{warm_ms / floor:.1f}x", warm_queries))
    return rows
