"""Domain operations. Each is one transaction and the only way its state changes: the admin,
the portal, the API, imports and tasks all call these. Errors are Chinese ValidationErrors that
name the field; on error nothing is written."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from volunteer import scope
from volunteer.models import (
    AdminScope,
    CheckinStatus,
    CommunityCheckin,
    Grid,
    GridLevel,
    MemberStatus,
    PartyMember,
    PartyOrganization,
    Post,
    PostAssignment,
)
from volunteer.validators import validate_id_card, validate_mobile

# --- Grid ---------------------------------------------------------------------------------


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


@transaction.atomic
def update_grid(grid, *, user):
    scope.require_in_scope(user, grid, "name", "网格")
    if Grid.objects.filter(code=grid.code).exclude(pk=grid.pk).exists():
        raise ValidationError({"code": f"网格编码“{grid.code}”已被使用"})
    grid.full_clean(exclude=["path", "depth", "numchild", "level"], validate_unique=False)
    grid.save()
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
    try:
        grid.delete()
    except ProtectedError:
        raise ValidationError(f"网格“{grid.name}”仍被其他记录引用，不能删除")


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


# --- Organisations ----------------------------------------------------------------------------


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
    try:
        org.delete()
    except ProtectedError:
        raise ValidationError(f"党组织“{org.name}”仍被岗位等记录引用，不能删除")


# --- Members -------------------------------------------------------------------------------


@transaction.atomic
def save_member(member, *, user, id_card=None, mobile=None, skills=None):
    """Create or update a member. `id_card`/`mobile` are raw input (None keeps the stored value)."""
    errors = {}
    if id_card is not None:
        try:
            number = validate_id_card(id_card)
        except ValidationError as e:
            errors["id_card"] = e.messages
        else:
            existing = PartyMember.objects.with_id_card(number).exclude(pk=member.pk).first()
            if existing:
                errors["id_card"] = ["该身份证号码已登记（党员：%s）" % existing.name]
            else:
                member.set_id_card(number)
    elif not member.pk:
        errors["id_card"] = ["请填写身份证号码"]
    if mobile is not None:
        try:
            member.mobile = validate_mobile(mobile)
        except ValidationError as e:
            errors["mobile"] = e.messages
    elif not member.mobile:
        errors["mobile"] = ["请填写手机号码"]
    if errors:
        raise ValidationError(errors)

    visible = scope.scope_for(user)
    home = member.home_grid if member.home_grid_id else None
    work = member.work_grid if member.work_grid_id else None
    if not (visible.contains(home) or visible.contains(work)):
        raise ValidationError(
            {"home_grid": f"居住地网格和单位所在网格至少有一个须在您的管辖范围（{visible.label}）内"}
        )
    if member.status == MemberStatus.IN_SERVICE and work is None:
        raise ValidationError({"work_grid": "在职党员须填写单位所在网格"})
    member.full_clean(exclude=["id_card_encrypted", "id_card_hash", "id_card_masked", "birth_date", "skills"])
    member.save()
    if skills is not None:
        member.skills.set(skills)
    return member


@transaction.atomic
def delete_member(member, *, user):
    if not scope.is_visible(user, member):
        raise ValidationError(f"党员 {member.name} 不在您的管辖范围内")
    try:
        member.delete()
    except ProtectedError:
        raise ValidationError(f"党员 {member.name} 已有报到、岗位等记录，不能删除；如已转出，请将其设为“不在册”")


# --- 在职党员到社区报到 (G3) ---------------------------------------------------------------------


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
    PartyMember.objects.select_for_update().filter(pk=member.pk).first()
    current = CommunityCheckin.objects.open().filter(member=member).first()
    if current:
        raise ValidationError({"member": f"{member.name} 已有{current.get_status_display()}的报到记录（{current.community.name}）"})
    return CommunityCheckin.objects.create(member=member, community=community, note=note)


def _locked_pending_checkin(checkin, user):
    locked = CommunityCheckin.objects.select_for_update().select_related("community", "member").get(pk=checkin.pk)
    scope.require_in_scope(user, locked.community, "community", "报到社区")
    if locked.status != CheckinStatus.PENDING:
        raise ValidationError(f"该报到已是“{locked.get_status_display()}”状态，不能重复处理")
    return locked


@transaction.atomic
def confirm_checkin(checkin, *, user):
    locked = _locked_pending_checkin(checkin, user)
    locked.status = CheckinStatus.CONFIRMED
    locked.decided_at = timezone.now()
    locked.decided_by = user
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
    locked.decided_by = user
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


# --- 无职党员设岗定责 (G4) -----------------------------------------------------------------------


@transaction.atomic
def save_post(post, *, user):
    scope.require_in_scope(user, post.organization.grid, "organization", "设岗组织")
    if post.organization.kind not in ("village", "community"):
        raise ValidationError({"organization": "设岗定责由村（社区）党组织设立，请选择村或社区党组织"})
    post.full_clean()
    post.save()
    return post


@transaction.atomic
def assign_post(post, member, *, user, assigned_on=None, note=""):
    post = Post.objects.select_for_update().select_related("organization__grid").get(pk=post.pk)
    scope.require_in_scope(user, post.organization.grid, "post", "岗位所属组织")
    if not post.is_active:
        raise ValidationError({"post": f"岗位“{post.title}”已停用"})
    if not scope.is_visible(user, member):
        raise ValidationError({"member": f"党员 {member.name} 不在您的管辖范围内"})
    if member.status != MemberStatus.WITHOUT_OFFICE:
        raise ValidationError({"member": f"{member.name} 是{member.get_status_display()}党员，设岗定责面向无职党员"})
    if not member.is_active:
        raise ValidationError({"member": f"{member.name} 已不在册"})
    current = post.assignments.current()
    if current.filter(member=member).exists():
        raise ValidationError({"member": f"{member.name} 已在岗位“{post.title}”上"})
    if current.count() >= post.headcount:
        raise ValidationError({"post": f"岗位“{post.title}”已满（{post.headcount} 人）"})
    return PostAssignment.objects.create(
        post=post, member=member, assigned_on=assigned_on or timezone.localdate(), note=note, assigned_by=user
    )


@transaction.atomic
def update_assignment(assignment, *, user, ended_on=None, note=""):
    """Record a member leaving a post (离岗) or amend the note; assignments are history, never deleted."""
    locked = PostAssignment.objects.select_for_update().select_related("post__organization__grid").get(pk=assignment.pk)
    scope.require_in_scope(user, locked.post.organization.grid, "post", "岗位所属组织")
    if locked.ended_on and ended_on != locked.ended_on:
        raise ValidationError({"ended_on": "该党员已离岗，离岗日期不能再修改"})
    if ended_on and ended_on < locked.assigned_on:
        raise ValidationError({"ended_on": "离岗日期不能早于定岗日期"})
    locked.ended_on = ended_on
    locked.note = note
    locked.save(update_fields=["ended_on", "note"])
    return locked


def delete_assignment(assignment, *, user):
    raise ValidationError("岗位分配记录不能删除；党员离岗请填写离岗日期")


@transaction.atomic
def delete_post(post, *, user):
    scope.require_in_scope(user, post.organization.grid, "organization", "设岗组织")
    if post.assignments.exists():
        raise ValidationError(f"岗位“{post.title}”已有分配记录，不能删除；不再使用请取消“启用”")
    post.delete()
