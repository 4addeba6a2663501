"""群众需求 (M1) for admins: intake and the status machine, through volunteer.services.
Residents' phones are masked unless the caller may see them (and then the view is logged)."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from volunteer import privacy, services
from volunteer.api import filters, inputs
from volunteer.api.permissions import IsScopedAdmin
from volunteer.api.serializers import DemandSerializer, unmask_context
from volunteer.api.views.base import ScopedViewSet
from volunteer.models import Demand


@extend_schema(tags=["群众需求"])
class DemandViewSet(mixins.CreateModelMixin, ScopedViewSet):
    serializer_class = DemandSerializer
    filterset_class = filters.DemandFilter
    permission_classes = ScopedViewSet.permission_classes + [IsScopedAdmin]
    required_perms = {
        "create": ["volunteer.add_demand"],
        "accept": ["volunteer.change_demand"],
        "reject": ["volunteer.change_demand"],
        "resolve": ["volunteer.change_demand"],
    }

    def base_queryset(self):
        return Demand.objects.select_related("category", "grid", "collection_point", "project").order_by(
            "-created_at", "-pk")

    def get_serializer_context(self):
        return {**super().get_serializer_context(), **unmask_context(self.request)}

    def _log(self, demands, action):
        if demands and privacy.can_unmask(self.request.user):
            privacy.log_unmasked(self.request.user, action, [], count=len(demands),
                                 detail="群众需求 " + "、".join(d.tracking_number for d in demands[:20]))

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        self._log(page, "api_demand_list")
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        demand = self.get_object()
        self._log([demand], "api_demand_detail")
        return Response(self.get_serializer(demand).data)

    def _respond(self, demand, code=status.HTTP_200_OK):
        demand = self.base_queryset().get(pk=demand.pk)
        self._log([demand], "api_demand_change")
        return Response(self.get_serializer(demand).data, status=code)

    @extend_schema(summary="登记群众需求", request=inputs.DemandInput, responses={201: DemandSerializer})
    def create(self, request, *args, **kwargs):
        body = inputs.DemandInput(data=request.data, context={"request": request})
        body.is_valid(raise_exception=True)
        demand = services.intake_demand(Demand(**body.validated_data), user=request.user)
        return self._respond(demand, status.HTTP_201_CREATED)

    @extend_schema(summary="受理", request=inputs.NoteInput, responses=DemandSerializer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def accept(self, request, pk=None):
        demand = self.get_object()
        body = inputs.NoteInput(data=request.data)
        body.is_valid(raise_exception=True)
        return self._respond(services.accept_demand(demand, user=request.user, note=body.validated_data["note"]))

    @extend_schema(summary="不予受理", request=inputs.RejectInput, responses=DemandSerializer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def reject(self, request, pk=None):
        demand = self.get_object()
        body = inputs.RejectInput(data=request.data)
        body.is_valid(raise_exception=True)
        return self._respond(services.reject_demand(demand, user=request.user,
                                                    reason=body.validated_data["reject_reason"]))

    @extend_schema(summary="办结并反馈群众", request=inputs.ResolveInput, responses=DemandSerializer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def resolve(self, request, pk=None):
        demand = self.get_object()
        body = inputs.ResolveInput(data=request.data)
        body.is_valid(raise_exception=True)
        return self._respond(services.resolve_demand(demand, user=request.user,
                                                     feedback=body.validated_data["feedback"]))
