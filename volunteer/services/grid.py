"""The grid tree (G1), organisations and who administers which node."""

from django.core.exceptions import ValidationError
from django.db import transaction

from volunteer import scope
from volunteer.models import (
    AdminScope,
    Grid,
    GridLevel,
    PartyMember,
    PartyOrganization,
)
from volunteer.services.common import delete_or_refuse


@transaction.atomic
def create_grid(*, parent, name, code, user, **extra):
    """Add a node under `parent` (or a district root when parent is None, superusers only)."""
    if parent is None:
        if not scope.scope_for(user).everything:
            raise ValidationError({"parent": "只有系统管理员可以新建区级根网格，请选择上级网格"})
        level = GridLevel.DISTRICT
    else:
        scope.require_in_scope(user, parent, "parent", "上级网格")
        if parent.level >= GridLevel.CELL:
            raise ValidationError({"parent": "“网格”是最末一级，不能再设下级"})
        level = parent.level + 1
    if Grid.objects.filter(code=code).exists():
        raise ValidationError({"code": f"网格编码“{code}”已被使用"})
    node = Grid(name=name, code=code, level=level, **extra)
    node.label = node.compute_label(parent)
    node.full_clean(exclude=["path", "depth", "numchild"], validate_unique=False)
    if parent is None:
        return Grid.add_root(instance=node)
    return Grid.objects.get(pk=parent.pk).add_child(instance=node)


# What an edit may change. The tree's own columns (path, depth, numchild) and the level belong to
# treebeard and create_grid: an edit never writes them, so a child added while the form was
# open keeps its count.
GRID_EDITABLE = ["name", "code", "centroid_lat", "centroid_lng", "boundary"]


@transaction.atomic
def update_grid(grid, *, user):
    locked = Grid.objects.select_for_update().get(pk=grid.pk)
    scope.require_in_scope(user, locked, "name", "网格")
    for name in GRID_EDITABLE:
        setattr(locked, name, getattr(grid, name))
    grid = locked
    if Grid.objects.filter(code=grid.code).exclude(pk=grid.pk).exists():
        raise ValidationError({"code": f"网格编码“{grid.code}”已被使用"})
    grid.full_clean(exclude=["path", "depth", "numchild", "level"], validate_unique=False)
    grid.save(update_fields=GRID_EDITABLE)
    # A rename changes the label of every node below it (rare; a subtree is small).
    parent = grid.get_parent()
    by_path = {parent.path: parent} if parent else {}
    for node in Grid.objects.filter(path__startswith=grid.path).order_by("path"):
        node.label = node.compute_label(by_path.get(node.path[: -Grid.steplen]))
        Grid.objects.filter(pk=node.pk).update(label=node.label)
        by_path[node.path] = node
    grid.refresh_from_db()
    return grid


@transaction.atomic
def delete_grid(grid, *, user):
    scope.require_in_scope(user, grid, "name", "网格")
    if scope.scope_for(user).node == grid:
        raise ValidationError("不能删除您自己的管辖网格")
    if grid.get_children_count():
        raise ValidationError(f"网格“{grid.name}”还有 {grid.get_children_count()} 个下级网格，请先删除或调整下级网格")
    members = PartyMember.objects.in_grid(grid).count()
    if members:
        raise ValidationError(f"网格“{grid.name}”还有 {members} 名党员（居住地或单位所在地），不能删除")
    orgs = PartyOrganization.objects.filter(grid=grid).count()
    if orgs:
        raise ValidationError(f"网格“{grid.name}”还有 {orgs} 个党组织，不能删除")
    delete_or_refuse(grid, f"网格“{grid.name}”仍被其他记录引用，不能删除")


@transaction.atomic
def save_admin_scope(admin_scope, *, user):
    """Give an admin account its grid node. Nobody sets their own scope or a superuser's, and
    the node must lie inside the granting user's own scope."""
    target = admin_scope.user
    if target.pk == getattr(user, "pk", None):
        raise ValidationError({"user": "不能修改自己的管理范围"})
    if target.is_superuser:
        raise ValidationError({"user": "系统管理员不受管理范围限制"})
    scope.require_in_scope(user, admin_scope.grid, "grid", "管辖网格")
    existing = AdminScope.objects.filter(user=target).exclude(pk=admin_scope.pk).first()
    if existing:
        raise ValidationError({"user": f"{target} 已有管理范围（{existing.grid}），请编辑原记录"})
    if admin_scope.pk:
        previous = AdminScope.objects.select_related("grid").get(pk=admin_scope.pk)
        scope.require_in_scope(user, previous.grid, "grid", "原管辖网格")
    admin_scope.save()
    return admin_scope


@transaction.atomic
def delete_admin_scope(admin_scope, *, user):
    if admin_scope.user_id == getattr(user, "pk", None):
        raise ValidationError("不能删除自己的管理范围")
    scope.require_in_scope(user, admin_scope.grid, "grid", "管辖网格")
    admin_scope.delete()





@transaction.atomic
def save_organization(org, *, user):
    scope.require_in_scope(user, org.grid, "grid", "所在网格")
    if org.parent_id:
        if org.parent_id == org.pk:
            raise ValidationError({"parent": "上级组织不能是本组织"})
        ancestor = org.parent
        while ancestor is not None:
            if ancestor.pk == org.pk:
                raise ValidationError({"parent": "上级组织不能是本组织的下级"})
            ancestor = ancestor.parent
    org.full_clean()
    org.save()
    return org


@transaction.atomic
def delete_organization(org, *, user):
    scope.require_in_scope(user, org.grid, "grid", "所在网格")
    members = org.members.count()
    if members:
        raise ValidationError(f"党组织“{org.name}”还有 {members} 名党员，请先将党员转至其他组织")
    if org.children.exists():
        raise ValidationError(f"党组织“{org.name}”还有下级组织，不能删除")
    delete_or_refuse(org, f"党组织“{org.name}”仍被岗位等记录引用，不能删除")
