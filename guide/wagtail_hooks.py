"""帮助 › 操作指南 in place of Wagtail's English online guides (unreachable on a government
network): the help menu, the dashboard's account summary and the editor's content-checks dialog
all point here."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from guide.views import AdminGuideView

# Wagtail's own help entries that lead off-site.
OFFSITE = ("editor-guide", "whats-new-in-wagtail-")


@hooks.register("register_admin_urls")
def register_guide_url():
    return [path("guide/", AdminGuideView.as_view(), name="guide")]


@hooks.register("register_help_menu_item")
def register_guide_menu_item():
    return MenuItem("操作指南", reverse("guide"), icon_name="help", order=100, name="guide")


@hooks.register("construct_help_menu")
def drop_offsite_help(request, menu_items):
    menu_items[:] = [item for item in menu_items if not item.name.startswith(OFFSITE)]
    for item in menu_items:
        if item.name == "keyboard-shortcuts-trigger":
            item.label = "快捷键"  # Wagtail's catalogue leaves it in English


@hooks.register("construct_homepage_panels")
def drop_whats_new_panel(request, panels):
    panels[:] = [panel for panel in panels if getattr(panel, "name", "") != "whats_new_in_wagtail_version"]
