"""What the API shows. Read-only shapes here; request bodies are in inputs.py. No rules live here:
masking follows privacy.py, everything else is the model's own data."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from volunteer import privacy
from volunteer.models import (
    Activity,
    Demand,
    Entry,
    Evaluation,
    Order,
    PartyMember,
    Redemption,
    RedemptionLine,
    Reward,
    ServiceProject,
    ServiceRecord,
)


class RefSerializer(serializers.Serializer):
    """A related object by id and display name."""

    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)


class ActivityRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)
    starts_at = serializers.DateTimeField(read_only=True)
    ends_at = serializers.DateTimeField(read_only=True)
    place = serializers.CharField(read_only=True)


class ProjectSerializer(serializers.ModelSerializer):
    organization = RefSerializer(read_only=True)
    category = RefSerializer(read_only=True)
    responsible = RefSerializer(read_only=True)
    campaign = RefSerializer(read_only=True, allow_null=True)
    team = RefSerializer(read_only=True, allow_null=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    activity_line_display = serializers.CharField(source="get_activity_line_display", read_only=True)

    class Meta:
        model = ServiceProject
        fields = ["id", "name", "organization", "category", "responsible", "activity_line", "activity_line_display",
                  "campaign", "team", "description", "status", "status_display", "published_at", "next_feedback_due"]


class ActivitySerializer(serializers.ModelSerializer):
    project = RefSerializer(read_only=True)
    grid = RefSerializer(read_only=True)
    service_point = RefSerializer(read_only=True, allow_null=True)
    required_skills = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")
    seats_left = serializers.IntegerField(read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Activity
        fields = ["id", "project", "title", "grid", "service_point", "place", "starts_at", "ends_at", "capacity",
                  "signed_up_count", "seats_left", "signup_opens_at", "signup_closes_at", "required_skills", "status",
                  "status_display"]


class RecommendationSerializer(serializers.Serializer):
    activity = ActivitySerializer(read_only=True)
    score = serializers.IntegerField(read_only=True)
    reasons = serializers.ListField(child=serializers.CharField(), read_only=True)
    reason = serializers.CharField(read_only=True)


class OrderSerializer(serializers.ModelSerializer):
    activity = ActivityRefSerializer(read_only=True)
    member = RefSerializer(read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    record = serializers.SerializerMethodField()

    class Meta:
        model = Order
        fields = ["id", "activity", "member", "status", "status_display", "signed_up_at", "checked_in_at",
                  "checked_out_at", "cancelled_at", "cancel_reason", "record"]

    @extend_schema_field({"type": "integer", "nullable": True, "description": "签退后生成的服务记录"})
    def get_record(self, order):
        # A reverse one-to-one with no row raises an AttributeError subclass: getattr's default.
        record = getattr(order, "record", None)
        return record.pk if record else None


class EvaluationSerializer(serializers.ModelSerializer):
    role_display = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = Evaluation
        fields = ["id", "record", "role", "role_display", "score", "comment", "by_phone", "created_at"]


class RecordSerializer(serializers.ModelSerializer):
    member = RefSerializer(read_only=True)
    activity = ActivityRefSerializer(read_only=True, allow_null=True)
    grid = RefSerializer(read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    flags = serializers.ListField(child=serializers.CharField(), read_only=True)
    flag_labels = serializers.ListField(child=serializers.CharField(), read_only=True)
    evaluations = EvaluationSerializer(many=True, read_only=True)

    class Meta:
        model = ServiceRecord
        fields = ["id", "member", "activity", "order", "is_deed", "activity_line", "grid", "service_date",
                  "started_at", "ended_at", "hours", "place", "content", "beneficiary", "source", "status",
                  "status_display", "flags", "flag_labels", "decision_note", "verified_at", "created_at", "evaluations"]


class DemandSerializer(serializers.ModelSerializer):
    category = RefSerializer(read_only=True)
    grid = RefSerializer(read_only=True)
    collection_point = RefSerializer(read_only=True, allow_null=True)
    project = RefSerializer(read_only=True, allow_null=True)
    resident_phone = serializers.SerializerMethodField()
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Demand
        fields = ["id", "tracking_number", "title", "description", "channel", "category", "grid", "collection_point",
                  "resident_name", "resident_phone", "resident_address", "urgency", "status", "status_display",
                  "reject_reason", "project", "feedback", "resolved_at", "created_at"]

    @extend_schema_field(serializers.CharField(help_text="无查看权限时显示为 138****1234"))
    def get_resident_phone(self, demand):
        return demand.resident_phone if self.context.get("unmask") else demand.resident_phone_masked


class MemberSerializer(serializers.ModelSerializer):
    branch = RefSerializer(read_only=True)
    home_grid = RefSerializer(read_only=True)
    work_grid = RefSerializer(read_only=True, allow_null=True)
    mobile = serializers.SerializerMethodField()
    id_card = serializers.SerializerMethodField()

    class Meta:
        model = PartyMember
        fields = ["id", "name", "gender", "mobile", "id_card", "branch", "home_grid", "work_grid", "status",
                  "work_unit", "star_level", "is_active"]

    @extend_schema_field(serializers.CharField(help_text="无查看权限时显示为 138****1234"))
    def get_mobile(self, member):
        return member.mobile if self.context.get("unmask") else member.mobile_masked

    @extend_schema_field(serializers.CharField(help_text="无查看权限时显示为前6位+********+后4位"))
    def get_id_card(self, member):
        return member.id_card_number if self.context.get("unmask") else member.id_card_masked


class OwnMemberSerializer(serializers.ModelSerializer):
    """The caller's own member record (masked: the API never needs the full numbers)."""

    mobile = serializers.CharField(source="mobile_masked", read_only=True)
    home_grid = RefSerializer(read_only=True)

    class Meta:
        model = PartyMember
        fields = ["id", "name", "mobile", "home_grid", "status", "star_level"]


