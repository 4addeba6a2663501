"""党组织下单 (M2, G5): projects from demands, publishing, activities, periodic feedback."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from volunteer import scope
from volunteer.models import (
    Activity,
    ActivityStatus,
    Demand,
    DemandStatus,
    ProjectFeedback,
    ProjectStatus,
    ServiceProject,
)
from volunteer.services.demands import transition


def _locked_project(project, user):
    locked = ServiceProject.objects.select_for_update(of=("self",)).select_related("organization__grid").get(pk=project.pk)
    scope.require_in_scope(user, locked.organization.grid, "organization", "下单组织")
    return locked


def project_draft_from_demands(demands, *, user):
    """The fields a project drafted from accepted demands starts with: the (first) demand's title,
    category and description, and the party organisation nearest above the demand's grid within
    the user's scope. Several demands: every description, one per line."""
    from volunteer.models import Grid, PartyOrganization

    if not demands:
        return {}
    first = demands[0]
    draft = {"name": first.title if len(demands) == 1 else f"{first.title}等{len(demands)}项需求",
             "category": first.category_id,
             "description": "\n".join(f"{d.title}：{d.description}" if len(demands) > 1 else d.description
                                       for d in demands)}
    grid = first.grid
    ancestors = [grid.path[: Grid.steplen * depth] for depth in range(grid.depth, 0, -1)]
    orgs = scope.restrict(PartyOrganization.objects.filter(grid__path__in=ancestors).select_related("grid"), user)
    nearest = max(orgs.order_by("code"), key=lambda org: org.grid.depth, default=None)
    if nearest is not None:
        draft["organization"] = nearest.pk
    return draft


@transaction.atomic
def plan_project(project, *, user, demands=()):
    """转为服务项目: create a project (one responsible person) and link accepted demands to it."""
    scope.require_in_scope(user, project.organization.grid, "organization", "下单组织")
    if not scope.is_visible(user, project.responsible):
        raise ValidationError({"responsible": f"项目负责人 {project.responsible.name} 不在您的管辖范围内"})
    project.status = ProjectStatus.DRAFT
    project.created_by = scope.user_or_none(user)
    project.full_clean()
    project.save()
    locked = list(Demand.objects.select_for_update(of=("self",)).filter(pk__in=[d.pk for d in demands]).select_related("grid"))
    for demand in locked:
        scope.require_in_scope(user, demand.grid, "demands", "需求所在网格")
        if demand.status != DemandStatus.ACCEPTED:
            raise ValidationError({"demands": f"需求“{demand.title}”为“{demand.get_status_display()}”，只有已受理的需求可以立项"})
        demand.project = project
        transition(demand, DemandStatus.PLANNED, user=user, note=f"转为服务项目“{project.name}”")
    return project


PROJECT_EDITABLE = ["name", "organization", "category", "responsible", "activity_line", "campaign", "team",
                    "description", "feedback_interval_days"]
ACTIVITY_EDITABLE = ["project", "title", "grid", "service_point", "place", "starts_at", "ends_at", "capacity",
                     "signup_opens_at", "signup_closes_at"]


def copy_fields(target, source, names):
    for name in names:
        setattr(target, name, getattr(source, name))
    return target


@transaction.atomic
def update_project(project, *, user):
    """Edit what a form may edit; status, publication and feedback dates stay as they are."""
    locked = _locked_project(project, user)
    if locked.status == ProjectStatus.CLOSED:
        raise ValidationError("项目已结项，不能再修改")
    copy_fields(locked, project, PROJECT_EDITABLE)
    scope.require_in_scope(user, locked.organization.grid, "organization", "下单组织")
    locked.full_clean()
    locked.save(update_fields=PROJECT_EDITABLE)
    return locked


@transaction.atomic
def publish_project(project, *, user):
    locked = _locked_project(project, user)
    if locked.status != ProjectStatus.DRAFT:
        raise ValidationError(f"项目已{locked.get_status_display()}，不能重复发布")
    locked.status = ProjectStatus.PUBLISHED
    locked.published_at = timezone.now()
    locked.next_feedback_due = timezone.localdate() + datetime.timedelta(days=locked.feedback_interval_days)
    locked.save(update_fields=["status", "published_at", "next_feedback_due"])
    return locked


