"""主题活动 (O2): a campaign moment's page, listing its projects' activities."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from publicity.page_form import PublicityPageForm
from publicity.search import IndexedText


class CampaignPage(IndexedText, Page):
    campaign = models.OneToOneField("volunteer.Campaign", verbose_name="主题活动", on_delete=models.PROTECT,
                                    related_name="page")
    intro = RichTextField("介绍", blank=True)

    content_panels = Page.content_panels + [FieldPanel("campaign"), FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("search_text")]
    base_form_class = PublicityPageForm
    parent_page_types = ["publicity.HomePage"]
    subpage_types = []
    api_fields = [APIField("intro")]

    class Meta:
        verbose_name = "主题活动页"

    def get_context(self, request, *args, **kwargs):
        from volunteer.models import Activity, ActivityStatus, ProjectStatus

        context = super().get_context(request, *args, **kwargs)
        context["activities"] = (Activity.objects.filter(project__campaign=self.campaign,
                                                         project__status__in=[ProjectStatus.PUBLISHED, ProjectStatus.CLOSED])
                                 .exclude(status=ActivityStatus.CANCELLED).select_related("project", "grid")
                                 .order_by("-starts_at")[:50])
        return context
