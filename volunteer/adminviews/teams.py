"""Teams (T1–T3), service points with their 四有 gaps (P1, P3), campaigns (O2), categories (T2)
and appraisal weights (E2)."""

import django_filters
from django.utils.functional import cached_property
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import BooleanColumn, Column, TitleColumn
from wagtail.admin.viewsets.model import ModelViewSet

from volunteer import services
from volunteer.adminviews.base import ScopedModelViewSet
from volunteer.adminviews.forms import ServicePointForm, TeamForm
from volunteer.models import AppraisalScheme, Campaign, PointKind, ServiceCategory, ServicePoint, Team, TeamKind


class TeamFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(label="组建方式", choices=TeamKind.choices)
    categories = django_filters.ModelChoiceFilter(label="服务类别", queryset=ServiceCategory.objects.all())
    is_active = django_filters.BooleanFilter(label="启用")

    class Meta:
        model = Team
        fields = ["kind", "categories", "is_active"]


class TeamViewSet(ScopedModelViewSet):
    model = Team
    icon = "group"
    menu_label = "服务队伍"
    name = "teams"
    list_select_related = ("grid", "leader")
    list_prefetch_related = ("categories",)
    filterset_class = TeamFilterSet
    search_fields = ["name", "brand_name"]
    list_export = ["name", "get_kind_display", "grid", "leader", "brand_name", "target_hours_per_quarter"]
    export_headings = {"name": "队伍名称", "get_kind_display": "组建方式", "grid": "所在网格", "leader": "队长",
                       "brand_name": "服务品牌", "target_hours_per_quarter": "季度目标时长"}
    export_filename = "服务队伍"

    @cached_property
    def list_display(self):
        return [
            TitleColumn("name", label="队伍", url_name=self.get_url_name("edit")),
            Column("get_kind_display", label="组建方式"),
            Column("categories", label="服务类别", accessor=lambda t: "、".join(c.name for c in t.categories.all())),
            Column("grid", label="所在网格"),
            Column("leader", label="队长"),
            Column("brand_name", label="服务品牌"),
        ]

    def get_form_class(self, for_update=False):
        return TeamForm

    def save_service(self, instance, form, user):
        return services.save_team(instance, user=user, members=form.cleaned_data.get("members"),
                                  categories=form.cleaned_data.get("categories"))

    def delete_service(self, instance, user):
        services.delete_team(instance, user=user)


class PointFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(label="阵地类型", choices=PointKind.choices)
    gaps = django_filters.BooleanFilter(label="四有未达标", method="filter_gaps")

    class Meta:
        model = ServicePoint
        fields = ["kind", "gaps"]

    def filter_gaps(self, queryset, name, value):
        if value is None:
            return queryset
        gaps = queryset.with_gaps()
        return gaps if value else queryset.exclude(pk__in=gaps.values("pk"))


class ServicePointViewSet(ScopedModelViewSet):
    model = ServicePoint
    icon = "home"
    menu_label = "服务阵地"
    name = "points"
    list_select_related = ("grid",)
    filterset_class = PointFilterSet
    search_fields = ["name", "address", "public_code"]
    list_per_page = 50
    list_export = ["name", "get_kind_display", "grid", "address", "public_code", "compliance"]
    export_headings = {"name": "阵地名称", "get_kind_display": "阵地类型", "grid": "所在网格", "address": "地址",
                       "public_code": "阵地编码", "compliance": "四有情况"}
    export_filename = "服务阵地"

    @cached_property
    def list_display(self):
        return [
            TitleColumn("name", label="阵地", url_name=self.get_url_name("edit")),
            Column("get_kind_display", label="类型"),
            Column("grid", label="所在网格"),
            Column("public_code", label="阵地编码"),
            Column("compliance", label="四有情况"),
            BooleanColumn("is_active", label="启用"),
        ]

    def get_form_class(self, for_update=False):
        return ServicePointForm

    def save_service(self, instance, form, user):
        return services.save_service_point(instance, user=user)

    def delete_service(self, instance, user):
        services.delete_service_point(instance, user=user)


class CampaignViewSet(ModelViewSet):
    model = Campaign
    icon = "calendar"
    menu_label = "主题活动"
    name = "campaigns"
    form_fields = ["name", "description", "starts_on", "ends_on"]
    list_display = ["name", "starts_on", "ends_on"]
    search_fields = ["name"]
    search_backend_name = None
    copy_view_enabled = False


class CategoryViewSet(ModelViewSet):
    model = ServiceCategory
    icon = "tag"
    menu_label = "服务类别"
    name = "categories"
    form_fields = ["name", "is_professional", "sort_order"]
    list_display = ["name", BooleanColumn("is_professional", label="专业服务类别"), "sort_order"]
    search_fields = ["name"]
    search_backend_name = None
    copy_view_enabled = False


class AppraisalSchemeViewSet(ModelViewSet):
    model = AppraisalScheme
    icon = "cog"
    menu_label = "测评权重"
    name = "appraisal_schemes"
    form_fields = ["name", "self_weight", "beneficiary_weight", "organization_weight", "is_active"]
    list_display = ["name", "self_weight", "beneficiary_weight", "organization_weight",
                    BooleanColumn("is_active", label="当前使用")]
    copy_view_enabled = False
