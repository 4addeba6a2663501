"""星级评定 (E5): recompute from approved hours and the beneficiary evaluation average; each change
is announced (公示) for the policy's days before it takes effect; a fraud finding bars promotion."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Avg, OuterRef, Subquery, Sum
from django.utils import timezone

from volunteer import scope
from volunteer.models import (
    Evaluation,
    EvaluationRole,
    FraudFinding,
    PartyMember,
    RecordStatus,
    ServiceRecord,
    StarChange,
    StarChangeStatus,
    StarLevel,
    StarPolicy,
)


def target_level(hours, evaluation, levels):
    reached = 0
    for level in levels:
        if hours >= level.min_hours and (level.min_evaluation <= 0 or (evaluation or 0) >= level.min_evaluation):
            reached = level.level
    return reached


@transaction.atomic
def recompute_stars(*, today=None, members=None):
    """Open a 公示 for every member whose level should change; returns the changes opened."""
    today = today or timezone.localdate()
    policy = StarPolicy.objects.first() or StarPolicy(publicity_days=7, fraud_bar_months=12)
    levels = list(StarLevel.objects.order_by("level"))
    barred_since = today - datetime.timedelta(days=30 * policy.fraud_bar_months)
    barred = set(FraudFinding.objects.filter(found_on__gte=barred_since).values_list("member_id", flat=True))
    queryset = PartyMember.objects.filter(pk__in=members) if members is not None else PartyMember.objects.all()
    # Two subqueries, not one join: joining records and evaluations together would count a
    # record's hours once per evaluation.
    hours = (ServiceRecord.objects.filter(member=OuterRef("pk"), status=RecordStatus.APPROVED).order_by()
             .values("member").annotate(s=Sum("hours")).values("s"))
    evaluations = (Evaluation.objects.filter(record__member=OuterRef("pk"), record__status=RecordStatus.APPROVED,
                                             role=EvaluationRole.BENEFICIARY).order_by()
                   .values("record__member").annotate(a=Avg("score")).values("a"))
    rows = queryset.annotate(approved_hours=Subquery(hours), evaluation=Subquery(evaluations)).values(
        "pk", "star_level", "approved_hours", "evaluation")
    open_changes = {c.member_id: c for c in StarChange.objects.filter(status=StarChangeStatus.PUBLICITY)}
    opened = []
    for row in rows:
        hours = row["approved_hours"] or Decimal(0)
        evaluation = Decimal(str(round(row["evaluation"], 2))) if row["evaluation"] is not None else None
        target = target_level(hours, evaluation, levels)
        if row["pk"] in barred and target > row["star_level"]:
            target = row["star_level"]  # 弄虚作假: no promotion during the bar
        pending = open_changes.get(row["pk"])
        if pending and pending.to_level == target:
            continue
        if pending:
            pending.status = StarChangeStatus.WITHDRAWN
            pending.save(update_fields=["status"])
        if target == row["star_level"]:
            continue
        opened.append(StarChange.objects.create(
            member_id=row["pk"], from_level=row["star_level"], to_level=target, hours=hours, evaluation=evaluation,
            publicity_ends_on=today + datetime.timedelta(days=policy.publicity_days)))
    return opened


@transaction.atomic
def apply_due_star_changes(*, today=None):
    """Changes whose 公示 has ended take effect."""
    today = today or timezone.localdate()
    due = StarChange.objects.select_for_update(of=("self",)).filter(status=StarChangeStatus.PUBLICITY,
                                                                    publicity_ends_on__lte=today)
    applied = 0
    for change in due:
        PartyMember.objects.filter(pk=change.member_id).update(star_level=change.to_level)
        change.status = StarChangeStatus.EFFECTIVE
        change.effective_at = timezone.now()
        change.save(update_fields=["status", "effective_at"])
        applied += 1
    return applied


@transaction.atomic
def record_fraud_finding(member, *, user, note, found_on=None):
    if not (note or "").strip():
        raise ValidationError({"note": "请填写认定的情况说明"})
    if not scope.is_visible(user, member):
        raise ValidationError({"member": f"党员 {member.name} 不在您的管辖范围内"})
    finding = FraudFinding.objects.create(member=member, found_on=found_on or timezone.localdate(), note=note,
                                          by=scope.user_or_none(user))
    # A promotion announced before the finding is withdrawn.
    StarChange.objects.filter(member=member, status=StarChangeStatus.PUBLICITY,
                              to_level__gt=member.star_level).update(status=StarChangeStatus.WITHDRAWN)
    return finding
