"""无职党员设岗定责 (G4)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from volunteer import scope
from volunteer.models import (
    MemberStatus,
    Post,
    PostAssignment,
)


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
    post = Post.objects.select_for_update(of=("self",)).select_related("organization__grid").get(pk=post.pk)
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
        post=post, member=member, assigned_on=assigned_on or timezone.localdate(), note=note, assigned_by=scope.user_or_none(user)
    )


@transaction.atomic
def update_assignment(assignment, *, user, ended_on=None, note=""):
    """Record a member leaving a post (离岗) or amend the note; assignments are history, never deleted."""
    locked = PostAssignment.objects.select_for_update(of=("self",)).select_related("post__organization__grid").get(pk=assignment.pk)
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