class MeSerializer(serializers.Serializer):
    username = serializers.CharField(read_only=True)
    display_name = serializers.CharField(read_only=True)
    roles = serializers.ListField(child=serializers.CharField(), read_only=True)
    scope = serializers.CharField(read_only=True, help_text="管辖范围")
    is_admin = serializers.BooleanField(read_only=True)
    member = OwnMemberSerializer(read_only=True, allow_null=True)


class EntrySerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="account.unit", read_only=True)
    member = RefSerializer(source="account.member", read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Entry
        fields = ["id", "unit", "member", "delta", "balance_after", "kind", "kind_display", "source", "expires_on",
                  "note", "created_at"]


class BalanceSerializer(serializers.Serializer):
    member = RefSerializer(read_only=True)
    points = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True, help_text="积分余额")
    time_bank_hours = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True,
                                               help_text="时间银行余额（小时）")
    points_expiring_soon = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True,
                                                    help_text="30天内到期的积分")


class RewardSerializer(serializers.ModelSerializer):
    store = RefSerializer(read_only=True)

    class Meta:
        model = Reward
        fields = ["id", "name", "category", "points_price", "store", "stock", "is_active"]


class RedemptionLineSerializer(serializers.ModelSerializer):
    reward = RefSerializer(read_only=True)

    class Meta:
        model = RedemptionLine
        fields = ["reward", "quantity", "points"]


class RedemptionSerializer(serializers.ModelSerializer):
    member = RefSerializer(read_only=True)
    store = RefSerializer(read_only=True)
    lines = RedemptionLineSerializer(many=True, read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Redemption
        fields = ["id", "member", "store", "points", "status", "status_display", "lines", "created_at",
                  "cancelled_at", "cancel_reason"]


def unmask_context(request):
    return {"request": request, "unmask": privacy.can_unmask(request.user)}
