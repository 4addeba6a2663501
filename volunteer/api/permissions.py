"""Who may call which part of /api/v1/. Scope (which rows) is access.py's job; these decide
whether the role may use the endpoint at all (403) before any row is looked at."""

from rest_framework.permissions import BasePermission

from volunteer.api import access


class HasApiRole(BasePermission):
    """A login linked to a party member, or an admin with a grid scope."""

    message = "您的账号未关联党员，也没有管辖范围，不能使用本接口"

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and (access.is_admin(user) or access.member_for(user)))


class IsMember(BasePermission):
    message = "该接口仅供已关联党员的账号使用"

    def has_permission(self, request, view):
        return access.member_for(request.user) is not None


class IsScopedAdmin(BasePermission):
    message = "该接口仅供有管辖范围的管理员使用"

    def has_permission(self, request, view):
        return access.is_admin(request.user)


class ModelPerm(BasePermission):
    """The view's `required_perms` for the current action, e.g. {"create": ["volunteer.add_demand"]}."""

    message = "您的角色没有执行该操作的权限"

    def has_permission(self, request, view):
        needed = getattr(view, "required_perms", {}).get(getattr(view, "action", None), [])
        return all(request.user.has_perm(perm) for perm in needed)
