"""星级评定 (E5): star levels from approved hours plus an evaluation floor, changed only after a
publicity period (公示), with full history; a fraud finding bars promotion for a while."""

from django.conf import settings
from django.db import models

from volunteer.models.member import ByMemberQuerySet


class StarLevel(models.Model):
    level = models.PositiveSmallIntegerField("星级", unique=True)
    min_hours = models.DecimalField("累计认定时长（小时）不少于", max_digits=8, decimal_places=2)
    min_evaluation = models.DecimalField("服务对象评价均分不低于", max_digits=3, decimal_places=2, default=0)

    class Meta:
        verbose_name = "星级标准"
        verbose_name_plural = "星级标准"
        ordering = ["level"]

    def __str__(self):
        return "★" * self.level


class StarPolicy(models.Model):
    publicity_days = models.PositiveSmallIntegerField("公示天数", default=7)
    fraud_bar_months = models.PositiveSmallIntegerField("弄虚作假后暂停晋级（月）", default=12)

    class Meta:
        verbose_name = "星级评定设置"
        verbose_name_plural = "星级评定设置"

    def __str__(self):
        return f"公示{self.publicity_days}天 · 弄虚作假暂停晋级{self.fraud_bar_months}个月"


class StarChangeStatus(models.TextChoices):
    PUBLICITY = "publicity", "公示中"
    EFFECTIVE = "effective", "已生效"
    WITHDRAWN = "withdrawn", "已撤回"


class StarChange(models.Model):
    member = models.ForeignKey("volunteer.PartyMember", verbose_name="党员", on_delete=models.PROTECT,
                               related_name="star_changes")
    from_level = models.PositiveSmallIntegerField("原星级")
    to_level = models.PositiveSmallIntegerField("新星级")
    hours = models.DecimalField("认定时长", max_digits=10, decimal_places=2)
    evaluation = models.DecimalField("评价均分", max_digits=3, decimal_places=2, null=True)
    status = models.CharField("状态", max_length=20, choices=StarChangeStatus.choices, default=StarChangeStatus.PUBLICITY)
    publicity_ends_on = models.DateField("公示截止")
    computed_at = models.DateTimeField("评定时间", auto_now_add=True)
    effective_at = models.DateTimeField("生效时间", null=True, blank=True)

    objects = ByMemberQuerySet.as_manager()

    class Meta:
        verbose_name = "星级变更"
        verbose_name_plural = "星级评定记录"
        ordering = ["-computed_at"]


class FraudFinding(models.Model):
    member = models.ForeignKey("volunteer.PartyMember", verbose_name="党员", on_delete=models.PROTECT,
                               related_name="fraud_findings")
    found_on = models.DateField("认定日期")
    note = models.CharField("情况说明", max_length=300)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="认定人", null=True, blank=True,
                           on_delete=models.SET_NULL, related_name="+")

    objects = ByMemberQuerySet.as_manager()

    class Meta:
        verbose_name = "弄虚作假认定"
        verbose_name_plural = "弄虚作假认定"
