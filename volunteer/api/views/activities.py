"""Projects, activities (with the member's recommendations) and orders: take, cancel, check in,
check out — each through volunteer.services, as the portal does."""

from django.db.models import Q
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from volunteer import matching, services
from volunteer.api import filters, inputs
from volunteer.api.permissions import IsMember
from volunteer.api.serializers import ActivitySerializer, OrderSerializer, ProjectSerializer, RecommendationSerializer
from volunteer.api.views.base import ScopedViewSet, acting_for_others, raise_field, require_perm
from volunteer.models import Activity, Order, ProjectStatus, ServiceProject


def _own_activity_ids(member):
    return Order.objects.filter(member=member).values("activity_id")


@extend_schema(tags=["项目与活动"])
class ProjectViewSet(ScopedViewSet):
    """服务项目. Admins: their scope. Volunteers: published projects and those they served in."""

    serializer_class = ProjectSerializer
    filterset_class = filters.ProjectFilter

    def base_queryset(self):
        return ServiceProject.objects.select_related(
            "organization", "category", "responsible", "campaign", "team").order_by("-created_at", "-pk")

    @staticmethod
    def own(member):
        return Q(status=ProjectStatus.PUBLISHED) | Q(activities__in=_own_activity_ids(member))

    def get_queryset(self):
        # The activities__in join may repeat a project.
        return super().get_queryset().distinct()


@extend_schema(tags=["项目与活动"])
class ActivityViewSet(ScopedViewSet):
    """志愿活动. Admins: their scope. Volunteers: activities of published projects, and their own."""

    serializer_class = ActivitySerializer
    filterset_class = filters.ActivityFilter

    def base_queryset(self):
        return (Activity.objects.select_related("project", "grid", "service_point")
                .prefetch_related("required_skills").order_by("starts_at", "pk"))

    @staticmethod
    def own(member):
        return Q(project__status=ProjectStatus.PUBLISHED) | Q(pk__in=_own_activity_ids(member))

    @extend_schema(
        summary="为我推荐的活动",
        parameters=[OpenApiParameter("limit", int, description="条数，1–50，默认20")],
        responses=RecommendationSerializer(many=True),
    )
    @action(detail=False, permission_classes=ScopedViewSet.permission_classes + [IsMember], filterset_class=None,
            pagination_class=None)
    def recommended(self, request):
        try:
            limit = min(max(int(request.query_params.get("limit", 20)), 1), 50)
        except ValueError:
            limit = 20
        ranked = matching.recommend_activities(self.member, limit=limit)
        return Response(RecommendationSerializer(ranked, many=True).data)

    @extend_schema(summary="接单（报名）", request=inputs.TakeInput, responses={201: OrderSerializer})
    @action(detail=True, methods=["post"], filterset_class=None)
    def take(self, request, pk=None):
        activity = self.get_object()
        body = inputs.TakeInput(data=request.data, context={"request": request})
        body.is_valid(raise_exception=True)
        member = body.validated_data.get("member") or self.member
        if member is None:
            raise_field("member", "请指定接单的党员")
        if acting_for_others(request, member):
            require_perm(request.user, "volunteer.add_order")
        order = services.sign_up(activity, member, user=request.user)
        return Response(OrderSerializer(order).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["接单"])
class OrderViewSet(ScopedViewSet):
    """接单. Volunteers: their own. Admins: orders for activities in their scope."""

    serializer_class = OrderSerializer
    filterset_class = filters.OrderFilter

    def base_queryset(self):
        return Order.objects.select_related("activity", "member", "record").order_by("-signed_up_at", "-pk")

    @staticmethod
    def own(member):
        return Q(member=member)

    def _act(self, request, run):
        order = self.get_object()
        if acting_for_others(request, order.member):
            require_perm(request.user, "volunteer.change_order")
        run(order)
        return Response(OrderSerializer(self.base_queryset().get(pk=order.pk)).data)

    @extend_schema(summary="取消接单", request=inputs.CancelInput, responses=OrderSerializer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def cancel(self, request, pk=None):
        body = inputs.CancelInput(data=request.data)
        body.is_valid(raise_exception=True)
        reason = body.validated_data["reason"] or "本人取消"
        return self._act(request, lambda order: services.cancel_order(order, user=request.user, reason=reason))

    @extend_schema(summary="签到（阵地编码）", request=inputs.CheckInInput, responses=OrderSerializer)
    @action(detail=True, methods=["post"], url_path="check-in", filterset_class=None)
    def check_in(self, request, pk=None):
        body = inputs.CheckInInput(data=request.data)
        body.is_valid(raise_exception=True)
        code = body.validated_data["code"]
        return self._act(request, lambda order: services.check_in(order, user=request.user, code=code))

    @extend_schema(summary="签退（生成待审核的服务记录）", request=None, responses=OrderSerializer)
    @action(detail=True, methods=["post"], url_path="check-out", filterset_class=None)
    def check_out(self, request, pk=None):
        return self._act(request, lambda order: services.check_out(order, user=request.user))
