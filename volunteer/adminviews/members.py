"""Party members in the admin: scoped list with filters and Chinese substring search, masked
identifiers (unless the viewer may unmask, which is logged), xlsx export and a scoped chooser."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.functional import cached_property
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.viewsets.chooser import ChooserViewSet

from volunteer import privacy, scope, services
from volunteer.adminviews.base import ScopedIndexView, ScopedModelViewSet, ValueColumn
from volunteer.adminviews.forms import GridChoiceField, MemberForm
from volunteer.models import Grid, MemberStatus, PartyMember, PartyOrganization


def shown_id_card(member, user):
    return member.id_card_number if privacy.can_unmask(user) else member.id_card_masked


def shown_mobile(member, user):
    return member.mobile if privacy.can_unmask(user) else member.mobile_masked


class GridFilter(django_filters.ModelChoiceFilter):
    field_class = GridChoiceField


class MemberFilterSet(WagtailFilterSet):
    grid = GridFilter(
        label="网格（含下级）", method="filter_grid",
        queryset=lambda request: scope.restrict(Grid.objects.all(), request.user) if request else Grid.objects.none(),
    )
    branch = django_filters.ModelChoiceFilter(
        label="所在党支部",
        queryset=lambda request: scope.restrict(PartyOrganization.objects.all(), request.user)
        if request else PartyOrganization.objects.none(),
    )
    status = django_filters.ChoiceFilter(label="党员状态", choices=MemberStatus.choices)
    is_active = django_filters.BooleanFilter(label="在册")

    class Meta:
        model = PartyMember
        fields = ["grid", "branch", "status", "is_active"]

    def filter_grid(self, queryset, name, value):
        return queryset.in_grid(value) if value else queryset


class MemberIndexView(ScopedIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().for_listing()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if privacy.can_unmask(self.request.user):
            privacy.log_unmasked(self.request.user, "list", list(context["object_list"]))
        return context

    def to_row_dict(self, item):
        user = self.request.user
        row = super().to_row_dict(item)
        row["id_card_masked"] = shown_id_card(item, user)
        row["mobile"] = shown_mobile(item, user)
        return row

    def write_xlsx(self, queryset, output):
        self._log_export(queryset)
        return super().write_xlsx(queryset, output)

    def write_csv(self, queryset):
        self._log_export(queryset)
        return super().write_csv(queryset)

    def _log_export(self, queryset):
        if privacy.can_unmask(self.request.user):
            # The ids, not the rows: an export of a whole district must not load it twice.
            ids = list(queryset.values_list("pk", flat=True))
            privacy.log_unmasked(self.request.user, "export", [], count=len(ids), ids=ids)


class MemberViewSet(ScopedModelViewSet):
    model = PartyMember
    icon = "user"
    menu_label = "党员"
    name = "members"
    index_view_class = MemberIndexView
    filterset_class = MemberFilterSet
    search_fields = ["name", "mobile"]
    list_per_page = 50
    list_export = [
        "name", "get_gender_display", "id_card_masked", "mobile", "branch", "get_status_display",
        "work_unit", "work_grid", "home_grid", "joined_party_on", "is_active",
    ]
    export_headings = {
        "name": "姓名", "get_gender_display": "性别", "id_card_masked": "身份证号码", "mobile": "手机号码",
        "branch": "所在党支部", "get_status_display": "党员状态", "work_unit": "工作单位",
        "work_grid": "单位所在网格", "home_grid": "居住地网格", "joined_party_on": "入党日期", "is_active": "在册",
    }
    export_filename = "党员名册"

    @cached_property
    def list_display(self):
        return [
            TitleColumn("name", label="姓名", url_name=self.get_url_name("edit")),
            Column("get_gender_display", label="性别"),
            ValueColumn("id_card", shown_id_card, label="身份证号码"),
            ValueColumn("mobile", shown_mobile, label="手机号码"),
            Column("branch", label="所在党支部"),
            Column("home_grid", label="居住地网格"),
            Column("work_grid", label="单位所在网格"),
            Column("get_status_display", label="状态"),
        ]

    def get_form_class(self, for_update=False):
        return MemberForm

    def save_service(self, instance, form, user):
        return services.save_member(instance, user=user, **form.service_kwargs())

    def delete_service(self, instance, user):
        services.delete_member(instance, user=user)


# --- Chooser: pick a member from the user's scope by name or phone -------------------------------


class MemberSearchForm(BaseFilterForm):
    q = forms.CharField(label="姓名或手机号", required=False)

    def filter(self, objects):
        objects = super().filter(objects)
        query = self.cleaned_data.get("q")
        if query:
            objects = objects.filter(Q(name__icontains=query) | Q(mobile__contains=query))
            self.is_searching = True
            self.search_query = query
        return objects


class ScopedChooseMixin:
    filter_form_class = MemberSearchForm

    def get_object_list(self):
        return scope.restrict(PartyMember.objects.active().for_listing(), self.request.user)

    @property
    def columns(self):
        return [
            self.title_column,
            ValueColumn("mobile", shown_mobile, label="手机号码"),
            Column("home_grid", label="居住地网格"),
            Column("get_status_display", label="状态"),
        ]


class MemberChooseView(ScopedChooseMixin, chooser_views.ChooseView):
    pass


class MemberChooseResultsView(ScopedChooseMixin, chooser_views.ChooseResultsView):
    pass


class MemberChosenView(chooser_views.ChosenView):
    def get_object(self, pk):
        return scope.restrict(PartyMember.objects.all(), self.request.user).get(pk=pk)

    def get_display_title(self, instance):
        return f"{instance.name}（{instance.mobile_masked}）"


class MemberChooserViewSet(ChooserViewSet):
    model = PartyMember
    icon = "user"
    choose_one_text = "选择党员"
    choose_another_text = "重新选择"
    edit_item_text = "编辑党员"
    choose_view_class = MemberChooseView
    choose_results_view_class = MemberChooseResultsView
    chosen_view_class = MemberChosenView
    creation_form_class = None
    create_action_label = None
