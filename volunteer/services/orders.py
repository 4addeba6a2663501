"""党员义工接单 (M3): sign up, cancel, check in with the point's code, check out, complete.
Capacity is taken with a conditional UPDATE (no read-check-write race) in the transaction that
writes the order, so 20 sign-ups for 10 seats give exactly 10 orders."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from volunteer import formatting, scope
from volunteer.models import (
    Activity,
    ActivityInvitation,
    ActivityStatus,
    Order,
    OrderStatus,
    ProjectStatus,
    RecordSource,
    ServiceRecord,
)
from volunteer.services.demands import mark_in_service
from volunteer.services.records import create_record

CHECKIN_EARLY = datetime.timedelta(minutes=30)


def acts_for(user, member):
    """The member themselves (portal) or an admin whose scope holds the member."""
    if getattr(member, "user_id", None) and member.user_id == getattr(user, "pk", None):
        return True
    return scope.is_visible(user, member)


def _require_actor(user, member):
    if not acts_for(user, member):
        raise ValidationError({"member": f"您不能替党员 {member.name} 操作"})


@transaction.atomic
def invite_member_to_activity(activity, member, *, user, now=None):
    """邀请参加: an admin asks a member in their scope to take a scheduled activity in their scope
    with seats left. The member sees it on the portal's home page as "邀请您参加"; inviting the
    same member again changes nothing. Returns (invitation, created)."""
    now = now or timezone.now()
    locked = Activity.objects.select_for_update(of=("self",)).select_related("grid", "project").get(pk=activity.pk)
    scope.require_in_scope(user, locked.grid, "activity", "活动网格")
    if not scope.is_visible(user, member):
        raise ValidationError({"member": f"党员 {member.name} 不在您的管辖范围内"})
    if not member.is_active:
        raise ValidationError({"member": f"{member.name} 已不在册"})
    if locked.status != ActivityStatus.SCHEDULED or locked.project.status != ProjectStatus.PUBLISHED:
        raise ValidationError({"activity": f"活动“{locked.title}”未在招募中，不能邀请"})
    if now > locked.signup_closes_at:
        raise ValidationError({"activity": "报名已截止，不能邀请"})
    if locked.signed_up_count >= locked.capacity:
        raise ValidationError({"activity": "名额已满，不能邀请"})
    if Order.objects.active().filter(activity=locked, member=member).exists():
        raise ValidationError({"member": f"{member.name} 已接过该活动的单"})
    return ActivityInvitation.objects.get_or_create(activity=locked, member=member,
                                                    defaults={"invited_by": scope.user_or_none(user)})


def pending_invitations(member, *, now=None):
    """The invitations a member can still act on: open for sign-up, seats left, not yet taken."""
    now = now or timezone.now()
    taken = Order.objects.active().filter(member=member).values("activity_id")
    return (ActivityInvitation.objects.filter(member=member, activity__in=Activity.objects.open_for_signup(now),
                                              activity__signed_up_count__lt=F("activity__capacity"))
            .exclude(activity_id__in=taken).select_related("activity__project", "invited_by")
            .order_by("activity__starts_at"))


@transaction.atomic
def sign_up(activity, member, *, user, now=None):
    now = now or timezone.now()
    _require_actor(user, member)
    activity = Activity.objects.select_related("project").get(pk=activity.pk)
    if not member.is_active:
        raise ValidationError({"member": f"{member.name} 已不在册"})
    if activity.status != ActivityStatus.SCHEDULED or activity.project.status != ProjectStatus.PUBLISHED:
        raise ValidationError({"activity": f"活动“{activity.title}”未在招募中"})
    if now < activity.signup_opens_at:
        raise ValidationError({"activity": f"报名尚未开始（{formatting.local_datetime(activity.signup_opens_at)} 开始）"})
    if now > activity.signup_closes_at:
        raise ValidationError({"activity": "报名已截止"})
    if Order.objects.active().filter(activity=activity, member=member).exists():
        raise ValidationError({"activity": f"{member.name} 已接过该活动的单"})
    required = set(activity.required_skills.values_list("name", flat=True))
    missing = required - set(member.skills.values_list("name", flat=True))
    if missing:
        raise ValidationError({"activity": f"该活动需要技能：{'、'.join(sorted(missing))}"})
    # The seat is taken only if the activity is still open at this instant (a concurrent
    # cancellation or a full house makes this update touch no row).
    taken = Activity.objects.filter(
        pk=activity.pk, status=ActivityStatus.SCHEDULED, signed_up_count__lt=F("capacity"),
        signup_opens_at__lte=now, signup_closes_at__gte=now,
    ).update(signed_up_count=F("signed_up_count") + 1)
    if not taken:
        raise ValidationError({"activity": f"活动“{activity.title}”名额已满"})
    try:
        with transaction.atomic():
            return Order.objects.create(activity=activity, member=member)
    except IntegrityError:
        # A simultaneous sign-up by the same member won the unique constraint.
        raise ValidationError({"activity": f"{member.name} 已接过该活动的单"})


def _locked_order(order):
    return Order.objects.select_for_update(of=("self",)).select_related("activity__service_point", "activity__project",
                                                            "member").get(pk=order.pk)


@transaction.atomic
def cancel_order(order, *, user, reason="", now=None):
    now = now or timezone.now()
    locked = _locked_order(order)
    _require_actor(user, locked.member)
    if locked.status != OrderStatus.SIGNED_UP:
        raise ValidationError(f"订单为“{locked.get_status_display()}”，不能取消")
    if now >= locked.activity.starts_at:
        raise ValidationError("活动已开始，不能取消接单")
    locked.status = OrderStatus.CANCELLED
    locked.cancelled_at = now
    locked.cancel_reason = reason
    locked.save(update_fields=["status", "cancelled_at", "cancel_reason"])
    Activity.objects.filter(pk=locked.activity_id).update(signed_up_count=F("signed_up_count") - 1)
    return locked


@transaction.atomic
def check_in(order, *, user, code, now=None):
    """签到: the code printed on the activity's service point, within the activity's time."""
    now = now or timezone.now()
    locked = _locked_order(order)
    _require_actor(user, locked.member)
    activity = locked.activity
    if locked.status != OrderStatus.SIGNED_UP:
        raise ValidationError({"code": f"订单为“{locked.get_status_display()}”，不能重复签到"})
    if activity.status != ActivityStatus.SCHEDULED:
        raise ValidationError({"code": f"活动已{activity.get_status_display()}，不能签到"})
    point = activity.service_point
    if point is None or (code or "").strip().upper() != point.public_code:
        raise ValidationError({"code": "签到码不正确，请扫描活动阵地的二维码或核对阵地编码"})
    if now < activity.starts_at - CHECKIN_EARLY:
        raise ValidationError({"code": f"活动尚未开始，可在 {formatting.local_time(activity.starts_at - CHECKIN_EARLY)} 后签到"})
    if now > activity.ends_at:
        raise ValidationError({"code": "活动已结束，不能签到"})
    locked.status = OrderStatus.CHECKED_IN
    locked.checked_in_at = now
    locked.save(update_fields=["status", "checked_in_at"])
    mark_in_service(list(activity.project.demands.all()), user=user)
    return locked


@transaction.atomic
def check_out(order, *, user, now=None):
    """签退, which completes the order: a pending ServiceRecord with the hours between check-in
    and check-out (actual service, no travel)."""
    now = now or timezone.now()
    locked = _locked_order(order)
    _require_actor(user, locked.member)
    if locked.status != OrderStatus.CHECKED_IN:
        raise ValidationError(f"订单为“{locked.get_status_display()}”，不能签退")
    if now - locked.checked_in_at < datetime.timedelta(minutes=1):
        raise ValidationError("签到后不足1分钟，不能签退")
    locked.status = OrderStatus.CHECKED_OUT
    locked.checked_out_at = now
    locked.save(update_fields=["status", "checked_out_at"])
    return complete_order(locked, user=user)


def hours_between(start, end):
    return (Decimal((end - start).total_seconds()) / Decimal(3600)).quantize(Decimal("0.01"), ROUND_HALF_UP)


@transaction.atomic
def complete_order(order, *, user, checked_out_at=None):
    """完成: create the pending record. An admin may complete a checked-in order whose member
    forgot to check out; the activity's end then stands in for the check-out."""
    locked = _locked_order(order)
    if locked.status == OrderStatus.CHECKED_IN:
        scope.require_in_scope(user, locked.activity.grid, "activity", "活动网格")
        locked.checked_out_at = checked_out_at or locked.activity.ends_at
    elif locked.status != OrderStatus.CHECKED_OUT:
        raise ValidationError(f"订单为“{locked.get_status_display()}”，不能完成")
    activity = locked.activity
    # Hours of actual service: the part of [check-in, check-out] inside the activity's time.
    served_from = max(locked.checked_in_at, activity.starts_at)
    served_to = min(locked.checked_out_at, activity.ends_at)
    if served_to <= served_from:
        raise ValidationError("签到、签退时间与活动时间没有重叠，无法计算服务时长")
    demands = list(activity.project.demands.all()[:2])
    record = ServiceRecord(
        member=locked.member, activity=activity, order=locked, is_deed=False,
        activity_line=activity.project.activity_line, grid=activity.grid,
        service_date=timezone.localtime(served_from).date(), started_at=served_from,
        ended_at=served_to, hours=hours_between(served_from, served_to),
        place=activity.place, content=f"{activity.project.name}：{activity.title}",
        beneficiary=demands[0].resident_name if len(demands) == 1 else "",
        demand=demands[0] if len(demands) == 1 else None,
    )
    create_record(record, user=user, source=RecordSource.CHECKIN)
    locked.status = OrderStatus.COMPLETED
    locked.save(update_fields=["status", "checked_out_at"])
    return locked


@transaction.atomic
def mark_no_shows(activity, *, user, now=None):
    now = now or timezone.now()
    locked = Activity.objects.select_for_update(of=("self",)).get(pk=activity.pk)
    scope.require_in_scope(user, locked.grid, "activity", "活动网格")
    if now < locked.ends_at:
        raise ValidationError("活动尚未结束")
    count = Order.objects.filter(activity=locked, status=OrderStatus.SIGNED_UP).update(status=OrderStatus.NO_SHOW)
    # signed_up_count is the number of live orders; no-shows no longer hold a seat.
    locked.signed_up_count = F("signed_up_count") - count
    if locked.status == ActivityStatus.SCHEDULED:
        locked.status = ActivityStatus.FINISHED
    locked.save(update_fields=["status", "signed_up_count"])
    return count
