"""在职党员到社区报到 (G3): a member asks, the residential community confirms or declines."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class CheckinStatus(models.TextChoices):
    PENDING = "pending", "待确认"
    CONFIRMED = "confirmed", "已报到"
    DECLINED = "declined", "已退回"


class CommunityCheckinQuerySet(models.QuerySet):
    def in_grid(self, node):
        return self.filter(community__path__startswith=node.path)

    def open(self):
        return self.filter(status__in=[CheckinStatus.PENDING, CheckinStatus.CONFIRMED])


class CommunityCheckin(models.Model):
    member = models.ForeignKey("volunteer.PartyMember", verbose_name="党员", on_delete=models.PROTECT, related_name="checkins")
    community = models.ForeignKey("volunteer.Grid", verbose_name="报到社区", on_delete=models.PROTECT, related_name="checkins")
    status = models.CharField("状态", max_length=20, choices=CheckinStatus.choices, default=CheckinStatus.PENDING, db_index=True)
    note = models.CharField("报到说明", max_length=200, blank=True)
    requested_at = models.DateTimeField("申请时间", auto_now_add=True)
    decided_at = models.DateTimeField("处理时间", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="处理人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decline_reason = models.CharField("退回原因", max_length=200, blank=True)

    objects = CommunityCheckinQuerySet.as_manager()

    class Meta:
        verbose_name = "社区报到"
        verbose_name_plural = "在职党员社区报到"
        ordering = ["-requested_at"]
        constraints = [
            # At most one open (pending or confirmed) check-in per member.
            models.UniqueConstraint(
                fields=["member"], condition=Q(status__in=["pending", "confirmed"]), name="one_open_checkin_per_member"
            )
        ]

    def __str__(self):
        return f"{self.member} → {self.community}"
