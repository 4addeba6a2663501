"""Points, time bank, stars and the 爱心超市 catalogue in the admin (E4, E5, E7, E8)."""

from decimal import Decimal, InvalidOperation

import django_filters
from django.core.exceptions import ValidationError
from django.urls import path, reverse
from django.utils.functional import cached_property
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from volunteer import formatting, scope, services
from volunteer.adminviews.actions import Action, ObjectActionView, Section
from volunteer.adminviews.base import HoursColumn, PointsColumn, ScopedModelViewSet, ServiceSaveMixin
from volunteer.adminviews.forms import ScopedForm, chooser_widget
from volunteer.models import (
    Account,
    Entry,
    FraudFinding,
    PartyMember,
    PointsRule,
    Redemption,
    RedemptionStatus,
    Reward,
    ServicePoint,
    StarChange,
    StarLevel,
    StarPolicy,
    StockMovement,
    Unit,
)
from volunteer.people import person_name


class PointsRuleForm(ScopedForm):
    class Meta:
        model = PointsRule
        fields = ["name", "per_record", "per_hour", "category_multipliers", "deed_bonus", "excellent_evaluation_bonus",
                  "daily_cap", "expiry_mode", "expiry_months", "time_bank_ratio"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        active = PointsRule.objects.filter(is_active=True).first()
        if active and not self.is_bound:
            for name in self.fields:
                self.initial.setdefault(name, getattr(active, name))


class RuleCreateView(ServiceSaveMixin, generic.CreateView):
    view_name = "create"
    service_logs = True  # publish_rule logs the new version

    def save_service(self, instance, form, user):
        return services.publish_rule(instance, user=user)


class RuleEditView(ServiceSaveMixin, generic.EditView):
    view_name = "edit"

    def save_service(self, instance, form, user):
        raise ValidationError("规则版本不可修改：请“新建积分规则”发布新版本，已发放的积分不受影响")


class PointsRuleViewSet(ModelViewSet):
    """Rules are versions: "新建" publishes a new version (starting from the active one); an old
    version is never edited, so every entry's rule stays what it was."""

    model = PointsRule
    icon = "cog"
    menu_label = "积分规则"
    name = "points_rules"
    copy_view_enabled = False
    list_display = ["version", "name", "per_record", "per_hour", "daily_cap", "get_expiry_mode_display",
                    BooleanColumn("is_active", label="当前生效"), DateColumn("created_at", label="创建时间")]

    def get_form_class(self, for_update=False):
        return PointsRuleForm

    add_view_class = RuleCreateView
    edit_view_class = RuleEditView


class RewardForm(ScopedForm):
    class Meta:
        model = Reward
        fields = ["name", "category", "image", "points_price", "store", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["store"].queryset = scope.restrict(ServicePoint.objects.filter(is_active=True), self.user)


class RewardStockView(ObjectActionView):
    model = Reward
    index_url_name = "rewards:index"
    edit_url_name = "rewards:edit"
    index_label = "爱心超市商品"
    service_logs = ("restock",)  # restock logs itself
    keyed_model = StockMovement

    def get_details(self):
        r = self.object
        return [("所在爱心超市", r.store), ("兑换积分", formatting.points(r.points_price)), ("库存", r.stock),
                ("上架", "是" if r.is_active else "否")]

    def get_actions(self):
        return [Action("restock", "入库", "quantity", "入库数量（整数；盘亏请填负数）")]

    def get_sections(self):
        rows = [(m.created_at, m.get_kind_display(), f"{m.delta:+d}", m.stock_after, m.source, m.operator)
                for m in self.object.movements.select_related("operator").order_by("-pk")[:100]]
        return [Section("库存流水（最近100条）", ["时间", "类型", "数量", "结存", "来源", "经办人"], rows)]

    def perform(self, action, data):
        try:
            quantity = int((data.get("quantity") or "").strip())
        except ValueError:
            raise ValidationError("入库数量须为整数")
        movement = services.restock(self.object, quantity, user=self.request.user,
                                    key=self.request_key(data, "restock"), note="后台入库")
        return self.done_message(movement, "库存已更新", "该入库已完成，未重复入库")


class RewardFilterSet(WagtailFilterSet):
    is_active = django_filters.BooleanFilter(label="上架")
    store = django_filters.ModelChoiceFilter(
        label="爱心超市",
        queryset=lambda request: scope.restrict(ServicePoint.objects.filter(rewards__isnull=False).distinct(),
                                                request.user) if request else ServicePoint.objects.none())

    class Meta:
        model = Reward
        fields = ["is_active", "store"]


class RewardViewSet(ScopedModelViewSet):
    model = Reward
    icon = "tag"
    menu_label = "爱心超市商品"
    name = "rewards"
    list_select_related = ("store",)
    search_fields = ["name", "category"]
    filterset_class = RewardFilterSet
    list_export = ["name", "category", "points_price", "store", "stock", "is_active"]
    export_headings = {"name": "商品名称", "category": "类别", "points_price": "兑换积分", "store": "爱心超市",
                       "stock": "库存", "is_active": "上架"}
    export_filename = "爱心超市商品"

    @cached_property
    def list_display(self):
        return [TitleColumn("name", label="商品", url_name=self.get_url_name("stock")), Column("store", label="爱心超市"),
                PointsColumn("points_price", label="兑换积分"), Column("stock", label="库存"),
                BooleanColumn("is_active", label="上架")]

    def get_form_class(self, for_update=False):
        return RewardForm

    def save_service(self, instance, form, user):
        return services.save_reward(instance, user=user)

    def delete_service(self, instance, user):
        raise ValidationError("商品有库存流水，不能删除；不再兑换请取消“上架”")

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [path("<str:pk>/stock/", RewardStockView.as_view(), name="stock")]


class RedemptionFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label="状态", choices=RedemptionStatus.choices)

    class Meta:
        model = Redemption
        fields = ["status"]


class RedemptionViewSet(ScopedModelViewSet):
    model = Redemption
    icon = "list-ul"
    menu_label = "兑换记录"
    name = "redemptions"
    list_select_related = ("member", "store", "operator")
    filterset_class = RedemptionFilterSet
    search_fields = ["member__name"]
    list_export = ["pk", "member", "store", "points", "get_status_display", "operator", "created_at", "cancel_reason"]
    export_headings = {"pk": "单号", "member": "党员", "store": "爱心超市", "points": "积分", "get_status_display": "状态",
                       "operator": "经办人", "created_at": "兑换时间", "cancel_reason": "撤销原因"}
    export_filename = "兑换记录"

    @cached_property
    def list_display(self):
        return [TitleColumn("member", label="党员", get_url=lambda r: reverse("counter:receipt", args=[r.pk])),
                Column("store", label="爱心超市"), PointsColumn("points", label="积分"),
                Column("get_status_display", label="状态"), DateColumn("created_at", label="兑换时间"),
                Column("operator", label="经办人")]

    form_fields = []

    def save_service(self, instance, form, user):
        raise ValidationError("兑换请在“爱心超市收银台”办理")

    def delete_service(self, instance, user):
        raise ValidationError("兑换记录不能删除；有误请撤销")


def balance_text(account):
    """A balance in its account's unit: "12.00" points or "1.5 小时" in the time bank."""
    return formatting.hours(account.balance) if account.unit == Unit.TIME else formatting.points(account.balance)


HOURS = [(h, f"{h}小时") for h in ("0.5", "1", "1.5", "2", "3", "4", "8")]


class StatementView(ObjectActionView):
    """A member's ledger statement (对账单), with a time-bank withdrawal for time accounts."""

    model = Account
    index_url_name = "accounts:index"
    index_label = "积分与时间银行账户"
    permission_required = "view"
    service_logs = ("withdraw",)  # the time-bank entry logs itself
    keyed_model = Entry

    def get_details(self):
        a = self.object
        details = [("党员", a.member), ("账户", a.get_unit_display()), ("余额", balance_text(a))]
        if a.unit == Unit.POINTS:
            details.append(("30天内到期", formatting.points(services.expiring_soon(a.member, days=30))))
        return details

    def get_actions(self):
        # Grid admins (not counter operators) record that a member's family received a service.
        if self.object.unit == Unit.TIME and self.request.user.has_perm("volunteer.change_partymember"):
            return [Action("withdraw", "登记时间兑换服务", "note", "接受服务的人和服务内容", choices=HOURS, choice_label="兑换时长")]
        return []

    def get_sections(self):
        amount = formatting.hours_value if self.object.unit == Unit.TIME else formatting.points
        rows = [(e.created_at, e.get_kind_display(), f"{'+' if e.delta > 0 else ''}{amount(e.delta)}",
                 amount(e.balance_after), e.source,
                 f"v{e.rule.version}" if e.rule_id else "—", e.expires_on, e.operator, e.note)
                for e in self.object.entries.select_related("rule", "operator").order_by("-pk")[:200]]
        return [Section("对账单（最近200条）", ["时间", "类型", "变动", "余额", "来源", "规则", "到期日", "经办人", "说明"], rows)]

    def perform(self, action, data):
        try:
            hours = Decimal(data.get("choice") or "0")
        except InvalidOperation:
            raise ValidationError("兑换时长须为数字")
        entry = services.withdraw_time(self.object.member, hours, user=self.request.user,
                                       note=data.get("note") or "", key=self.request_key(data, "withdraw"))
        return self.done_message(entry, "已登记时间兑换", "该时间兑换已登记，未重复扣除时间")


class AccountViewSet(ScopedModelViewSet):
    model = Account
    icon = "table"
    menu_label = "积分与时间银行"
    name = "accounts"
    list_select_related = ("member",)
    search_fields = ["member__name"]
    list_filter = ["unit"]
    list_export = ["member", "get_unit_display", "balance"]
    export_headings = {"member": "党员", "get_unit_display": "账户", "balance": "余额"}
    export_filename = "积分与时间银行余额"
    form_fields = []

    @cached_property
    def list_display(self):
        return [TitleColumn("member", label="党员", url_name=self.get_url_name("statement")),
                Column("get_unit_display", label="账户"), Column("balance", label="余额", accessor=balance_text)]

    def save_service(self, instance, form, user):
        raise ValidationError("账户由积分奖励、兑换和时间银行自动产生，不能手工新建")

    def delete_service(self, instance, user):
        raise ValidationError("账户不能删除")

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [path("<str:pk>/statement/", StatementView.as_view(), name="statement")]


class StarChangeViewSet(ScopedModelViewSet):
    model = StarChange
    icon = "pick"
    menu_label = "星级评定公示"
    name = "star_changes"
    list_select_related = ("member",)
    search_fields = ["member__name"]
    list_filter = ["status"]
    list_export = ["member", "from_level", "to_level", "hours", "evaluation", "get_status_display", "publicity_ends_on"]
    export_headings = {"member": "党员", "from_level": "原星级", "to_level": "新星级", "hours": "认定时长（小时）",
                       "evaluation": "评价均分", "get_status_display": "状态", "publicity_ends_on": "公示截止"}
    export_filename = "星级评定"
    list_display = [Column("member", label="党员"), Column("from_level", label="原星级"), Column("to_level", label="新星级"),
                    HoursColumn("hours", label="认定时长（小时）"), Column("get_status_display", label="状态"),
                    DateColumn("publicity_ends_on", label="公示截止")]
    form_fields = []

    def save_service(self, instance, form, user):
        raise ValidationError("星级由系统按标准评定")

    def delete_service(self, instance, user):
        raise ValidationError("评定记录不能删除")


class FraudFindingForm(ScopedForm):
    class Meta:
        model = FraudFinding
        fields = ["member", "found_on", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].widget = chooser_widget()
        self.fields["member"].queryset = scope.restrict(PartyMember.objects.all(), self.user)


class FraudFindingViewSet(ScopedModelViewSet):
    model = FraudFinding
    icon = "warning"
    menu_label = "弄虚作假认定"
    name = "fraud_findings"
    list_display = ["member", "found_on", "note", Column("by", label="认定人", accessor=lambda f: person_name(f.by))]
    search_fields = ["member__name", "note"]

    def get_form_class(self, for_update=False):
        return FraudFindingForm

    def save_service(self, instance, form, user):
        if instance.pk:
            raise ValidationError("认定记录不能修改")
        return services.record_fraud_finding(instance.member, user=user, note=instance.note, found_on=instance.found_on)

    def delete_service(self, instance, user):
        raise ValidationError("认定记录不能删除")


class StarLevelViewSet(ModelViewSet):
    model = StarLevel
    icon = "pick"
    menu_label = "星级标准"
    name = "star_levels"
    copy_view_enabled = False
    form_fields = ["level", "min_hours", "min_evaluation"]
    list_display = ["level", "min_hours", "min_evaluation"]


class StarPolicyViewSet(ModelViewSet):
    model = StarPolicy
    icon = "cog"
    menu_label = "星级评定设置"
    name = "star_policy"
    copy_view_enabled = False
    form_fields = ["publicity_days", "fraud_bar_months"]
    list_display = ["__str__"]
