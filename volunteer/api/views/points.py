"""Points (积分) and time-bank balances with their ledger, the 爱心超市's rewards and redemptions.
Balances are read from the ledger's accounts; redemptions go through services.redeem, idempotent by
key (Idempotency-Key header or `key` field)."""

from decimal import Decimal

from django.db.models import Q
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from volunteer import services
from volunteer.api import access, filters, inputs
from volunteer.api.serializers import BalanceSerializer, EntrySerializer, RedemptionSerializer, RewardSerializer
from volunteer.api.views.base import ApiView, ScopedViewSet, raise_field
from volunteer.models import Account, Entry, Redemption, Reward, Unit


@extend_schema(tags=["积分"])
class BalanceView(ApiView, APIView):
    """The member's points and time-bank balances. Admins name a member in their scope."""

    @extend_schema(summary="积分与时间银行余额", parameters=[inputs.BalanceQuery], responses=BalanceSerializer)
    def get(self, request):
        query = inputs.BalanceQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        member = self._member(request.user, query.validated_data.get("member"))
        balances = dict(Account.objects.filter(member=member).values_list("unit", "balance"))
        data = {
            "member": member,
            "points": balances.get(Unit.POINTS, Decimal(0)),
            "time_bank_hours": balances.get(Unit.TIME, Decimal(0)),
            "points_expiring_soon": services.expiring_soon(member, days=30),
        }
        return Response(BalanceSerializer(data).data)

    @staticmethod
    def _member(user, member_id):
        own = access.member_for(user)
        if member_id is None or (own and own.pk == member_id):
            if own is None:
                raise_field("member", "请指定要查询的党员")
            return own
        if not access.may_admin(user, Account):
            raise exceptions.NotFound()
        member = access.visible_members(user).filter(pk=member_id).first()
        if member is None:
            raise exceptions.NotFound()
        return member


@extend_schema(tags=["积分"])
class EntryViewSet(ScopedViewSet):
    """积分/时间银行账目明细 (append-only). Volunteers: their own; admins: members in scope."""

    serializer_class = EntrySerializer
    filterset_class = filters.EntryFilter

    def base_queryset(self):
        return Entry.objects.select_related("account__member").order_by("-created_at", "-pk")

    @staticmethod
    def own(member):
        return Q(account__member=member)


@extend_schema(tags=["爱心超市"])
class RewardViewSet(ScopedViewSet):
    """爱心超市商品. Volunteers: every reward on the shelf; admins: stores in their scope."""

    serializer_class = RewardSerializer
    filterset_class = filters.RewardFilter

    def base_queryset(self):
        return Reward.objects.select_related("store").order_by("store_id", "name", "pk")

    @staticmethod
    def own(member):
        return Q(is_active=True)


def idempotency_key(request, body_key):
    """The caller's key, namespaced by account so two operators' keys never collide."""
    key = (request.headers.get("Idempotency-Key") or body_key or "").strip()
    if not key:
        raise_field("key", "请提供幂等键：请求头 Idempotency-Key 或 key 字段")
    if len(key) > 64:
        raise_field("key", "幂等键不能超过64个字符")
    return f"api:{request.user.pk}:{key}"


@extend_schema(tags=["爱心超市"])
class RedemptionViewSet(mixins.CreateModelMixin, ScopedViewSet):
    """兑换记录. Volunteers: their own. Operators: stores in their scope; they redeem and cancel."""

    serializer_class = RedemptionSerializer
    filterset_class = filters.RedemptionFilter
    required_perms = {"create": ["volunteer.add_redemption"], "cancel": ["volunteer.change_redemption"]}

    def base_queryset(self):
        return Redemption.objects.select_related("member", "store").prefetch_related("lines__reward").order_by(
            "-created_at", "-pk")

    @staticmethod
    def own(member):
        return Q(member=member)

    @extend_schema(
        summary="兑换（幂等）",
        request=inputs.RedemptionInput,
        parameters=[OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER, required=False,
                                     description="幂等键（或在请求体中用 key 字段）")],
        responses={201: RedemptionSerializer, 200: RedemptionSerializer},
    )
    def create(self, request, *args, **kwargs):
        body = inputs.RedemptionInput(data=request.data, context={"request": request})
        body.is_valid(raise_exception=True)
        data = body.validated_data
        key = idempotency_key(request, data.get("key"))
        replay = Redemption.objects.filter(idempotency_key=key).exists()
        lines = [(line["reward"], line["quantity"]) for line in data["lines"]]
        redemption = services.redeem(data["member"], data["store"], lines, user=request.user, key=key)
        redemption = self.base_queryset().get(pk=redemption.pk)
        code = status.HTTP_200_OK if replay else status.HTTP_201_CREATED
        return Response(RedemptionSerializer(redemption).data, status=code)

    @extend_schema(summary="撤销兑换（退回积分与库存）", request=inputs.RedemptionCancelInput,
                   responses=RedemptionSerializer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def cancel(self, request, pk=None):
        redemption = self.get_object()
        body = inputs.RedemptionCancelInput(data=request.data)
        body.is_valid(raise_exception=True)
        services.cancel_redemption(redemption, user=request.user, reason=body.validated_data["reason"])
        return Response(RedemptionSerializer(self.base_queryset().get(pk=redemption.pk)).data)

