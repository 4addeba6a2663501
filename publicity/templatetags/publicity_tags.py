"""The public site's navigation: the home page's live children marked "show in menus"."""

from django import template
from django.core.cache import cache

register = template.Library()
NAV_KEY = "public-nav"


@register.simple_tag
def nav_pages():
    """[(title, url)] — cached briefly: every public page shows it, and it changes rarely."""
    items = cache.get(NAV_KEY)
    if items is None:
        from publicity.models import HomePage

        home = HomePage.objects.first()
        items = [(p.title, p.url) for p in home.get_children().live().in_menu().specific()] if home else []
        cache.set(NAV_KEY, items, 60)
    return items
