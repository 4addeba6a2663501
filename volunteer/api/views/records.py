"""服务记录 and their evaluations (一事一评) through services.evaluate."""

from django.db.models import Q
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from volunteer import services
from volunteer.api import access, filters, inputs
from volunteer.api.serializers import EvaluationSerializer, RecordSerializer
from volunteer.api.views.base import ScopedViewSet, acting_for_others, raise_field, require_perm
from volunteer.models import Evaluation, EvaluationRole, ServiceRecord


def _own_records(member):
    return Q(member=member)


@extend_schema(tags=["服务记录与评价"])
class RecordViewSet(mixins.CreateModelMixin, ScopedViewSet):
    """志愿服务记录. Volunteers: their own. Admins: records placed in their scope."""

    serializer_class = RecordSerializer
    filterset_class = filters.RecordFilter
    own = staticmethod(_own_records)

    def base_queryset(self):
        return (ServiceRecord.objects.select_related("member", "activity", "grid")
                .prefetch_related("evaluations").order_by("-service_date", "-started_at", "-pk"))

    @extend_schema(summary="登记为群众办的实事（待审核）", request=inputs.DeedInput, responses={201: RecordSerializer})
    def create(self, request, *args, **kwargs):
        body = inputs.DeedInput(data=request.data, context={"request": request})
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        member = data.pop("member", None) or self.member
        if member is None:
            raise_field("member", "请指定登记的党员")
        if acting_for_others(request, member):
            require_perm(request.user, "volunteer.add_servicerecord")
        record = services.record_deed(ServiceRecord(member=member, **data), user=request.user)
        return Response(RecordSerializer(self.base_queryset().get(pk=record.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="评价服务记录", request=inputs.EvaluateInput, responses={201: EvaluationSerializer})
    @action(detail=True, methods=["post"], filterset_class=None)
    def evaluate(self, request, pk=None):
        record = self.get_object()
        body = inputs.EvaluateInput(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        if data["role"] != EvaluationRole.SELF:
            # 服务对象 by phone and 党组织总评 are admin work; the service checks the scope.
            require_perm(request.user, "volunteer.add_evaluation")
        evaluation = services.evaluate(record, role=data["role"], score=data["score"], comment=data["comment"],
                                       user=request.user, by_phone=data["by_phone"])
        return Response(EvaluationSerializer(evaluation).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["服务记录与评价"])
class EvaluationViewSet(ScopedViewSet):
    """Evaluations of the records the caller may see."""

    serializer_class = EvaluationSerializer
    filterset_class = filters.EvaluationFilter

    def base_queryset(self):
        return Evaluation.objects.order_by("-created_at", "-pk")

    def get_queryset(self):
        records = ServiceRecord.objects.all()
        if not getattr(self, "swagger_fake_view", False):
            records = access.visible(records, self.request.user, _own_records)
        return self.base_queryset().filter(record__in=records.values("pk"))
