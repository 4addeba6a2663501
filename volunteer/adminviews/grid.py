"""The grid tree in the admin: drill down from the user's own node, with per-node counts."""

from django.db.models import F, Func, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.widgets.button import HeaderButton

from volunteer import scope, services
from volunteer.adminviews.base import ScopedIndexView, ScopedModelViewSet
from volunteer.adminviews.forms import GridCreateForm, GridEditForm
from volunteer.models import Grid, PartyMember, PartyOrganization


def subtree_count(queryset, grid_field):
    """A correlated count of rows whose grid lies in each node's subtree: one query per page.
    COUNT as a plain Func keeps Django from adding a GROUP BY."""
    counts = (
        queryset.order_by()
        .filter(**{f"{grid_field}__path__startswith": OuterRef("path")})
        .annotate(n=Func(F("pk"), function="COUNT"))
        .values("n")
    )
    return Coalesce(Subquery(counts[:1], output_field=IntegerField()), 0)


class DrillDownColumn(Column):
    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        if instance.numchild:
            url = reverse("grid:index") + f"?parent={instance.pk}"
            context["value"] = format_html('<a href="{}">{} 个 ›</a>', url, instance.numchild)
        else:
            context["value"] = "—"
        return context


class GridIndexView(ScopedIndexView):
    @cached_property
    def parent(self):
        pk = self.request.GET.get("parent")
        if not (pk and pk.isdigit()):
            return None
        node = Grid.objects.filter(pk=pk).first()
        return node if node and scope.scope_for(self.request.user).contains(node) else None

    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        if not self.is_searching:
            user_scope = scope.scope_for(self.request.user)
            if self.parent is not None:
                queryset = queryset.filter(depth=self.parent.depth + 1, path__startswith=self.parent.path)
            elif user_scope.node is not None:
                queryset = queryset.filter(pk=user_scope.node.pk)
            else:
                queryset = queryset.filter(depth=1)
        return queryset.annotate(
            member_count=subtree_count(PartyMember.objects.active(), "home_grid"),
            org_count=subtree_count(PartyOrganization.objects.all(), "grid"),
        )

    def get_page_subtitle(self):
        if self.parent is None:
            return scope.scope_for(self.request.user).label
        return self.parent.full_name

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.parent is not None:
            up = self.parent.get_parent()
            url = reverse("grid:index")
            if up is not None and scope.scope_for(self.request.user).contains(up):
                url += f"?parent={up.pk}"
            buttons.append(HeaderButton("返回上级", url=url, icon_name="arrow-up"))
        return buttons


class GridViewSet(ScopedModelViewSet):
    model = Grid
    icon = "site"
    menu_label = "服务网格"
    name = "grid"
    index_view_class = GridIndexView
    search_fields = ["name", "code"]
    list_per_page = 50
    list_export = ["name", "code", "level", "depth"]
    export_headings = {"name": "名称", "code": "网格编码", "level": "层级", "depth": "深度"}
    ordering = ["path"]

    @property
    def list_display(self):
        return [
            TitleColumn("name", label="名称", url_name=self.get_url_name("edit")),
            Column("code", label="网格编码"),
            Column("get_level_display", label="层级"),
            DrillDownColumn("numchild", label="下级网格"),
            Column("org_count", label="党组织"),
            Column("member_count", label="居住党员"),
        ]

    def get_form_class(self, for_update=False):
        return GridEditForm if for_update else GridCreateForm

    def save_service(self, instance, form, user):
        if form.instance.pk:
            return services.update_grid(instance, user=user)
        data = form.cleaned_data
        return services.create_grid(
            parent=data.get("parent"), name=data["name"], code=data["code"], user=user,
            centroid_lat=data.get("centroid_lat"), centroid_lng=data.get("centroid_lng"),
        )

    def delete_service(self, instance, user):
        services.delete_grid(instance, user=user)

