"""Report jobs (the truth about background reports, not the broker) and 志愿服务证明 with their
numbers. DESIGN.md "Reports (reports/)"."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class ReportKind(models.TextChoices):
    CERTIFICATE = "certificate", "志愿服务证明"
    MONTHLY = "monthly", "网格/组织月度报表"
    COVERAGE = "coverage", "全覆盖未参与名单"
    RANKING = "ranking", "单位排名"
    STARS = "stars", "星级党员义工名册"
    LEDGER = "ledger", "积分账户对账单"
    MARKET = "market", "爱心超市月度报表"
    COMPLIANCE = "compliance", "服务阵地“四有”达标情况"
    SIGNAGE = "signage", "服务阵地二维码标牌"
    CARDS = "cards", "党员义工证"


class JobStatus(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "生成中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"


class ReportJobQuerySet(models.QuerySet):
    def in_grid(self, node):
        # A job belongs to the grid node it was run for; district-wide jobs (no node) only to
        # users who see everything.
        return self.filter(scope_grid__path__startswith=node.path)


class ReportJob(models.Model):
    kind = models.CharField("报表类型", max_length=20, choices=ReportKind.choices)
    parameters = models.JSONField("参数", default=dict, blank=True)
    title = models.CharField("标题", max_length=200, blank=True)
    scope_grid = models.ForeignKey("volunteer.Grid", verbose_name="管辖范围", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+",
                                   help_text="为空表示全区（仅限可查看全部网格的账号或系统任务）")
    status = models.CharField("状态", max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED,
                              db_index=True)
    progress = models.PositiveSmallIntegerField("进度（%）", default=0)
    file = models.FileField("文件", upload_to="reports/", blank=True, max_length=255)
    pages = models.PositiveIntegerField("页数", default=0)
    error = models.TextField("错误信息", blank=True)
    attempts = models.PositiveSmallIntegerField("执行次数", default=0)
    requester = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="申请人", null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField("申请时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    objects = ReportJobQuerySet.as_manager()

    class Meta:
        verbose_name = "报表任务"
        verbose_name_plural = "报表任务"
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__gte=0) & Q(progress__lte=100), name="report_progress_0_100"),
        ]

    def __str__(self):
        return self.title or f"{self.get_kind_display()} #{self.pk}"


class CertificateCounter(models.Model):
    """One row per year, locked with select_for_update while a number is taken."""

    year = models.PositiveSmallIntegerField("年度", primary_key=True)
    last = models.PositiveIntegerField("已用到", default=0)

    class Meta:
        verbose_name = "证明编号计数"
        verbose_name_plural = "证明编号计数"


class CertificateQuerySet(models.QuerySet):
    def in_grid(self, node):
        return self.filter(grid__path__startswith=node.path)

    def valid(self):
        return self.filter(revoked_at__isnull=True)


class Certificate(models.Model):
    """志愿服务证明: what was printed, kept as issued so verification shows the same facts."""

    number = models.CharField("证明编号", max_length=32, unique=True)
    member = models.ForeignKey("volunteer.PartyMember", verbose_name="党员", on_delete=models.PROTECT,
                               related_name="certificates")
    job = models.ForeignKey(ReportJob, verbose_name="报表任务", null=True, blank=True, on_delete=models.SET_NULL,
                            related_name="certificates")
    grid = models.ForeignKey("volunteer.Grid", verbose_name="出具单位所在网格", on_delete=models.PROTECT,
                             related_name="+")
    name = models.CharField("姓名", max_length=50)
    masked_name = models.CharField("姓名（遮蔽）", max_length=50)
    id_type = models.CharField("证件类型", max_length=20, default="居民身份证")
    id_masked = models.CharField("证件号码", max_length=18)
    volunteer_number = models.CharField("义工编号", max_length=20)
    hours = models.DecimalField("服务时长（小时）", max_digits=10, decimal_places=2)
    records = models.PositiveIntegerField("服务次数", default=0)
    period_start = models.DateField("服务起始", null=True, blank=True)
    period_end = models.DateField("服务截止", null=True, blank=True)
    content = models.CharField("服务内容", max_length=300, blank=True)
    issuer = models.CharField("出具单位", max_length=120)
    person_in_charge = models.CharField("负责人", max_length=50, blank=True)
    handler = models.CharField("经办人", max_length=50, blank=True)
    contact = models.CharField("联系电话", max_length=30, blank=True)
    notes = models.CharField("备注", max_length=300, blank=True)
    issued_on = models.DateField("出具日期")
    revoked_at = models.DateTimeField("撤销时间", null=True, blank=True)
    revoke_reason = models.CharField("撤销原因", max_length=200, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="撤销人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = "志愿服务证明"
        verbose_name_plural = "志愿服务证明"
        ordering = ["-issued_on", "-number"]
        constraints = [
            # A retried batch job finds the certificate it already issued instead of a second one.
            models.UniqueConstraint(fields=["job", "member"], name="one_certificate_per_job_member"),
        ]

    def __str__(self):
        return f"{self.number} · {self.masked_name}"

    @property
    def is_revoked(self):
        return self.revoked_at is not None
