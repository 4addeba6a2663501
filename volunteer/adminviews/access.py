"""管理范围: which grid node each admin account administers."""

from django.utils.functional import cached_property
from wagtail.admin.ui.tables import Column, TitleColumn

from volunteer import services
from volunteer.adminviews.base import ScopedModelViewSet
from volunteer.adminviews.forms import AdminScopeForm
from volunteer.models import AdminScope


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
