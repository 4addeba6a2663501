"""志愿服务记录: creation with fraud guards (O6), approval, three-way evaluation (E1) and
periodic appraisal (E2)."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, Q, Sum
from django.utils import timezone

from volunteer import scope
from volunteer.models import (
    ActivityLine,
    Appraisal,
    AppraisalScheme,
    Evaluation,
    EvaluationRole,
    FraudFlag,
    RecordSource,
    RecordStatus,
    ServiceRecord,
)

LIVE = [RecordStatus.PENDING, RecordStatus.APPROVED]


def fraud_flags(record):
    """What a person must look at before this record counts (never silently accepted)."""
    flags = []
    others = ServiceRecord.objects.filter(member=record.member, status__in=LIVE).exclude(pk=record.pk)
    if others.filter(started_at__lt=record.ended_at, ended_at__gt=record.started_at).exists():
        flags.append(FraudFlag.OVERLAP)
    same_day = others.filter(service_date=record.service_date).aggregate(h=Sum("hours"))["h"] or Decimal(0)
    if same_day + Decimal(record.hours) > 24:
        flags.append(FraudFlag.OVER_24H)
    if record.activity_id and Decimal(record.hours) > Decimal(str(record.activity.duration_hours)) + Decimal("0.01"):
        flags.append(FraudFlag.BEYOND_ACTIVITY)
    duplicate = others.filter(started_at=record.started_at).filter(
        Q(activity_id=record.activity_id) if record.activity_id else Q(content=record.content))
    if duplicate.exists():
        flags.append(FraudFlag.DUPLICATE)
    return [str(f) for f in flags]


@transaction.atomic
def create_record(record, *, user, source):
    """The one way a record comes into being (check-out, deed, admin entry, import)."""
    if record.ended_at <= record.started_at:
        raise ValidationError({"ended_at": "结束时间须晚于开始时间"})
    if record.hours is None:
        record.hours = (Decimal((record.ended_at - record.started_at).total_seconds()) / 3600).quantize(Decimal("0.01"))
    if Decimal(record.hours) <= 0:
        raise ValidationError({"hours": "服务时长须大于0"})
    if Decimal(record.hours) > 24:
        raise ValidationError({"hours": "单条记录的服务时长不能超过24小时"})
    if record.started_at > timezone.now() + datetime.timedelta(minutes=5):
        raise ValidationError({"started_at": "不能登记尚未发生的服务"})
    # Serialize a member's record submissions so two at once cannot both escape the checks.
    from volunteer.models import PartyMember

    PartyMember.objects.select_for_update(of=("self",)).filter(pk=record.member_id).first()
    record.source = source
    record.status = RecordStatus.PENDING
    record.recorder = scope.user_or_none(user)
    record.flags = fraud_flags(record)
    record.full_clean(exclude=["order", "activity", "demand", "evaluation_token"])
    record.save()
    return record


@transaction.atomic
def record_deed(record, *, user):
    """为群众办一件实事好事 (O1, O5): a standalone record by the member or an admin."""
    from volunteer.services.orders import acts_for

    if not acts_for(user, record.member):
        raise ValidationError({"member": f"您不能替党员 {record.member.name} 登记"})
    record.is_deed = True
    record.activity = None
    record.activity_line = record.activity_line or ActivityLine.DEED
    by_member = bool(record.member.user_id) and record.member.user_id == getattr(user, "pk", None)
    if not record.grid_id:
        # The record goes to the review queue of the grid it is placed in: for an admin, the
        # member's grid inside their own scope.
        grids = [g for g in (record.member.home_grid, record.member.work_grid) if g is not None]
        in_scope = [g for g in grids if by_member or scope.scope_for(user).contains(g)]
        record.grid = in_scope[0] if in_scope else grids[0]
    if not by_member:
        scope.require_in_scope(user, record.grid, "member", "服务网格")
    if not record.service_date:
        record.service_date = timezone.localtime(record.started_at).date()
    return create_record(record, user=user, source=RecordSource.SELF if by_member else RecordSource.ADMIN)


@transaction.atomic
def import_record(record, *, user):
    """A record from a spreadsheet or a partner platform's export: placed in a grid the importer
    manages, for a member they can see; it waits for approval like any other."""
    if not scope.is_visible(user, record.member):
        raise ValidationError({"member": f"党员 {record.member.name} 不在您的管辖范围内"})
    if not record.grid_id:
        grids = [g for g in (record.member.home_grid, record.member.work_grid) if g is not None]
        in_scope = [g for g in grids if scope.scope_for(user).contains(g)]
        record.grid = in_scope[0] if in_scope else grids[0]
    scope.require_in_scope(user, record.grid, "grid", "服务网格")
    if record.activity_id and not scope.scope_for(user).contains(record.activity.grid):
        raise ValidationError({"activity": f"活动“{record.activity.title}”不在您的管辖范围内"})
    if record.activity_id:
        record.activity_line = record.activity.project.activity_line
    record.activity_line = record.activity_line or ActivityLine.PUBLIC_GOOD
    record.service_date = timezone.localtime(record.started_at).date()
    return create_record(record, user=user, source=RecordSource.IMPORT)


def _locked_record(record, user):
    locked = ServiceRecord.objects.select_for_update(of=("self",)).select_related("grid", "member").get(pk=record.pk)
    scope.require_in_scope(user, locked.grid, "grid", "服务网格")
    return locked


@transaction.atomic
def approve_record(record, *, user, note=""):
    locked = _locked_record(record, user)
    if locked.status != RecordStatus.PENDING:
        raise ValidationError(f"记录已{locked.get_status_display()}，不能重复审核")
    if locked.member.user_id and locked.member.user_id == getattr(user, "pk", None):
        raise ValidationError("不能审核自己的服务记录")
    note = (note or "").strip()
    if locked.flags and not note:
        labels = "、".join(locked.flag_labels)
        raise ValidationError({"decision_note": f"该记录有风险提示（{labels}），请核实后填写审核意见再通过"})
    locked.status = RecordStatus.APPROVED
    locked.decision_note = note
    locked.verifier = scope.user_or_none(user)
    locked.verified_at = timezone.now()
    locked.save(update_fields=["status", "decision_note", "verifier", "verified_at"])
    from volunteer.services.ledger import award_for_record

    award_for_record(locked, user=user)
    return locked


@transaction.atomic
def reject_record(record, *, user, reason):
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"decision_note": "请填写驳回原因"})
    locked = _locked_record(record, user)
    if locked.status != RecordStatus.PENDING:
        raise ValidationError(f"记录已{locked.get_status_display()}，不能重复审核")
    locked.status = RecordStatus.REJECTED
    locked.decision_note = reason
    locked.verifier = scope.user_or_none(user)
    locked.verified_at = timezone.now()
    locked.save(update_fields=["status", "decision_note", "verifier", "verified_at"])
    return locked


@transaction.atomic
def evaluate(record, *, role, score, comment="", user=None, by_phone=False, token=None):
    """一事一评. Self: the member. Beneficiary: through the record's link/QR (token) or taken by
    phone by an admin. Organisation: an admin whose scope holds the record."""
    from volunteer.services.demands import mark_evaluated

    # Locked, so an approval and a beneficiary evaluation at the same moment see each other.
    record = ServiceRecord.objects.select_for_update(of=("self",)).select_related("member", "grid", "demand").get(
        pk=record.pk)
    try:
        score = int(score)
    except (TypeError, ValueError):
        raise ValidationError({"score": "评分须为1到5的整数"})
    if not 1 <= score <= 5:
        raise ValidationError({"score": "评分须为1到5的整数"})
    if record.status == RecordStatus.REJECTED:
        raise ValidationError("已驳回的记录不能评价")
    if role == EvaluationRole.SELF:
        if not (record.member.user_id and record.member.user_id == getattr(user, "pk", None)):
            raise ValidationError({"role": "自评只能由党员本人填写"})
    elif role == EvaluationRole.BENEFICIARY:
        if token is not None:
            if token != record.evaluation_token:
                raise ValidationError({"token": "评价链接无效"})
            if record.member.user_id and record.member.user_id == getattr(user, "pk", None):
                raise ValidationError({"token": "服务对象评价须由服务对象本人填写"})
            user = None
        elif not (by_phone and scope.scope_for(user).contains(record.grid)):
            raise ValidationError({"role": "服务对象评价须通过评价链接，或由管理员电话回访录入"})
    elif role == EvaluationRole.ORGANIZATION:
        scope.require_in_scope(user, record.grid, "role", "服务网格")
        if record.status != RecordStatus.APPROVED:
            raise ValidationError({"role": "记录审核通过后才能进行党组织总评"})
    else:
        raise ValidationError({"role": "未知的评价方"})
    try:
        with transaction.atomic():
            evaluation = Evaluation.objects.create(record=record, role=role, score=score, comment=comment[:300],
                                                   by=scope.user_or_none(user), by_phone=by_phone)
    except IntegrityError:
        raise ValidationError({"role": f"该记录已有“{EvaluationRole(role).label}”"})
    if role == EvaluationRole.BENEFICIARY and record.demand_id:
        mark_evaluated(record.demand, user=user, note=f"服务对象评价 {score} 分")
    if role == EvaluationRole.BENEFICIARY:
        from volunteer.services.ledger import bonus_for_evaluation

        bonus_for_evaluation(evaluation, user=user)
    return evaluation


@transaction.atomic
def compute_appraisal(member, *, period_start, period_end, user=None):
    """长期测评 (E2): the period's approved records and their evaluations, weighted by the active
    scheme; roles with no evaluation are left out and the weights renormalized."""
    scheme = AppraisalScheme.objects.filter(is_active=True).first()
    if scheme is None:
        raise ValidationError("请先在后台设置测评权重方案")
    records = ServiceRecord.objects.approved().filter(member=member, service_date__range=(period_start, period_end))
    totals = records.aggregate(n=Count("pk"), h=Sum("hours"))
    averages = dict(
        Evaluation.objects.filter(record__in=records).values_list("role").annotate(a=Avg("score")).values_list("role", "a")
    )
    weights = {EvaluationRole.SELF: scheme.self_weight, EvaluationRole.BENEFICIARY: scheme.beneficiary_weight,
               EvaluationRole.ORGANIZATION: scheme.organization_weight}
    present = {role: Decimal(str(avg)) for role, avg in averages.items() if avg is not None}
    weight_sum = sum(weights[r] for r in present)
    score = (sum(present[r] * weights[r] for r in present) / weight_sum).quantize(Decimal("0.01")) if weight_sum else None
    appraisal, _ = Appraisal.objects.update_or_create(
        member=member, period_start=period_start, period_end=period_end,
        defaults={
            "scheme": scheme, "records": totals["n"], "hours": totals["h"] or 0, "score": score,
            "self_score": present.get(EvaluationRole.SELF), "beneficiary_score": present.get(EvaluationRole.BENEFICIARY),
            "organization_score": present.get(EvaluationRole.ORGANIZATION),
        },
    )
    return appraisal


def compute_appraisals(*, period_start, period_end, user=None):
    """长期测评 for every member with approved service in the period (a scheduled job calls this)."""
    from volunteer.models import PartyMember

    members = PartyMember.objects.filter(
        service_records__status=RecordStatus.APPROVED,
        service_records__service_date__range=(period_start, period_end)).distinct()
    return [compute_appraisal(m, period_start=period_start, period_end=period_end, user=user) for m in members]
