"""志愿服务记录 (the official record of service), three-way evaluation (E1) and periodic
appraisal (E2)."""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from volunteer.formatting import hours, local_date
from volunteer.models.catalog import ActivityLine
from volunteer.models.member import ByMemberQuerySet


class RecordSource(models.TextChoices):
    CHECKIN = "checkin", "扫码签到"
    SELF = "self", "本人登记"
    ADMIN = "admin", "管理员录入"
    IMPORT = "import", "批量导入"


class RecordStatus(models.TextChoices):
    PENDING = "pending", "待审核"
    APPROVED = "approved", "已审核"
    REJECTED = "rejected", "已驳回"


class FraudFlag(models.TextChoices):
    """O6 防止弄虚作假: reasons a record needs a person's explicit decision."""

    OVERLAP = "overlap", "与本人其他记录时间重叠"
    OVER_24H = "over_24h", "当日累计超过24小时"
    BEYOND_ACTIVITY = "beyond_activity", "时长超过活动时长"
    DUPLICATE = "duplicate", "疑似重复记录"


def new_evaluation_token():
    return secrets.token_urlsafe(12)


class ServiceRecordQuerySet(models.QuerySet):
    def in_grid(self, node):
        return self.filter(grid__path__startswith=node.path)

    def approved(self):
        return self.filter(status=RecordStatus.APPROVED)

    def pending(self):
        return self.filter(status=RecordStatus.PENDING)

    def flagged(self):
        return self.exclude(flags=[])


class ServiceRecord(models.Model):
    member = models.ForeignKey("volunteer.PartyMember", verbose_name="党员", on_delete=models.PROTECT,
                               related_name="service_records")
    activity = models.ForeignKey("volunteer.Activity", verbose_name="活动", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="records")
    order = models.OneToOneField("volunteer.Order", verbose_name="接单", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="record")
    is_deed = models.BooleanField("为群众办实事", default=False, help_text="不依托活动的“为身边群众办一件实事好事”")
    activity_line = models.CharField("活动类别", max_length=20, choices=ActivityLine.choices)
    grid = models.ForeignKey("volunteer.Grid", verbose_name="服务网格", on_delete=models.PROTECT, related_name="records")
    service_date = models.DateField("服务日期", db_index=True)
    started_at = models.DateTimeField("开始时间")
    ended_at = models.DateTimeField("结束时间")
    hours = models.DecimalField("服务时长（小时）", max_digits=5, decimal_places=2,
                                validators=[MinValueValidator(0), MaxValueValidator(24)])
    place = models.CharField("服务地点", max_length=200)
    content = models.TextField("服务内容")
    beneficiary = models.CharField("服务对象", max_length=100, blank=True)
    demand = models.ForeignKey("volunteer.Demand", verbose_name="对应需求", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="records")
    source = models.CharField("记录来源", max_length=20, choices=RecordSource.choices)
    status = models.CharField("状态", max_length=20, choices=RecordStatus.choices, default=RecordStatus.PENDING,
                              db_index=True)
    flags = models.JSONField("风险提示", default=list, blank=True)
    decision_note = models.CharField("审核意见", max_length=300, blank=True)
    recorder = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="记录人", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    verifier = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="审核人", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    verified_at = models.DateTimeField("审核时间", null=True, blank=True)
    evaluation_token = models.CharField("评价码", max_length=24, unique=True, default=new_evaluation_token, editable=False)
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    objects = ServiceRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "志愿服务记录"
        verbose_name_plural = "志愿服务记录"
        ordering = ["-service_date", "-started_at"]
        constraints = [
            models.CheckConstraint(condition=Q(hours__gte=0) & Q(hours__lte=24), name="record_hours_0_24"),
            models.CheckConstraint(condition=Q(ended_at__gt=models.F("started_at")), name="record_ends_after_start"),
        ]
        indexes = [
            models.Index(fields=["member", "service_date"], name="record_member_date_idx"),
            models.Index(fields=["grid", "status"], name="record_grid_status_idx"),
        ]

    def __str__(self):
        return f"{self.member} {local_date(self.service_date, with_year=True)} {hours(self.hours)}"

    @property
    def flag_labels(self):
        return [FraudFlag(f).label for f in self.flags]


class EvaluationRole(models.TextChoices):
    SELF = "self", "党员义工自评"
    BENEFICIARY = "beneficiary", "服务对象初评"
    ORGANIZATION = "organization", "党组织总评"


class Evaluation(models.Model):
    record = models.ForeignKey(ServiceRecord, verbose_name="服务记录", on_delete=models.CASCADE, related_name="evaluations")
    role = models.CharField("评价方", max_length=20, choices=EvaluationRole.choices)
    score = models.PositiveSmallIntegerField("评分（1–5）", validators=[MinValueValidator(1), MaxValueValidator(5)])
    comment = models.CharField("评语", max_length=300, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="录入人", null=True, blank=True,
                           on_delete=models.SET_NULL, related_name="+")
    by_phone = models.BooleanField("电话回访录入", default=False)
    created_at = models.DateTimeField("评价时间", auto_now_add=True)

    class Meta:
        verbose_name = "服务评价"
        verbose_name_plural = "服务评价"
        constraints = [
            models.UniqueConstraint(fields=["record", "role"], name="one_evaluation_per_role"),
            models.CheckConstraint(condition=Q(score__gte=1) & Q(score__lte=5), name="evaluation_score_1_5"),
        ]

    def __str__(self):
        return f"{self.get_role_display()} {self.score}分"


class AppraisalScheme(models.Model):
    """E2 长期测评: how the three evaluations weigh in a member's periodic appraisal."""

    name = models.CharField("方案名称", max_length=50)
    self_weight = models.DecimalField("自评权重", max_digits=4, decimal_places=2, default=0.2)
    beneficiary_weight = models.DecimalField("服务对象评价权重", max_digits=4, decimal_places=2, default=0.4)
    organization_weight = models.DecimalField("党组织评价权重", max_digits=4, decimal_places=2, default=0.4)
    is_active = models.BooleanField("当前使用", default=True)

    class Meta:
        verbose_name = "测评权重方案"
        verbose_name_plural = "测评权重方案"

    def __str__(self):
        return self.name


class Appraisal(models.Model):
    member = models.ForeignKey("volunteer.PartyMember", verbose_name="党员", on_delete=models.CASCADE,
                               related_name="appraisals")
    period_start = models.DateField("测评起")
    period_end = models.DateField("测评止")
    scheme = models.ForeignKey(AppraisalScheme, verbose_name="权重方案", on_delete=models.PROTECT, related_name="+")
    records = models.PositiveIntegerField("服务次数")
    hours = models.DecimalField("服务时长", max_digits=8, decimal_places=2)
    self_score = models.DecimalField("自评均分", max_digits=4, decimal_places=2, null=True)
    beneficiary_score = models.DecimalField("服务对象均分", max_digits=4, decimal_places=2, null=True)
    organization_score = models.DecimalField("党组织均分", max_digits=4, decimal_places=2, null=True)
    score = models.DecimalField("综合得分", max_digits=4, decimal_places=2, null=True)
    computed_at = models.DateTimeField("计算时间", auto_now=True)

    objects = ByMemberQuerySet.as_manager()

    class Meta:
        verbose_name = "长期测评"
        verbose_name_plural = "长期测评"
        constraints = [models.UniqueConstraint(fields=["member", "period_start", "period_end"], name="one_appraisal_per_period")]
