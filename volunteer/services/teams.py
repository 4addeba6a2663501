"""Teams (T1–T3) and service points (P1–P3)."""

from django.core.exceptions import ValidationError
from django.db import transaction

from volunteer import scope
from volunteer.services.common import delete_or_refuse


@transaction.atomic
def save_team(team, *, user, members=None, categories=None):
    scope.require_in_scope(user, team.grid, "grid", "队伍所在网格")
    if team.organization_id and not scope.scope_for(user).contains(team.organization.grid):
        raise ValidationError({"organization": f"依托组织“{team.organization}”不在您的管辖范围内"})
    if team.kind == "unit" and not team.organization_id:
        raise ValidationError({"organization": "按单位组建的队伍须填写依托组织"})
    if not scope.is_visible(user, team.leader):
        raise ValidationError({"leader": f"队长 {team.leader.name} 不在您的管辖范围内"})
    team.full_clean(exclude=["members", "categories"])
    team.save()
    if categories is not None:
        team.categories.set(categories)
    if members is not None:
        # Members the editor cannot see were not on their form: keep them.
        hidden = [m for m in team.members.all() if not scope.is_visible(user, m)] if team.pk else []
        team.members.set(set(members) | set(hidden) | {team.leader})
    return team


@transaction.atomic
def delete_team(team, *, user):
    scope.require_in_scope(user, team.grid, "grid", "队伍所在网格")
    if team.projects.exists():
        raise ValidationError(f"队伍“{team.name}”已承接项目，不能删除；不再使用请取消“启用”")
    delete_or_refuse(team, f"队伍“{team.name}”仍被其他记录引用，不能删除")


@transaction.atomic
def save_service_point(point, *, user):
    scope.require_in_scope(user, point.grid, "grid", "阵地所在网格")
    point.full_clean()
    point.save()
    return point


@transaction.atomic
def delete_service_point(point, *, user):
    scope.require_in_scope(user, point.grid, "grid", "阵地所在网格")
    delete_or_refuse(point, f"阵地“{point.name}”已有活动或需求记录，不能删除；不再使用请取消“启用”")
