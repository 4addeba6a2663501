"""Wagtail strings its zh_Hans catalogue lacks, filled in cms/locale: the page explorer, the
reports menu and the image library read in Chinese."""

import html
import re

import pytest
from wagtail.models import Page

from tests.factories import make_user
from volunteer import scope


def visible(content):
    text = re.sub(r"(?is)<(script|style|template|svg)\b.*?</\1>|<!--.*?-->", " ", content)
    attrs = re.findall(r'(?:placeholder|aria-label|title|alt)="([^"]*)"', text)
    return " ".join([html.unescape(t) for t in re.split(r"<[^>]+>", text)] + attrs)


@pytest.mark.django_db
def test_page_explorer_reports_and_images_have_no_wagtail_english(client):
    client.force_login(make_user("ed", scope.ROLE_EDITOR))
    home = Page.objects.get(depth=2)
    explorer = visible(client.get(f"/admin/pages/{home.pk}/").content.decode())
    for english in ["Exploring", " of ", "Date updated", "Edited by", "Has child pages", "Page type", "Locking",
                    "Anyone can edit", "Referenced"]:
        assert english not in explorer, english
    assert "浏览" in explorer and re.search(r"第 1–\d+ 个，共 \d+ 个页面", explorer)

    usage = visible(client.get("/admin/reports/page-types-usage/").content.decode())
    assert "Page types usage" not in usage and "页面类型使用情况" in usage
    images = visible(client.get("/admin/images/").content.decode())
    for english in ["Grid layout", "List layout", "Oldest", "Usage count"]:
        assert english not in images, english
