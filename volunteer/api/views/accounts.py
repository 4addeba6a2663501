"""Getting a token, who am I, and (for admins) the members in scope with masked personal data."""

from drf_spectacular.utils import extend_schema
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.response import Response
from rest_framework.views import APIView

from volunteer import privacy, scope
from volunteer.api import access, filters
from volunteer.api.permissions import IsScopedAdmin
from volunteer.api.serializers import MemberSerializer, MeSerializer, unmask_context
from volunteer.api.throttling import AnonThrottle, LoginThrottle
from volunteer.api.views.base import ApiView, ScopedViewSet
from volunteer.models import PartyMember


@extend_schema(tags=["登录"], summary="用户名和密码换取令牌")
class TokenView(ObtainAuthToken):
    """POST username + password → {"token": …}; send it as `Authorization: Token <token>`."""

    authentication_classes = []  # username + password are the credentials; no CSRF-bound session needed
    throttle_classes = [AnonThrottle, LoginThrottle]

    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        finally:
            # django-axes flags the request it was given (DRF's wrapper); its middleware looks at
            # Django's request, so pass the flag on and a locked-out login gets the 429.
            if getattr(request, "axes_locked_out", False):
                request._request.axes_locked_out = True


@extend_schema(tags=["登录"])
class MeView(ApiView, APIView):
    @extend_schema(summary="当前用户", responses=MeSerializer)
    def get(self, request):
        user = request.user
        data = {
            "username": user.get_username(),
            "display_name": user.get_full_name() or user.get_username(),
            "roles": sorted(user.groups.values_list("name", flat=True)),
            "scope": scope.scope_for(user).label,
            "is_admin": access.is_admin(user),
            "member": access.member_for(user),
        }
        return Response(MeSerializer(data).data)


@extend_schema(tags=["党员"])
class MemberViewSet(ScopedViewSet):
    """党员 in the admin's scope. Phones and ID numbers are masked unless the role may see them,
    and every unmasked page is logged (PIPL)."""

    serializer_class = MemberSerializer
    filterset_class = filters.MemberFilter
    permission_classes = ScopedViewSet.permission_classes + [IsScopedAdmin]

    def base_queryset(self):
        return PartyMember.objects.for_listing().order_by("home_grid", "name", "id")

    def get_serializer_context(self):
        return {**super().get_serializer_context(), **unmask_context(self.request)}

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        if privacy.can_unmask(request.user):
            privacy.log_unmasked(request.user, "api_member_list", page)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        member = self.get_object()
        if privacy.can_unmask(request.user):
            privacy.log_unmasked(request.user, "api_member_detail", [member])
        return Response(self.get_serializer(member).data)
