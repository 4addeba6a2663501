"""Chinese-aware search. Wagtail's database backends index a run of Chinese characters as one
token, so "积分" would not find "爱心超市积分兑换规则" (DESIGN.md). Pages index, in `search_text`,
a jieba-segmented copy of their text and beside it every CJK character bigram of the text (as
Lucene's CJKAnalyzer and Elasticsearch's cjk_bigram do), so any run of two or more characters a
page contains finds it even across jieba's word boundaries ("众少" inside 让群众少跑腿). A query's
CJK runs are split into their bigrams, all required; hits where the query's jieba words are whole
words of the page, and title hits, rank first."""

import functools
import re

from django.utils.html import strip_tags

# CJK ideographs (with extension A and compatibility ideographs), kana and hangul: scripts written
# without spaces between words.
_CJK_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]+")


@functools.lru_cache(maxsize=1)
def _jieba():
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    return jieba


def _words(text):
    return [w for w in (w.strip() for w in _jieba().cut_for_search(text)) if w]


def segment(text):
    """jieba's words of the text (search mode: long words and their parts), space-separated."""
    return " ".join(_words(strip_tags(text or "")))


def bigrams(text):
    """Each distinct pair of adjacent CJK characters of the text, in order of first appearance."""
    seen = {}
    for run in _CJK_RUN.findall(strip_tags(text or "")):
        for i in range(len(run) - 1):
            seen.setdefault(run[i:i + 2], None)
    return list(seen)


def index_text(text):
    """What a page indexes in `search_text`: its jieba words, then its CJK bigrams."""
    text = strip_tags(text or "")
    return " ".join([segment(text), *bigrams(text)]).strip()


def query_terms(query):
    """The terms a query must all match: each CJK run's bigrams (a lone character as itself), and
    jieba's words for whatever is not CJK (latin words, numbers)."""
    query = strip_tags(query or "")
    terms = []
    for piece in _CJK_RUN.split(query):
        terms += _words(piece)
    for run in _CJK_RUN.findall(query):
        terms += [run] if len(run) == 1 else [run[i:i + 2] for i in range(len(run) - 1)]
    return list(dict.fromkeys(t for t in terms if not t.isspace()))


WHOLE_WORD_CHECKED = 100  # results re-ranked by whole words; the rest keep the backend's order


def search_pages(query, queryset):
    """Live pages containing every character pair of the query: title hits first, then pages that
    hold the query's words as whole words (the first WHOLE_WORD_CHECKED), then by relevance."""
    from wagtail.search.backends import get_search_backend

    terms = query_terms(query)
    if not terms:
        return []
    results = list(get_search_backend().search(" ".join(terms), queryset.live(), operator="and"))
    words = _words(strip_tags(query))
    phrase = "".join(query.split())

    def whole_words(page):
        source = getattr(page, "search_source", None)
        return bool(source) and set(words) <= set(_words(strip_tags(source())))

    whole = {page.pk for page in results[:WHOLE_WORD_CHECKED] if whole_words(page)}
    order = {page.pk: i for i, page in enumerate(results)}
    return sorted(results, key=lambda page: (phrase not in page.title, -sum(w in page.title for w in words),
                                             page.pk not in whole, order[page.pk]))


class IndexedText:
    """A page indexing its `search_source()` (by default its `search_text_fields`: title and
    intro) the Chinese-aware way; its search_fields add `index.SearchField("search_text")`."""

    search_text_fields = ("title", "intro")

    def search_source(self):
        return " ".join(str(getattr(self, name, "") or "") for name in self.search_text_fields)

    def search_text(self):
        return index_text(self.search_source())
