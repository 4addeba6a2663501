"""Party organisations in the admin."""

import django_filters
from django.utils.functional import cached_property
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn

from volunteer import scope, services
from volunteer.adminviews.base import ScopedModelViewSet
from volunteer.adminviews.forms import OrganizationForm
from volunteer.models import Grid, OrgKind, OrgLevel, PartyOrganization


class OrganizationFilterSet(WagtailFilterSet):
    level = django_filters.ChoiceFilter(label="组织层级", choices=OrgLevel.choices)
    kind = django_filters.ChoiceFilter(label="组织类别", choices=OrgKind.choices)
    grid = django_filters.ModelChoiceFilter(
        label="网格（含下级）", method="filter_grid",
        queryset=lambda request: scope.restrict(Grid.objects.exclude(level=4), request.user) if request else Grid.objects.none(),
    )

    class Meta:
        model = PartyOrganization
        fields = ["level", "kind", "grid"]

    def filter_grid(self, queryset, name, value):
        return queryset.in_grid(value) if value else queryset


class OrganizationViewSet(ScopedModelViewSet):
    model = PartyOrganization
    icon = "group"
    menu_label = "党组织"
    name = "organizations"
    list_select_related = ("grid", "parent")
    filterset_class = OrganizationFilterSet
    search_fields = ["name", "code", "secretary"]
    list_per_page = 50
    list_export = ["name", "code", "get_level_display", "get_kind_display", "grid", "parent", "secretary"]
    export_headings = {"name": "组织名称", "code": "组织编码", "get_level_display": "组织层级",
                       "get_kind_display": "组织类别", "grid": "所在网格", "parent": "上级组织", "secretary": "书记"}
    export_filename = "党组织"

    @cached_property
    def list_display(self):
        return [
            TitleColumn("name", label="组织名称", url_name=self.get_url_name("edit")),
            Column("code", label="组织编码"),
            Column("get_level_display", label="组织层级"),
            Column("get_kind_display", label="组织类别"),
            Column("grid", label="所在网格"),
            Column("parent", label="上级组织"),
        ]

    def get_form_class(self, for_update=False):
        return OrganizationForm

    def save_service(self, instance, form, user):
        return services.save_organization(instance, user=user)

    def delete_service(self, instance, user):
        services.delete_organization(instance, user=user)
