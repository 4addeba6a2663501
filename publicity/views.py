"""The public search page (Chinese-aware)."""

from django.shortcuts import render
from wagtail.models import Page

from publicity.search import search_pages


def search(request):
    query = (request.GET.get("q") or "").strip()[:50]
    results = search_pages(query, Page.objects.specific()) if query else []
    return render(request, "publicity/search.html", {"query": query, "results": results[:30]})
