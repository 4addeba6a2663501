"""选树优秀党员义工 (E6): an honour given to a member, told as an exemplar story."""

from django.db import models

from volunteer.models.member import ByMemberQuerySet


class RecognitionQuerySet(ByMemberQuerySet):
    def for_public(self):
        """What the public site may show: the honour and the member's name, with the story when
        it is live."""
        return self.filter(member__is_active=True).select_related("member", "story").order_by("-awarded_on", "pk")


class Recognition(models.Model):
    member = models.ForeignKey("volunteer.PartyMember", verbose_name="党员", on_delete=models.PROTECT,
                               related_name="recognitions")
    title = models.CharField("荣誉称号", max_length=60, default="优秀党员义工")
    year = models.PositiveSmallIntegerField("年度")
    awarded_by = models.CharField("授予单位", max_length=100)
    awarded_on = models.DateField("授予日期")
    citation = models.TextField("推荐事迹", max_length=500)
    story = models.ForeignKey("publicity.StoryPage", verbose_name="典型故事", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="recognitions",
                              help_text="讲述其事迹的典型故事（可在故事发布后补选）")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = RecognitionQuerySet.as_manager()

    class Meta:
        verbose_name = "优秀党员义工"
        verbose_name_plural = "优秀党员义工"
        ordering = ["-awarded_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["member", "year", "title"], name="one_honour_per_member_year")]

    def __str__(self):
        return f"{self.year}年度{self.title} {self.member}"

    @property
    def story_url(self):
        return self.story.url if self.story_id and self.story.live else ""
