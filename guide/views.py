"""操作指南 in the admin (every staff role) and on the portal (/portal/guide/, for members)."""

from pathlib import Path

from django.shortcuts import render
from django.urls import reverse
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from guide.steps import CHAPTERS, ROLE_CHAPTER, chapter

IMAGES = Path(__file__).resolve().parent / "static" / "guide"


def with_images(ch):
    """The chapter's steps, each with its screenshot's static path if the suite has taken it."""
    steps = []
    for number, (text, shot) in enumerate(ch["steps"], start=1):
        image = f"guide/{shot}.jpg" if (IMAGES / f"{shot}.jpg").exists() else None
        steps.append({"number": number, "text": text, "shot": shot, "image": image})
    return {**ch, "steps": steps}


def own_chapter(user):
    if user.is_superuser:
        return "community-admin"
    for role in user.groups.values_list("name", flat=True):
        if role in ROLE_CHAPTER:
            return ROLE_CHAPTER[role]
    return "community-admin"


class AdminGuideView(WagtailAdminTemplateMixin, TemplateView):
    """Reachable by anyone who may open the admin: it explains, it shows no data."""

    template_name = "guide/admin_guide.html"
    page_title = "操作指南"
    header_icon = "help"

    def get_breadcrumbs_items(self):
        return [{"url": reverse("wagtailadmin_home"), "label": "首页"}, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        slug = self.request.GET.get("chapter") or own_chapter(self.request.user)
        context["chapter"] = with_images(chapter(slug) or chapter(own_chapter(self.request.user)))
        context["chapters"] = CHAPTERS
        return context


def portal_guide(request):
    """The member's chapter on the phone; open to anyone (it helps before the first login too)."""
    return render(request, "guide/portal_guide.html", {"chapter": with_images(chapter("member")), "tab": "guide"})
