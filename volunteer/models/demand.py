"""群众点单 (M1): residents' demands with a status machine and a log of every transition."""

import secrets

from django.conf import settings
from django.db import models

from volunteer import privacy


class DemandChannel(models.TextChoices):
    VISIT = "visit", "上门走访"
    PHONE = "phone", "电话联系"
    WINDOW = "window", "窗口受理"
    MAILBOX = "mailbox", "信箱收集"
    CONSULTATION = "consultation", "接受咨询"
    ONLINE = "online", "线上"


class DemandStatus(models.TextChoices):
    NEW = "new", "待受理"
    ACCEPTED = "accepted", "已受理"
    PLANNED = "planned", "已立项"
    IN_SERVICE = "in_service", "服务中"
    RESOLVED = "resolved", "已办结"
    EVALUATED = "evaluated", "已评价"
    REJECTED = "rejected", "不予受理"


# Which status may follow which (anything else is refused).
DEMAND_TRANSITIONS = {
    DemandStatus.NEW: {DemandStatus.ACCEPTED, DemandStatus.REJECTED},
    DemandStatus.ACCEPTED: {DemandStatus.PLANNED, DemandStatus.REJECTED, DemandStatus.RESOLVED},
    DemandStatus.PLANNED: {DemandStatus.IN_SERVICE, DemandStatus.RESOLVED},
    DemandStatus.IN_SERVICE: {DemandStatus.RESOLVED},
    DemandStatus.RESOLVED: {DemandStatus.EVALUATED},
    DemandStatus.EVALUATED: set(),
    DemandStatus.REJECTED: set(),
}


class Urgency(models.TextChoices):
    NORMAL = "normal", "一般"
    URGENT = "urgent", "紧急"
    CRITICAL = "critical", "特急"


def new_tracking_number():
    return "XQ" + "".join(secrets.choice("0123456789") for _ in range(10))


class DemandQuerySet(models.QuerySet):
    def in_grid(self, node):
        return self.filter(grid__path__startswith=node.path)

    def open(self):
        return self.exclude(status__in=[DemandStatus.RESOLVED, DemandStatus.EVALUATED, DemandStatus.REJECTED])


class Demand(models.Model):
    tracking_number = models.CharField("受理编号", max_length=16, unique=True, default=new_tracking_number, editable=False)
    title = models.CharField("需求标题", max_length=100)
    description = models.TextField("需求描述")
    channel = models.CharField("收集渠道", max_length=20, choices=DemandChannel.choices)
    category = models.ForeignKey("volunteer.ServiceCategory", verbose_name="需求类别", on_delete=models.PROTECT,
                                 related_name="demands")
    grid = models.ForeignKey("volunteer.Grid", verbose_name="所在网格", on_delete=models.PROTECT, related_name="demands")
    collection_point = models.ForeignKey("volunteer.ServicePoint", verbose_name="收集点", null=True, blank=True,
                                         on_delete=models.PROTECT, related_name="collected_demands",
                                         help_text="信息定点收集：线上以外的渠道须填写")
    resident_name = models.CharField("群众姓名", max_length=50)
    resident_phone = models.CharField("联系电话", max_length=11)
    resident_address = models.CharField("住址", max_length=200, blank=True)
    urgency = models.CharField("紧急程度", max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    status = models.CharField("状态", max_length=20, choices=DemandStatus.choices, default=DemandStatus.NEW, db_index=True)
    reject_reason = models.CharField("不予受理原因", max_length=200, blank=True)
    project = models.ForeignKey("volunteer.ServiceProject", verbose_name="服务项目", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="demands")
    feedback = models.TextField("办理结果反馈", blank=True, help_text="告知群众的办理结果")
    resolved_at = models.DateTimeField("办结时间", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True, db_index=True)

    objects = DemandQuerySet.as_manager()

    class Meta:
        verbose_name = "群众需求"
        verbose_name_plural = "群众需求"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["grid", "status"], name="demand_grid_status_idx")]

    def __str__(self):
        return f"{self.tracking_number} {self.title}"

    @property
    def resident_phone_masked(self):
        return privacy.mask_mobile(self.resident_phone)


class DemandTransition(models.Model):
    demand = models.ForeignKey(Demand, verbose_name="需求", on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField("原状态", max_length=20, choices=DemandStatus.choices, blank=True)
    to_status = models.CharField("新状态", max_length=20, choices=DemandStatus.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True,
                           on_delete=models.SET_NULL, related_name="+")
    note = models.CharField("说明", max_length=300, blank=True)
    at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "需求流转记录"
        verbose_name_plural = "需求流转记录"
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_from_status_display() or '—'} → {self.get_to_status_display()}"
