"""Request bodies. They check shape only (types, lengths, that a referenced row exists within the
caller's scope); every rule is the service's, whose Chinese errors come back under the same field
names."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from volunteer import scope
from volunteer.api import access
from volunteer.models import (
    Demand,
    EvaluationRole,
    Grid,
    Reward,
    ServiceCategory,
    ServicePoint,
)


@extend_schema_field(OpenApiTypes.INT)
class ScopedPrimaryKeyField(serializers.PrimaryKeyRelatedField):
    """A primary key looked up only among the rows `lookup(user)` returns: anything outside the
    caller's scope is "does not exist", exactly like a row that does not."""

    def __init__(self, lookup, **kwargs):
        self.lookup = lookup
        super().__init__(**kwargs)

    def get_queryset(self):
        return self.lookup(self.context["request"].user)


def _scoped(model):
    return lambda user: scope.restrict(model.objects.all(), user)


class TakeInput(serializers.Serializer):
    member = ScopedPrimaryKeyField(access.visible_members, required=False, allow_null=True,
                                   help_text="管理员代党员接单时填写；党员本人接单留空")


class CancelInput(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=200, default="",
                                   help_text="取消原因")


class CheckInInput(serializers.Serializer):
    code = serializers.CharField(max_length=20, help_text="活动阵地二维码上的阵地编码")


class EvaluateInput(serializers.Serializer):
    role = serializers.ChoiceField(choices=EvaluationRole.choices, default=EvaluationRole.SELF,
                                   help_text="self 自评（党员本人）；beneficiary 服务对象（管理员电话回访录入）；organization 党组织总评")
    score = serializers.IntegerField(help_text="1–5 分")
    comment = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")
    by_phone = serializers.BooleanField(required=False, default=False, help_text="服务对象评价由管理员电话回访录入")


class DeedInput(serializers.Serializer):
    """为身边群众办一件实事好事: the member's own, or an admin's entry for a member in scope."""

    member = ScopedPrimaryKeyField(access.visible_members, required=False, allow_null=True,
                                   help_text="管理员代党员登记时填写；党员本人登记留空")
    started_at = serializers.DateTimeField()
    ended_at = serializers.DateTimeField()
    hours = serializers.DecimalField(max_digits=5, decimal_places=2, required=False, allow_null=True,
                                     help_text="服务时长（小时），留空按起止时间计算")
    place = serializers.CharField(max_length=200)
    content = serializers.CharField(max_length=2000)
    beneficiary = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class DemandInput(serializers.ModelSerializer):
    category = serializers.PrimaryKeyRelatedField(queryset=ServiceCategory.objects.all())
    # Any grid may be named; the service refuses one outside the caller's scope with its name.
    grid = serializers.PrimaryKeyRelatedField(queryset=Grid.objects.all())
    collection_point = ScopedPrimaryKeyField(_scoped(ServicePoint), required=False, allow_null=True)

    class Meta:
        model = Demand
        fields = ["title", "description", "channel", "category", "grid", "collection_point", "resident_name",
                  "resident_phone", "resident_address", "urgency"]


class NoteInput(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")


class RejectInput(serializers.Serializer):
    reject_reason = serializers.CharField(allow_blank=True, max_length=200, help_text="不予受理原因（将告知群众）")


class ResolveInput(serializers.Serializer):
    feedback = serializers.CharField(allow_blank=True, max_length=2000, help_text="向群众反馈的办理结果")


class RedemptionLineInput(serializers.Serializer):
    reward = ScopedPrimaryKeyField(_scoped(Reward))
    quantity = serializers.IntegerField(help_text="数量")


class RedemptionInput(serializers.Serializer):
    member = ScopedPrimaryKeyField(access.visible_members)
    store = ScopedPrimaryKeyField(_scoped(ServicePoint), help_text="爱心超市（服务阵地）")
    lines = RedemptionLineInput(many=True)
    key = serializers.CharField(required=False, max_length=64,
                                help_text="幂等键；也可用请求头 Idempotency-Key。同一键重复提交返回第一次的结果")


class RedemptionCancelInput(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, max_length=200, help_text="撤销原因")


class BalanceQuery(serializers.Serializer):
    member = serializers.IntegerField(required=False, min_value=1, max_value=2**63 - 1, help_text="管理员查询某党员时填写")
