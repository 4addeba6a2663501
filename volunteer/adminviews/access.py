"""管理范围: which grid node each admin account administers; and the log of who saw full personal
data (read-only: roles get only the view permission on it)."""

import django_filters
from django.utils import timezone
from django.utils.functional import cached_property
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from volunteer import services
from volunteer.adminviews.base import ExcelFriendlyExportMixin, ScopedModelViewSet
from volunteer.adminviews.forms import AdminScopeForm
from volunteer.models import AdminScope, PersonalDataAccessLog


def roles_of(scope_row):
    return "、".join(g.name for g in scope_row.user.groups.all()) or "—"


class AdminScopeViewSet(ScopedModelViewSet):
    model = AdminScope
    icon = "lock"
    menu_label = "管理范围"
    name = "admin_scopes"
    list_select_related = ("user", "grid")
    list_prefetch_related = ("user__groups",)
    search_fields = ["user__username", "user__first_name", "grid__name"]
    list_export = ["user", "grid"]
    export_headings = {"user": "账号", "grid": "管辖网格"}
    export_filename = "管理范围"

    @cached_property
    def list_display(self):
        return [
            TitleColumn("user", label="账号", url_name=self.get_url_name("edit")),
            Column("grid", label="管辖网格"),
            Column("roles", label="角色", accessor=roles_of),
        ]

    def get_form_class(self, for_update=False):
        return AdminScopeForm

    def save_service(self, instance, form, user):
        return services.save_admin_scope(instance, user=user)

    def delete_service(self, instance, user):
        services.delete_admin_scope(instance, user=user)


ACTION_LABELS = {
    "list": "党员名单", "edit_form": "编辑党员", "export": "导出名单", "partner_export": "对接平台导出",
    "api_list": "接口查询名单", "api_detail": "接口查看党员",
}


class AccessLogFilterSet(WagtailFilterSet):
    at = django_filters.DateFromToRangeFilter(label="时间", widget=DateRangePickerWidget)
    action = django_filters.CharFilter(label="操作", lookup_expr="icontains")

    class Meta:
        model = PersonalDataAccessLog
        fields = ["at", "action"]


class AccessLogIndexView(ExcelFriendlyExportMixin, generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("user")


class AccessLogViewSet(ModelViewSet):
    """Who saw full ID numbers and phones, when, and how many (PIPL accountability). Read-only:
    the log is written by the views that unmask, never by hand."""

    model = PersonalDataAccessLog
    icon = "view"
    menu_label = "个人信息查看记录"
    name = "access_log"
    filterset_class = AccessLogFilterSet
    search_fields = ["user__username", "user__first_name", "detail", "action"]
    search_backend_name = None
    list_per_page = 50
    inspect_view_enabled = True
    copy_view_enabled = False
    list_export = ["at", "user", "action", "count", "detail"]
    export_headings = {"at": "时间", "user": "查看人", "action": "操作", "count": "人数", "detail": "说明"}
    export_filename = "个人信息查看记录"

    @cached_property
    def list_display(self):
        return [
            Column("at", label="时间", accessor=lambda e: timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M")),
            Column("user", label="查看人"),
            Column("action", label="操作", accessor=lambda e: ACTION_LABELS.get(e.action, e.action)),
            Column("count", label="人数"),
            Column("detail", label="说明"),
        ]

    index_view_class = AccessLogIndexView
    form_fields = ["detail"]  # required by ModelViewSet; no role holds add/change on the log
