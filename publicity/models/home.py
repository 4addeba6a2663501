"""Public pages. The HomePage serves `/`; story and brand pages come with the publicity issue."""

from django.core.cache import cache
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from publicity.page_form import PublicityPageForm
from publicity.search import IndexedText

HEADLINE_KEY = "home-headline-figures"
HEADLINE_TTL = 600


class HomePage(IndexedText, Page):
    intro = models.CharField("导语", max_length=250, blank=True)
    body = RichTextField("正文", blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_text_fields = ("title", "intro", "body")
    search_fields = Page.search_fields + [index.SearchField("search_text")]
    base_form_class = PublicityPageForm
    max_count = 1
    subpage_types = ["publicity.StoryIndexPage", "publicity.BrandIndexPage", "publicity.CampaignPage",
                     "publicity.CommitmentWallPage"]
    api_fields = ["intro"]

    class Meta:
        verbose_name = "首页"

    def get_context(self, request, *args, **kwargs):
        from volunteer.models import Grid, GridLevel, PartyMember, PartyOrganization

        context = super().get_context(request, *args, **kwargs)
        # Public headline figures: counts only, no personal data; counting a district's members
        # on every visit is wasted work, ten minutes old is fresh enough for a home page.
        figures = cache.get(HEADLINE_KEY)
        if figures is None:
            figures = [
                ("镇（街道）", Grid.objects.filter(level=GridLevel.TOWN).count()),
                ("村（社区）", Grid.objects.filter(level=GridLevel.COMMUNITY).count()),
                ("党组织", PartyOrganization.objects.count()),
                ("在册党员", PartyMember.objects.active().count()),
            ]
            cache.set(HEADLINE_KEY, figures, HEADLINE_TTL)
        context["figures"] = figures
        from publicity.models import CommitmentWallPage, Recognition, ServiceBrandPage, StoryPage

        context["stories"] = StoryPage.objects.live().select_related("cover").order_by("-date")[:6]
        context["brands"] = ServiceBrandPage.objects.live().select_related("team")[:6]
        context["honours"] = Recognition.objects.for_public()[:6]
        context["wall"] = CommitmentWallPage.objects.live().child_of(self).first()
        return context
