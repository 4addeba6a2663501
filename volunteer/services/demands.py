"""群众点单 (M1): intake and the demand's status machine. Every change is logged with who, when
and why (DemandTransition)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from volunteer import scope
from volunteer.models import DEMAND_TRANSITIONS, Demand, DemandChannel, DemandStatus, DemandTransition, GridLevel
from volunteer.validators import validate_mobile


def transition(demand, to_status, *, user, note=""):
    """Move a (locked) demand to `to_status` if the machine allows it, and log it."""
    if to_status not in DEMAND_TRANSITIONS[DemandStatus(demand.status)]:
        raise ValidationError(
            {"status": f"需求“{demand.title}”当前为“{demand.get_status_display()}”，不能改为“{DemandStatus(to_status).label}”"}
        )
    DemandTransition.objects.create(demand=demand, from_status=demand.status, to_status=to_status,
                                    by=scope.user_or_none(user), note=note)
    demand.status = to_status
    demand.save(update_fields=["status", "reject_reason", "feedback", "resolved_at", "project"])
    return demand


def _locked(demand, user):
    locked = Demand.objects.select_for_update(of=("self",)).select_related("grid").get(pk=demand.pk)
    scope.require_in_scope(user, locked.grid, "grid", "需求所在网格")
    return locked


def _check_content(demand, user, *, public=False):
    if demand.grid.level < GridLevel.COMMUNITY:
        raise ValidationError({"grid": "请选择需求所在的村（社区）或网格"})
    # The public online form is open to everyone, logged in or not: whoever submits it speaks as
    # a resident, so no scope applies. Every other channel (admin, API, import) is scoped.
    scoped = not public and getattr(user, "is_authenticated", False)
    if scoped:
        scope.require_in_scope(user, demand.grid, "grid", "需求所在网格")
    if demand.channel != DemandChannel.ONLINE and demand.collection_point_id is None:
        raise ValidationError({"collection_point": "信息定点收集：请填写收集该需求的服务阵地"})
    if demand.collection_point_id and scoped:
        scope.require_in_scope(user, demand.collection_point.grid, "collection_point", "收集点")
    try:
        demand.resident_phone = validate_mobile(demand.resident_phone)
    except ValidationError as error:
        raise ValidationError({"resident_phone": error.messages})
    if not (demand.description or "").strip():
        raise ValidationError({"description": "请填写需求描述"})


@transaction.atomic
def intake_demand(demand, *, user, public=False):
    """Register a demand from any channel (admin form, API, import), or with `public=True` from the
    public online form (群众点单): there the submitter is a resident whoever is logged in, so the
    demand is registered exactly as an anonymous one (online channel, no scope, no 登记人)."""
    if public:
        demand.channel, demand.collection_point = DemandChannel.ONLINE, None
        user = None
    _check_content(demand, user, public=public)
    demand.status = DemandStatus.NEW
    demand.created_by = scope.user_or_none(user)
    demand.full_clean(exclude=["project"])
    demand.save()
    DemandTransition.objects.create(demand=demand, from_status="", to_status=DemandStatus.NEW, by=demand.created_by,
                                    note=f"{demand.get_channel_display()}登记")
    return demand


DEMAND_EDITABLE = ["title", "description", "channel", "category", "urgency", "grid", "collection_point",
                   "resident_name", "resident_phone", "resident_address"]


@transaction.atomic
def update_demand(demand, *, user):
    """Correct a demand's content while it is new or accepted; its status and log stay."""
    locked = _locked(demand, user)
    if locked.status not in (DemandStatus.NEW, DemandStatus.ACCEPTED):
        raise ValidationError(f"需求已{locked.get_status_display()}，不能再修改内容")
    for name in DEMAND_EDITABLE:
        setattr(locked, name, getattr(demand, name))
    _check_content(locked, user)
    locked.full_clean(exclude=["project"])
    locked.save(update_fields=DEMAND_EDITABLE)
    return locked


@transaction.atomic
def accept_demand(demand, *, user, note=""):
    return transition(_locked(demand, user), DemandStatus.ACCEPTED, user=user, note=note or "受理")


@transaction.atomic
def reject_demand(demand, *, user, reason):
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reject_reason": "请填写不予受理的原因（将告知群众）"})
    locked = _locked(demand, user)
    locked.reject_reason = reason
    return transition(locked, DemandStatus.REJECTED, user=user, note=reason)


@transaction.atomic
def resolve_demand(demand, *, user, feedback):
    """办结: the resident is told what was done."""
    feedback = (feedback or "").strip()
    if not feedback:
        raise ValidationError({"feedback": "请填写向群众反馈的办理结果"})
    locked = _locked(demand, user)
    locked.feedback = feedback
    locked.resolved_at = timezone.now()
    return transition(locked, DemandStatus.RESOLVED, user=user, note=feedback[:300])


def mark_in_service(demands, *, user):
    """First service on a project's demands (called inside the check-in transaction)."""
    for demand in Demand.objects.select_for_update(of=("self",)).filter(pk__in=[d.pk for d in demands],
                                                             status=DemandStatus.PLANNED):
        transition(demand, DemandStatus.IN_SERVICE, user=user, note="党员义工开始服务")


def mark_evaluated(demand, *, user, note):
    locked = Demand.objects.select_for_update(of=("self",)).get(pk=demand.pk)
    if locked.status == DemandStatus.RESOLVED:
        transition(locked, DemandStatus.EVALUATED, user=user, note=note)
