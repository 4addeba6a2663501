"""Every admin menu entry a demo role is shown opens for that role: no entry leads to 没有权限
(Wagtail's PermissionDenied redirect to the dashboard) or a 403. Each menu item's is_shown must
agree with its view's own check. The import page is titled as what it is, not "首页"."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import RequestFactory
from wagtail.admin.menu import SubmenuMenuItem, admin_menu

from tests.factories import make_user
from volunteer import scope

DEMO_STAFF = ["admin", "qu_admin", "town_admin", "community_admin", "market_operator", "editor", "reviewer"]


def shown_entries(menu, request, trail=""):
    for item in menu.menu_items_for_request(request):
        if isinstance(item, SubmenuMenuItem):
            yield from shown_entries(item.menu, request, f"{trail}{item.label} › ")
        elif item.url.startswith("/"):  # 帮助's links to Wagtail's online guide are outside the product
            yield f"{trail}{item.label}", item.url


@pytest.mark.django_db
def test_every_menu_entry_shown_to_each_demo_role_opens(client):
    call_command("seed_demo", stdout=io.StringIO())
    client.get("/admin/login/")  # the admin URLconf registers the viewsets' menu items
    refused = {}
    for username in DEMO_STAFF:
        user = get_user_model().objects.get(username=username)
        request = RequestFactory().get("/admin/")
        request.user = user
        client.force_login(user)
        entries = list(shown_entries(admin_menu, request))
        assert entries, username
        for label, url in entries:
            response = client.get(url, follow=True)
            landed = response.request["PATH_INFO"]
            body = response.content.decode()
            if (response.status_code != 200 or "没有权限" in body
                    or (landed == "/admin/" and url != "/admin/")):
                refused.setdefault(username, []).append(f"{label} {url} → {response.status_code} {landed}")
    assert refused == {}


@pytest.mark.django_db
def test_the_import_page_is_titled_for_its_kind_and_its_menu_entry_opens_the_first_kind_one_may_import(d, login):
    page = login(d.superuser).get("/admin/imports/members/").content.decode()
    breadcrumbs = re.search(r'aria-label="面包屑导航">(.*?)</ol>', page, re.S).group(1)
    current = breadcrumbs.split("<li")[-1].split(">", 1)[1]  # the visible item: the page's own title
    assert re.sub(r"<[^>]+>", "", current).split() == ["批量导入：党员名册"]

    start = login(d.community_admin).get("/admin/imports/")
    assert start.status_code == 302 and start["Location"] == "/admin/imports/members/"
    editor = make_user("editor_x", scope.ROLE_EDITOR)
    assert login(editor).get("/admin/imports/").status_code in (302, 403)
