"""党组织下单 (M2): campaigns, service projects with one responsible person and periodic feedback
(G5), and their scheduled activities."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from volunteer.formatting import local_datetime
from volunteer.models.catalog import ActivityLine


class Campaign(models.Model):
    """O2: a campaign moment (e.g. 庆祝新中国成立70周年) grouping a series of activities."""

    name = models.CharField("活动主题", max_length=100, unique=True)
    description = models.TextField("说明", blank=True)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")

    class Meta:
        verbose_name = "主题活动"
        verbose_name_plural = "主题活动"
        ordering = ["-starts_on"]

    def __str__(self):
        return self.name


class ProjectStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已发布"
    CLOSED = "closed", "已结项"


class ServiceProjectQuerySet(models.QuerySet):
    def in_grid(self, node):
        return self.filter(organization__grid__path__startswith=node.path)

    def published(self):
        return self.filter(status=ProjectStatus.PUBLISHED)

    def feedback_overdue(self, today):
        return self.published().filter(next_feedback_due__lt=today)


class ServiceProject(models.Model):
    name = models.CharField("项目名称", max_length=100)
    organization = models.ForeignKey("volunteer.PartyOrganization", verbose_name="下单组织", on_delete=models.PROTECT,
                                     related_name="projects")
    category = models.ForeignKey("volunteer.ServiceCategory", verbose_name="服务类别", on_delete=models.PROTECT,
                                 related_name="projects")
    responsible = models.ForeignKey("volunteer.PartyMember", verbose_name="项目负责人", on_delete=models.PROTECT,
                                    related_name="responsible_projects", help_text="项目定人负责：一名负责人")
    activity_line = models.CharField("活动类别", max_length=20, choices=ActivityLine.choices)
    campaign = models.ForeignKey(Campaign, verbose_name="主题活动", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="projects")
    team = models.ForeignKey("volunteer.Team", verbose_name="承接队伍", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="projects")
    description = models.TextField("项目内容")
    status = models.CharField("状态", max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.DRAFT,
                              db_index=True)
    feedback_interval_days = models.PositiveSmallIntegerField("反馈周期（天）", default=30,
                                                              help_text="效果定期反馈：每隔多少天向群众反馈一次")
    next_feedback_due = models.DateField("下次反馈截止", null=True, blank=True, db_index=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="创建人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = ServiceProjectQuerySet.as_manager()

    class Meta:
        verbose_name = "服务项目"
        verbose_name_plural = "服务项目"
        ordering = ["-created_at"]

    def __str__(self):
        return self.name


class ProjectFeedback(models.Model):
    """One round of 效果定期反馈 for a project."""

    project = models.ForeignKey(ServiceProject, verbose_name="项目", on_delete=models.CASCADE, related_name="feedbacks")
    content = models.TextField("反馈内容")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="反馈人", null=True, on_delete=models.SET_NULL,
                           related_name="+")
    at = models.DateTimeField("反馈时间", auto_now_add=True)

    class Meta:
        verbose_name = "项目反馈"
        verbose_name_plural = "项目反馈"
        ordering = ["-at"]


class ActivityQuerySet(models.QuerySet):
    def in_grid(self, node):
        return self.filter(grid__path__startswith=node.path)

    def open_for_signup(self, now):
        return self.filter(
            status=ActivityStatus.SCHEDULED, project__status=ProjectStatus.PUBLISHED,
            signup_opens_at__lte=now, signup_closes_at__gte=now,
        )


class ActivityStatus(models.TextChoices):
    SCHEDULED = "scheduled", "已排期"
    CANCELLED = "cancelled", "已取消"
    FINISHED = "finished", "已结束"


class Activity(models.Model):
    project = models.ForeignKey(ServiceProject, verbose_name="服务项目", on_delete=models.PROTECT, related_name="activities")
    title = models.CharField("活动名称", max_length=100)
    grid = models.ForeignKey("volunteer.Grid", verbose_name="活动网格", on_delete=models.PROTECT, related_name="activities")
    service_point = models.ForeignKey("volunteer.ServicePoint", verbose_name="服务阵地", null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="activities",
                                      help_text="签到时扫描该阵地的二维码或输入其编码")
    place = models.CharField("活动地点", max_length=200)
    starts_at = models.DateTimeField("开始时间", db_index=True)
    ends_at = models.DateTimeField("结束时间")
    capacity = models.PositiveSmallIntegerField("招募人数")
    signup_opens_at = models.DateTimeField("报名开始")
    signup_closes_at = models.DateTimeField("报名截止")
    required_skills = models.ManyToManyField("volunteer.Skill", verbose_name="所需技能", blank=True, related_name="activities")
    status = models.CharField("状态", max_length=20, choices=ActivityStatus.choices, default=ActivityStatus.SCHEDULED)
    signed_up_count = models.PositiveSmallIntegerField("已报名", default=0, editable=False,
                                                       help_text="有效报名人数，由报名/取消维护")

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = "志愿活动"
        verbose_name_plural = "志愿活动"
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="activity_ends_after_start"),
            models.CheckConstraint(condition=Q(signed_up_count__lte=models.F("capacity")), name="activity_within_capacity"),
        ]
        indexes = [models.Index(fields=["status", "signup_closes_at"], name="activity_open_idx")]

    def __str__(self):
        # Shanghai time, as every label reads (a bare format of the aware value would print UTC).
        return f"{self.title}（{local_datetime(self.starts_at)}）"

    @property
    def seats_left(self):
        return self.capacity - self.signed_up_count

    @property
    def duration_hours(self):
        return (self.ends_at - self.starts_at).total_seconds() / 3600
