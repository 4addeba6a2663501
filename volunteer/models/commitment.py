"""党员服务承诺 (E3): what a member promises to do for the year, shown on the commitment wall once
an admin has checked it."""

from django.conf import settings
from django.db import models

from .member import ByMemberQuerySet


class ServiceCommitment(models.Model):
    member = models.ForeignKey("volunteer.PartyMember", verbose_name="党员", on_delete=models.PROTECT,
                               related_name="commitments")
    year = models.PositiveSmallIntegerField("承诺年度")
    content = models.TextField("承诺内容", max_length=300)
    is_public = models.BooleanField("公开展示", default=False, db_index=True,
                                    help_text="审核通过后勾选，承诺墙只展示公开的承诺")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ByMemberQuerySet.as_manager()

    class Meta:
        verbose_name = "服务承诺"
        verbose_name_plural = "服务承诺"
        ordering = ["-year", "member__name"]
        constraints = [models.UniqueConstraint(fields=["member", "year"], name="one_commitment_per_member_year")]

    def __str__(self):
        return f"{self.member}（{self.year}年）"
