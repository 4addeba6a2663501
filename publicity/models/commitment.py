"""党员服务承诺墙 (E3): members' commitments for the year and what they have done so far, by
organisation. Scheduled publishing on the page is the "定期展示" rhythm."""

from django.core.cache import cache
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from publicity.page_form import PublicityPageForm
from publicity.search import IndexedText

WALL_TTL = 600


class CommitmentWallPage(IndexedText, Page):
    intro = RichTextField("导语", blank=True)
    year = models.PositiveSmallIntegerField("承诺年度", null=True, blank=True, help_text="留空则展示当年的承诺")
    grid = models.ForeignKey("volunteer.Grid", verbose_name="网格范围", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+", help_text="留空则展示全区")

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("year"), FieldPanel("grid")]
    search_fields = Page.search_fields + [index.SearchField("search_text")]
    base_form_class = PublicityPageForm
    parent_page_types = ["publicity.HomePage"]
    subpage_types = []
    api_fields = [APIField("intro"), APIField("wall_year"), APIField("wall")]

    class Meta:
        verbose_name = "党员服务承诺墙"

    @property
    def wall_year(self):
        return self.year or timezone.localdate().year

    @property
    def wall(self):
        """Organisations with their members' public commitments and achievements; names only,
        as the wall shows them (cached ten minutes)."""
        from volunteer import services

        key = f"commitment-wall:{self.pk}:{self.wall_year}:{self.grid_id}"
        wall = cache.get(key)
        if wall is None:
            wall = services.commitment_wall(self.wall_year, node=self.grid)
            for group in wall:
                for entry in group["entries"]:
                    entry["hours"] = float(entry["hours"])
            cache.set(key, wall, WALL_TTL)
        return wall
