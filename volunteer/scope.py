"""Who sees what. Every listing, detail, edit, export, API view and report restricts its queryset
with `restrict()`; every write that places a record in the grid checks `require_in_scope()`.

An admin user has one grid node (AdminScope) and sees that subtree. Superusers without a scope
see everything. Anyone else sees nothing."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError

ROLE_DISTRICT_ADMIN = "区管理员"
ROLE_TOWN_ADMIN = "镇街管理员"
ROLE_COMMUNITY_ADMIN = "村社区管理员"
ROLE_SUPERMARKET_OPERATOR = "爱心超市管理员"
ROLE_EDITOR = "宣传编辑"
ROLE_REVIEWER = "宣传审核"
ROLE_VOLUNTEER = "党员义工"

ADMIN_ROLES = [ROLE_DISTRICT_ADMIN, ROLE_TOWN_ADMIN, ROLE_COMMUNITY_ADMIN]
ALL_ROLES = ADMIN_ROLES + [ROLE_SUPERMARKET_OPERATOR, ROLE_EDITOR, ROLE_REVIEWER, ROLE_VOLUNTEER]


@dataclass(frozen=True)
class Scope:
    node: object = None  # a Grid, or None
    everything: bool = False

    @property
    def label(self):
        if self.everything:
            return "全部网格"
        return self.node.name if self.node else "无管辖范围"

    def contains(self, grid):
        if self.everything:
            return True
        return bool(self.node and grid is not None and grid.path.startswith(self.node.path))


class SystemActor:
    """The actor for management commands and scheduled tasks: trusted, sees every grid."""

    pk = None
    is_authenticated = True
    is_superuser = True
    _dy365_scope = Scope(everything=True)

    def __str__(self):
        return "系统"

    def has_perm(self, perm):
        return True


SYSTEM = SystemActor()


def user_or_none(actor):
    """The account to record as "who did it" (None for the system actor or anonymous)."""
    return actor if getattr(actor, "pk", None) else None


def scope_for(user):
    """The user's scope, cached on the user object for the request."""
    if user is None or not user.is_authenticated:
        return Scope()
    cached = getattr(user, "_dy365_scope", None)
    if cached is not None:
        return cached
    from volunteer.models import AdminScope

    admin_scope = AdminScope.objects.select_related("grid").filter(user=user).first()
    if admin_scope:
        scope = Scope(node=admin_scope.grid)
    elif user.is_superuser:
        scope = Scope(everything=True)
    else:
        scope = Scope()
    user._dy365_scope = scope
    return scope


def restrict(queryset, user):
    """The one place a queryset is cut down to what the user may see. The model's QuerySet must
    implement `in_grid(node)`."""
    scope = scope_for(user)
    if scope.everything:
        return queryset
    if scope.node is None:
        return queryset.none()
    return queryset.in_grid(scope.node)


def is_visible(user, instance):
    return restrict(type(instance)._default_manager.filter(pk=instance.pk), user).exists()


def require_in_scope(user, grid, field, label):
    """Refuse to place a record at a grid node outside the user's subtree."""
    scope = scope_for(user)
    if not scope.contains(grid):
        raise ValidationError({field: f"{label}“{grid}”不在您的管辖范围（{scope.label}）内"})
