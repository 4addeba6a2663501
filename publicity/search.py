"""Chinese-aware search. Wagtail's database backends index a run of Chinese characters as one
token, so "积分" would not find "爱心超市积分兑换规则" (DESIGN.md). Pages index a jieba-segmented copy
of their text in `search_text`, and queries are segmented the same way."""

import functools

from django.utils.html import strip_tags


@functools.lru_cache(maxsize=1)
def _jieba():
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    return jieba


def segment(text):
    words = _jieba().cut_for_search(strip_tags(text or ""))
    return " ".join(w for w in (w.strip() for w in words) if w)


def search_pages(query, queryset):
    """Live pages matching every word of the query, title hits first."""
    from wagtail.search.backends import get_search_backend

    segmented = segment(query)
    if not segmented:
        return []
    results = list(get_search_backend().search(segmented, queryset.live(), operator="and"))
    words = segmented.split()
    return sorted(results, key=lambda page: -sum(w in page.title for w in words))
