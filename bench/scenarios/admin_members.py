"""The admin member list (50 rows a page) against a bare view, for a district admin who sees the
whole district and a community admin who sees one community; first page, a deep page, a search."""

from django.contrib.auth import get_user_model
from django.test import Client


def _client(username):
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response


def run(ctx):
    rows = []
    for username, label in [("qu_admin", "区管理员"), ("community_admin", "村社区管理员")]:
        client = _client(username)
        floor = ctx.time(lambda: _get(client, "/bench/bare/"))
        for suffix, url in [("第1页", "/admin/members/"), ("第20页", "/admin/members/?p=20"),
                            ("搜索“王”", "/admin/members/?q=%E7%8E%8B")]:
            queries, _ = ctx.count_queries(lambda: _get(client, url))
            median = ctx.time(lambda: _get(client, url))
            rows.append((f"党员列表 {label} {suffix} (scale {ctx.scale})", f"{median:.1f}", f"{floor:.1f}",
                         f"{median / floor:.1f}x", queries))
    return rows
