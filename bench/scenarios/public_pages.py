"""Public pages served by the real app to an anonymous phone visitor: a story page and the brand
index, with the cache warm and cleared before each request, against a bare view (the floor)."""

from django.core.cache import cache
from django.test import Client

from publicity.models import BrandIndexPage, StoryPage


def run(ctx):
    story = StoryPage.objects.live().first()
    brands = BrandIndexPage.objects.live().first()
    if story is None or brands is None:
        return [("公共页面（无演示页面）", "—", "—", "—", "—")]
    client = Client()
    bare_client = Client()
    from django.contrib.auth import get_user_model

    bare_client.force_login(get_user_model().objects.get(username="volunteer"))
    floor = ctx.time(lambda: bare_client.get("/bench/bare/"))
    rows = []
    for label, url in [("典型故事页", story.url), ("服务品牌栏目页", brands.url), ("服务品牌页", brands.get_children().live().first().url)]:
        queries, _ = ctx.count_queries(lambda: client.get(url))
        warm = ctx.time(lambda: client.get(url))

        def cold():
            cache.clear()
            client.get(url)

        cold_ms = ctx.time(cold)
        rows.append((f"{label}（缓存命中）", f"{warm:.1f}", f"{floor:.1f}", f"{warm / floor:.1f}x", queries))
        rows.append((f"{label}（清空缓存）", f"{cold_ms:.1f}", f"{floor:.1f}", f"{cold_ms / floor:.1f}x", "—"))
    return rows
