"""先进典型、特色做法、新鲜经验 (O3, E6): exemplar stories."""

from django.db import models
from django.utils.functional import cached_property
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, MultipleChooserPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Orderable, Page
from wagtail.search import index

from publicity.blocks import StoryBodyBlock
from publicity.page_form import PublicityPageForm
from publicity.search import IndexedText


class StoryCategory(models.TextChoices):
    EXEMPLAR = "exemplar", "先进典型"
    PRACTICE = "practice", "特色做法"
    EXPERIENCE = "experience", "新鲜经验"


class StoryIndexPage(IndexedText, Page):
    intro = models.CharField("导语", max_length=250, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("search_text")]
    base_form_class = PublicityPageForm
    subpage_types = ["publicity.StoryPage"]
    parent_page_types = ["publicity.HomePage"]
    api_fields = [APIField("intro")]

    class Meta:
        verbose_name = "典型故事栏目"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        from django.db.models import Prefetch
        from wagtail.images import get_image_model

        # One query for all covers and their thumbnails, however many stories are listed.
        covers = get_image_model().objects.prefetch_renditions("fill-640x360")
        stories = (StoryPage.objects.live().descendant_of(self).prefetch_related(Prefetch("cover", queryset=covers))
                   .order_by("-date"))
        category = request.GET.get("category")
        if category in StoryCategory.values:
            stories = stories.filter(category=category)
        context["stories"] = stories[:50]
        context["categories"] = StoryCategory.choices
        return context


class StoryPageTag(TaggedItemBase):
    content_object = ParentalKey("publicity.StoryPage", on_delete=models.CASCADE, related_name="tagged_items")


class StoryPage(IndexedText, Page):
    date = models.DateField("日期")
    category = models.CharField("类别", max_length=20, choices=StoryCategory.choices, default=StoryCategory.EXEMPLAR)
    summary = models.CharField("摘要", max_length=300)
    cover = models.ForeignKey("wagtailimages.Image", verbose_name="封面图", on_delete=models.PROTECT, related_name="+")
    cover_alt = models.CharField("封面替代文字", max_length=120, help_text="必填：描述封面图的内容")
    body = StreamField(StoryBodyBlock(), verbose_name="正文")
    teams = ParentalManyToManyField("volunteer.Team", verbose_name="相关队伍", blank=True, related_name="stories")
    tags = ClusterTaggableManager(through=StoryPageTag, blank=True, verbose_name="标签")

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("date"), FieldPanel("category"), FieldPanel("summary"), FieldPanel("tags")],
                        heading="基本信息"),
        MultiFieldPanel([FieldPanel("cover"), FieldPanel("cover_alt")], heading="封面"),
        FieldPanel("body"),
        MultipleChooserPanel("member_links", chooser_field_name="member", heading="相关党员", label="党员"),
        FieldPanel("teams", heading="相关队伍"),
    ]
    search_fields = Page.search_fields + [index.SearchField("search_text"), index.FilterField("category")]
    base_form_class = PublicityPageForm
    parent_page_types = ["publicity.StoryIndexPage"]
    subpage_types = []
    # Only what the published page shows; members appear by name as on the page, never their data.
    api_fields = [
        APIField("date"), APIField("category"), APIField("summary"), APIField("cover_alt"),
        APIField("cover_thumbnail", serializer=ImageRenditionField("fill-640x360", source="cover")),
        APIField("body"), APIField("tags"), APIField("member_names"), APIField("honours"),
    ]

    class Meta:
        verbose_name = "典型故事"

    def search_source(self):
        body = " ".join(str(block.value) if block.block_type == "paragraph" else
                        str(block.value.get("text", "")) if block.block_type == "quote" else ""
                        for block in self.body)
        return " ".join([self.title, self.summary, body])

    @cached_property
    def recognition_list(self):
        """Honours told by this story (E6), with their members, in one query."""
        return list(self.recognitions.select_related("member"))

    @property
    def honours(self):
        return [f"{r.year}年度{r.title} {r.member.name}" for r in self.recognition_list]

    @property
    def members(self):
        """The linked members, in the editor's order (a live queryset of the saved links)."""
        from volunteer.models import PartyMember

        return PartyMember.objects.filter(story_links__page=self).order_by("story_links__sort_order", "story_links__id")

    @property
    def member_names(self):
        """Names as the page shows them, from the links being edited too (previews, revisions)."""
        links = sorted(self.member_links.all(), key=lambda link: (link.sort_order is None, link.sort_order or 0,
                                                                  link.pk is None, link.pk or 0))
        names = [link.member.name for link in links if link.member_id]
        return list(dict.fromkeys(names))


class StoryMemberPanel(FieldPanel):
    """A story link's member field, with the searchable story member chooser as its widget."""

    def get_form_options(self):
        from publicity.choosers import story_member_chooser

        options = super().get_form_options()
        options["widgets"] = {self.field_name: story_member_chooser.widget_class}
        return options


class StoryPageMember(Orderable):
    """相关党员: a story's link to a member, chosen in the editor through a searchable chooser
    (publicity/choosers.py) instead of a list of the whole district."""

    page = ParentalKey(StoryPage, on_delete=models.CASCADE, related_name="member_links")
    member = models.ForeignKey("volunteer.PartyMember", verbose_name="党员", on_delete=models.CASCADE,
                               related_name="story_links")

    panels = [StoryMemberPanel("member")]

    class Meta(Orderable.Meta):
        verbose_name = "相关党员"
        verbose_name_plural = "相关党员"

    def __str__(self):
        return self.member.name
