"""Points (积分) and time-bank balances with their ledger, the 爱心超市's rewards and redemptions.
Balances are read from the ledger's accounts; redemptions go through services.redeem, idempotent by
key (Idempotency-Key header or `key` field)."""

from decimal import Decimal

from django.db.models import Q
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
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


REPLAYED_HEADER = "Idempotent-Replayed"


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
        description=(
            "以幂等键确认一次兑换：同一键（同一账号）只扣一次积分、出一次库存。第一次请求返回 201 和兑换单；"
            "之后用同一键、同样内容的重放（重试、双击、并发重复提交）一律返回 200 和同一张兑换单，"
            f"并带响应头 `{REPLAYED_HEADER}: true`，不再扣分（响应体是该兑换单，若其后已撤销则显示撤销状态）。"
            "同一键换了内容则返回 400。"),
        request=inputs.RedemptionInput,
        parameters=[
            OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER, required=False,
                             description="幂等键（或在请求体中用 key 字段），最长64个字符"),
            OpenApiParameter(REPLAYED_HEADER, str, OpenApiParameter.HEADER, response=[200], enum=["true"],
                             description="本次是对已完成兑换的重放：未重复扣分，响应体即该兑换单"),
        ],
        responses={
            201: OpenApiResponse(RedemptionSerializer, description="已兑换：本次请求创建了兑换单"),
            200: OpenApiResponse(RedemptionSerializer,
                                 description=f"重放：该幂等键的兑换此前已完成，未重复扣分（响应头 {REPLAYED_HEADER}: true）"),
        },
    )
    def create(self, request, *args, **kwargs):
        body = inputs.RedemptionInput(data=request.data, context={"request": request})
        body.is_valid(raise_exception=True)
        data = body.validated_data
        key = idempotency_key(request, data.get("key"))
        lines = [(line["reward"], line["quantity"]) for line in data["lines"]]
        redemption = services.redeem(data["member"], data["store"], lines, user=request.user, key=key)
        body = RedemptionSerializer(self.base_queryset().get(pk=redemption.pk)).data
        if redemption.replayed:
            return Response(body, status=status.HTTP_200_OK, headers={REPLAYED_HEADER: "true"})
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(summary="撤销兑换（退回积分与库存）", request=inputs.RedemptionCancelInput,
                   responses=RedemptionSerializer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def cancel(self, request, pk=None):
        redemption = self.get_object()
        body = inputs.RedemptionCancelInput(data=request.data)
        body.is_valid(raise_exception=True)
        services.cancel_redemption(redemption, user=request.user, reason=body.validated_data["reason"])
        return Response(RedemptionSerializer(self.base_queryset().get(pk=redemption.pk)).data)

