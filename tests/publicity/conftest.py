import datetime

import pytest
from wagtail.models import Page
from wagtail_factories import ImageFactory

from publicity.models import BrandIndexPage, HomePage, StoryIndexPage, StoryPage


def add_story(index, title, body_text, summary="摘要", **fields):
    story = StoryPage(title=title, date=datetime.date(2026, 10, 1), summary=summary, cover=ImageFactory(),
                      cover_alt="封面", body=[("paragraph", f"<p>{body_text}</p>")], **fields)
    index.add_child(instance=story)
    story.save_revision().publish()
    return story


@pytest.fixture
def site_pages(db):
    home = HomePage.objects.get()
    stories = StoryIndexPage(title="典型故事", slug="stories")
    home.add_child(instance=stories)
    brands = BrandIndexPage(title="服务品牌", slug="brands")
    home.add_child(instance=brands)
    return home, Page.objects.get(pk=stories.pk).specific, Page.objects.get(pk=brands.pk).specific
