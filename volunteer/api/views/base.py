"""What every /api/v1/ view shares: login (token or session), the role check, throttles, and
querysets that always pass through access.visible() (scope.restrict for admins)."""

from rest_framework import exceptions, mixins, viewsets
from rest_framework.permissions import IsAuthenticated

from volunteer.api import access
from volunteer.api.permissions import HasApiRole, ModelPerm
from volunteer.api.throttling import DEFAULT_THROTTLES


class ApiView:
    permission_classes = [IsAuthenticated, HasApiRole, ModelPerm]
    throttle_classes = DEFAULT_THROTTLES
    required_perms = {}


class ScopedViewSet(ApiView, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """List and detail over `base_queryset()` cut down by access.visible(): a row outside the
    caller's scope is absent from lists and 404 on detail (its existence is not revealed)."""

    # Q for the rows a volunteer sees as their own (None: admins only).
    own = None

    def base_queryset(self):
        """Each endpoint names its rows (before scope); the base class cuts them down."""
        raise NotImplementedError

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return self.base_queryset().none()
        return access.visible(self.base_queryset(), self.request.user, self.own)

    @property
    def member(self):
        return access.member_for(self.request.user)


def require_perm(user, perm):
    if not user.has_perm(perm):
        raise exceptions.PermissionDenied("您的角色没有执行该操作的权限")


def acting_for_others(request, member):
    """Acting on another member's behalf needs an admin role; one's own orders need none."""
    own = access.member_for(request.user)
    return own is None or member.pk != own.pk



def raise_field(field, message):
    raise exceptions.ValidationError({field: [message]})
