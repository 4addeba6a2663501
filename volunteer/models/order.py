"""党员义工接单 (M3): a member's order for an activity, through check-in and check-out."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class OrderStatus(models.TextChoices):
    SIGNED_UP = "signed_up", "已接单"
    CHECKED_IN = "checked_in", "已签到"
    CHECKED_OUT = "checked_out", "已签退"
    COMPLETED = "completed", "已完成"
    CANCELLED = "cancelled", "已取消"
    NO_SHOW = "no_show", "未到场"


ACTIVE_ORDER_STATUSES = [OrderStatus.SIGNED_UP, OrderStatus.CHECKED_IN, OrderStatus.CHECKED_OUT, OrderStatus.COMPLETED]


class OrderQuerySet(models.QuerySet):
    def in_grid(self, node):
        return self.filter(activity__grid__path__startswith=node.path)

    def active(self):
        return self.filter(status__in=ACTIVE_ORDER_STATUSES)


class Order(models.Model):
    activity = models.ForeignKey("volunteer.Activity", verbose_name="活动", on_delete=models.PROTECT, related_name="orders")
    member = models.ForeignKey("volunteer.PartyMember", verbose_name="党员", on_delete=models.PROTECT, related_name="orders")
    status = models.CharField("状态", max_length=20, choices=OrderStatus.choices, default=OrderStatus.SIGNED_UP,
                              db_index=True)
    signed_up_at = models.DateTimeField("接单时间", auto_now_add=True)
    checked_in_at = models.DateTimeField("签到时间", null=True, blank=True)
    checked_out_at = models.DateTimeField("签退时间", null=True, blank=True)
    cancelled_at = models.DateTimeField("取消时间", null=True, blank=True)
    cancel_reason = models.CharField("取消原因", max_length=200, blank=True)

    objects = OrderQuerySet.as_manager()

    class Meta:
        verbose_name = "接单"
        verbose_name_plural = "接单"
        ordering = ["-signed_up_at"]
        constraints = [
            # One live order per member per activity; a cancelled one may be followed by a new one.
            models.UniqueConstraint(fields=["activity", "member"], condition=~Q(status="cancelled"),
                                    name="one_live_order_per_member_activity"),
        ]

    def __str__(self):
        return f"{self.member} · {self.activity}"


class InvitationQuerySet(models.QuerySet):
    def in_grid(self, node):
        return self.filter(activity__grid__path__startswith=node.path)


class ActivityInvitation(models.Model):
    """邀请参加: an admin asked a member to take an activity; the member sees it on the portal's
    home page ("邀请您参加") until they take it or it closes."""

    activity = models.ForeignKey("volunteer.Activity", verbose_name="活动", on_delete=models.CASCADE,
                                 related_name="invitations")
    member = models.ForeignKey("volunteer.PartyMember", verbose_name="党员", on_delete=models.CASCADE,
                               related_name="invitations")
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="邀请人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    invited_at = models.DateTimeField("邀请时间", auto_now_add=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = "活动邀请"
        verbose_name_plural = "活动邀请"
        ordering = ["-invited_at"]
        constraints = [models.UniqueConstraint(fields=["activity", "member"], name="one_invitation_per_member_activity")]

    def __str__(self):
        return f"邀请 {self.member} · {self.activity}"