@transaction.atomic
def record_project_feedback(project, *, user, content):
    """效果定期反馈: one round of feedback; the next one falls due an interval later."""
    content = (content or "").strip()
    if not content:
        raise ValidationError({"content": "请填写反馈内容"})
    locked = _locked_project(project, user)
    if locked.status != ProjectStatus.PUBLISHED:
        raise ValidationError("只有进行中的项目需要定期反馈")
    ProjectFeedback.objects.create(project=locked, content=content, by=scope.user_or_none(user))
    locked.next_feedback_due = timezone.localdate() + datetime.timedelta(days=locked.feedback_interval_days)
    locked.save(update_fields=["next_feedback_due"])
    return locked


@transaction.atomic
def close_project(project, *, user):
    locked = _locked_project(project, user)
    if locked.status == ProjectStatus.CLOSED:
        raise ValidationError("项目已结项")
    open_demands = locked.demands.exclude(status__in=[DemandStatus.RESOLVED, DemandStatus.EVALUATED]).count()
    if open_demands:
        raise ValidationError(f"还有 {open_demands} 条需求未办结，不能结项")
    unfinished = locked.activities.filter(status=ActivityStatus.SCHEDULED).count()
    if unfinished:
        raise ValidationError(f"还有 {unfinished} 场活动未结束或取消，不能结项")
    locked.status = ProjectStatus.CLOSED
    locked.next_feedback_due = None
    locked.save(update_fields=["status", "next_feedback_due"])
    return locked


@transaction.atomic
def schedule_activity(activity, *, user, required_skills=None):
    """活动定时开展: an activity with a time, place, capacity and sign-up window. Editing an
    existing one locks it and changes only the form's fields (the live sign-up count stays)."""
    if activity.pk:
        locked = Activity.objects.select_for_update(of=("self",)).get(pk=activity.pk)
        scope.require_in_scope(user, locked.grid, "grid", "活动网格")
        if locked.status != ActivityStatus.SCHEDULED:
            raise ValidationError(f"活动已{locked.get_status_display()}，不能再修改")
        activity = copy_fields(locked, activity, ACTIVITY_EDITABLE)
    project = activity.project
    scope.require_in_scope(user, project.organization.grid, "project", "项目所属组织")
    scope.require_in_scope(user, activity.grid, "grid", "活动网格")
    if project.status == ProjectStatus.CLOSED:
        raise ValidationError({"project": "项目已结项，不能再安排活动"})
    errors = {}
    if activity.starts_at and activity.ends_at and activity.ends_at <= activity.starts_at:
        errors["ends_at"] = "结束时间须晚于开始时间"
    if activity.signup_opens_at and activity.signup_closes_at and activity.signup_closes_at <= activity.signup_opens_at:
        errors["signup_closes_at"] = "报名截止须晚于报名开始"
    if activity.signup_closes_at and activity.ends_at and activity.signup_closes_at > activity.ends_at:
        errors["signup_closes_at"] = "报名截止不能晚于活动结束"
    if activity.capacity is not None and activity.capacity < 1:
        errors["capacity"] = "招募人数至少为1"
    if activity.pk and activity.capacity is not None:
        live = activity.signed_up_count
        if activity.capacity < live:
            errors["capacity"] = f"已有 {live} 人报名，招募人数不能少于 {live}"
    if errors:
        raise ValidationError(errors)
    if activity.service_point_id and activity.service_point.grid_id and not activity.place:
        activity.place = activity.service_point.address
    activity.full_clean(exclude=["required_skills"])
    if activity.pk:
        activity.save(update_fields=ACTIVITY_EDITABLE)
    else:
        activity.save()
    if required_skills is not None:
        activity.required_skills.set(required_skills)
    return activity


@transaction.atomic
def cancel_activity(activity, *, user, reason):
    locked = Activity.objects.select_for_update(of=("self",)).select_related("grid").get(pk=activity.pk)
    scope.require_in_scope(user, locked.grid, "grid", "活动网格")
    if locked.status != ActivityStatus.SCHEDULED:
        raise ValidationError(f"活动已{locked.get_status_display()}")
    from volunteer.models import Order, OrderStatus

    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写取消原因（将通知已接单党员）"})
    started = Order.objects.filter(activity=locked).exclude(status__in=[OrderStatus.SIGNED_UP, OrderStatus.CANCELLED])
    if started.exists():
        raise ValidationError(f"已有 {started.count()} 人签到，活动不能取消；请在活动结束后“结束活动”")
    now = timezone.now()
    Order.objects.filter(activity=locked, status=OrderStatus.SIGNED_UP).update(
        status=OrderStatus.CANCELLED, cancelled_at=now, cancel_reason=f"活动取消：{reason}")
    locked.status = ActivityStatus.CANCELLED
    locked.signed_up_count = 0
    locked.save(update_fields=["status", "signed_up_count"])
    return locked
