"""RSS of the latest stories (O3: shareable, readable by other platforms)."""

from django.contrib.syndication.views import Feed

from publicity.models import StoryPage


class StoryFeed(Feed):
    title = "党员义工365 · 典型故事"
    link = "/"
    description = "先进典型、特色做法和新鲜经验"

    def items(self):
        return StoryPage.objects.live().order_by("-date")[:20]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.url
