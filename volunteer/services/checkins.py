"""在职党员到社区报到 (G3)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from volunteer import scope
from volunteer.models import (
    CheckinStatus,
    CommunityCheckin,
    GridLevel,
    MemberStatus,
    PartyMember,
)


@transaction.atomic
def request_checkin(member, community, *, user, note=""):
    if member.status != MemberStatus.IN_SERVICE:
        raise ValidationError({"member": f"{member.name} 不是在职党员，无需到社区报到"})
    if community.level != GridLevel.COMMUNITY:
        raise ValidationError({"community": f"“{community.name}”不是村（社区），请选择居住地所在的村（社区）"})
    if not community.contains(member.home_grid):
        raise ValidationError({"community": f"报到社区应为居住地所在村（社区），{member.name} 居住在“{member.home_grid.name}”"})
    if not (scope.scope_for(user).contains(community) or getattr(member, "user_id", None) == user.pk):
        raise ValidationError({"community": f"“{community.name}”不在您的管辖范围内"})
    # Lock the member row so two simultaneous requests cannot both pass the open-check.
    PartyMember.objects.select_for_update(of=("self",)).filter(pk=member.pk).first()
    current = CommunityCheckin.objects.open().filter(member=member).first()
    if current:
        raise ValidationError({"member": f"{member.name} 已有{current.get_status_display()}的报到记录（{current.community.name}）"})
    return CommunityCheckin.objects.create(member=member, community=community, note=note)


def _locked_pending_checkin(checkin, user):
    locked = CommunityCheckin.objects.select_for_update(of=("self",)).select_related("community", "member").get(pk=checkin.pk)
    scope.require_in_scope(user, locked.community, "community", "报到社区")
    if locked.status != CheckinStatus.PENDING:
        raise ValidationError(f"该报到已是“{locked.get_status_display()}”状态，不能重复处理")
    return locked


@transaction.atomic
def confirm_checkin(checkin, *, user):
    locked = _locked_pending_checkin(checkin, user)
    locked.status = CheckinStatus.CONFIRMED
    locked.decided_at = timezone.now()
    locked.decided_by = scope.user_or_none(user)
    locked.save(update_fields=["status", "decided_at", "decided_by"])
    return locked


@transaction.atomic
def decline_checkin(checkin, *, user, reason):
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"decline_reason": "请填写退回原因"})
    locked = _locked_pending_checkin(checkin, user)
    locked.status = CheckinStatus.DECLINED
    locked.decline_reason = reason
    locked.decided_at = timezone.now()
    locked.decided_by = scope.user_or_none(user)
    locked.save(update_fields=["status", "decline_reason", "decided_at", "decided_by"])
    return locked


def checkin_register(user, community=None):
    """在职党员报到登记簿: in-service members living in scope, each with their open check-in
    (or none). Returns a queryset annotated with `checkin_status`."""
    from django.db.models import OuterRef, Subquery

    members = scope.restrict(PartyMember.objects.active().in_service(), user)
    # Members report where they live, so the register lists residents of the scope only.
    node = community or scope.scope_for(user).node
    if node is not None:
        members = members.living_in(node)
    latest = CommunityCheckin.objects.open().filter(member=OuterRef("pk")).values("status")[:1]
    return members.annotate(checkin_status=Subquery(latest)).for_listing()


def checkin_register_counts(user, community=None):
    """已报到 / 待确认 / 未报到 totals for the register, in one grouped query."""
    from django.db.models import Count

    rows = checkin_register(user, community).order_by().values("checkin_status").annotate(n=Count("pk"))
    by_status = {row["checkin_status"]: row["n"] for row in rows}
    return {
        "confirmed": by_status.get(CheckinStatus.CONFIRMED, 0),
        "pending": by_status.get(CheckinStatus.PENDING, 0),
        "none": by_status.get(None, 0),
    }
