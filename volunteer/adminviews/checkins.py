"""在职党员到社区报到 (G3) in the admin: requests with confirm/decline, and the register that
shows who has and has not reported."""

import django_filters
from django.core.exceptions import ValidationError
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic

from volunteer import privacy, scope, services
from volunteer.adminviews.actions import Action, ObjectActionView
from volunteer.adminviews.base import ExcelFriendlyExportMixin, ListingViewSet, ScopedModelViewSet, ValueColumn
from volunteer.adminviews.forms import CheckinCreateForm
from volunteer.adminviews.members import shown_mobile
from volunteer.models import CheckinStatus, CommunityCheckin, Grid, GridLevel, PartyMember
from volunteer.people import person_name


def scoped_communities(request):
    if request is None:
        return Grid.objects.none()
    return scope.restrict(Grid.objects.filter(level=GridLevel.COMMUNITY), request.user)


class CheckinFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label="状态", choices=CheckinStatus.choices)
    community = django_filters.ModelChoiceFilter(label="报到社区", queryset=scoped_communities)

    class Meta:
        model = CommunityCheckin
        fields = ["status", "community"]


class DecideLinkColumn(Column):
    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        if instance.status == CheckinStatus.PENDING:
            url = reverse("checkins:decide", args=[instance.pk])
            context["value"] = format_html('<a class="button button-small" href="{}">处理</a>', url)
        else:
            context["value"] = instance.get_status_display()
        return context


class CheckinDecideView(ObjectActionView):
    model = CommunityCheckin
    index_url_name = "checkins:index"
    index_label = "社区报到"

    def get_details(self):
        c, member = self.object, self.object.member
        if privacy.can_unmask(self.request.user):
            privacy.log_unmasked(self.request.user, "checkin_decide", [member])
        return [
            ("党员", f"{member.name}（{shown_mobile(member, self.request.user)}）"), ("所在党支部", member.branch),
            ("工作单位", member.work_unit), ("居住地网格", member.home_grid.full_name),
            ("报到社区", c.community.full_name), ("申请时间", c.requested_at), ("报到说明", c.note),
            ("状态", c.get_status_display()), ("处理人", person_name(c.decided_by)), ("退回原因", c.decline_reason),
        ]

    def get_actions(self):
        if self.object.status != CheckinStatus.PENDING:
            return []
        return [Action("confirm", "确认报到"),
                Action("decline", "退回", "decline_reason", "退回原因", secondary=True)]

    def perform(self, action, data):
        user, checkin = self.request.user, self.object
        if action == "confirm":
            services.confirm_checkin(checkin, user=user)
            return f"已确认 {checkin.member.name} 到 {checkin.community.name} 报到"
        services.decline_checkin(checkin, user=user, reason=data.get("decline_reason", ""))
        return f"已退回 {checkin.member.name} 的报到申请"

    def get_success_url(self):
        return reverse("checkins:index")


class CheckinViewSet(ScopedModelViewSet):
    model = CommunityCheckin
    icon = "tick"
    menu_label = "社区报到"
    name = "checkins"
    list_select_related = ("member", "community", "decided_by")
    filterset_class = CheckinFilterSet
    search_fields = ["member__name"]
    list_export = ["member", "community", "get_status_display", "requested_at", "decided_at", "decline_reason"]
    export_headings = {
        "member": "党员", "community": "报到社区", "get_status_display": "状态", "requested_at": "申请时间",
        "decided_at": "处理时间", "decline_reason": "退回原因",
    }
    export_filename = "社区报到"
    decide_view_class = CheckinDecideView

    @cached_property
    def list_display(self):
        return [
            Column("member", label="党员"),
            Column("community", label="报到社区"),
            DateColumn("requested_at", label="申请时间"),
            Column("decided_by", label="处理人", accessor=lambda c: person_name(c.decided_by)),
            Column("decline_reason", label="退回原因"),
            DecideLinkColumn("status", label="状态 / 操作"),
        ]

    def get_form_class(self, for_update=False):
        return CheckinCreateForm

    def save_service(self, instance, form, user):
        data = form.cleaned_data
        return services.request_checkin(data["member"], data["community"], user=user, note=data.get("note", ""))

    def delete_service(self, instance, user):
        raise ValidationError("报到记录不能删除；如登记有误，请使用“退回”并注明原因")

    @property
    def decide_view(self):
        return self.decide_view_class.as_view()

    def get_urlpatterns(self):
        # Editing a check-in means deciding it: the edit URL opens the decision page.
        patterns = [p for p in super().get_urlpatterns() if getattr(p, "name", None) not in ("edit", "delete")]
        return patterns + [
            path("<str:pk>/decide/", self.decide_view, name="decide"),
            path("<str:pk>/edit/", self.decide_view, name="edit"),
        ]


# --- The register: who has and has not reported -----------------------------------------------


class RegisterFilterSet(WagtailFilterSet):
    community = django_filters.ModelChoiceFilter(
        label="居住社区", queryset=scoped_communities, method="filter_community", field_name="home_grid"
    )
    reported = django_filters.ChoiceFilter(
        label="报到情况", method="filter_reported",
        choices=[("confirmed", "已报到"), ("pending", "待确认"), ("none", "未报到")],
    )

    class Meta:
        model = PartyMember
        fields = ["community", "reported"]

    def filter_community(self, queryset, name, value):
        return queryset.living_in(value) if value else queryset

    def filter_reported(self, queryset, name, value):
        if value == "none":
            return queryset.filter(checkin_status__isnull=True)
        return queryset.filter(checkin_status=value) if value else queryset


def register_status(member, user):
    return dict(CheckinStatus.choices).get(member.checkin_status, "未报到")


class CheckinRegisterView(ExcelFriendlyExportMixin, generic.IndexView):
    model = PartyMember
    page_title = "在职党员报到登记簿"
    header_icon = "list-ul"
    filterset_class = RegisterFilterSet
    search_fields = ["name"]
    search_backend_name = None
    paginate_by = 50
    any_permission_required = ["view"]
    export_filename = "在职党员报到登记簿"
    list_export = ["name", "branch", "work_unit", "home_grid", "checkin_status"]
    export_headings = {"name": "姓名", "branch": "所在党支部", "work_unit": "工作单位", "home_grid": "居住地网格",
                       "checkin_status": "报到情况"}
    columns = [
        Column("name", label="姓名"),
        Column("branch", label="所在党支部"),
        Column("work_unit", label="工作单位"),
        Column("home_grid", label="居住地网格"),
        ValueColumn("checkin_status", register_status, label="报到情况"),
    ]

    def get_base_queryset(self):
        return services.checkin_register(self.request.user)

    def get_page_subtitle(self):
        counts = services.checkin_register_counts(self.request.user)
        return "　".join(f"{label} {counts[key]} 人" for key, label in
                        [("confirmed", "已报到"), ("pending", "待确认"), ("none", "未报到")])

    def to_row_dict(self, item):
        row = super().to_row_dict(item)
        row["checkin_status"] = register_status(item, self.request.user)
        return row


class CheckinRegisterViewSet(ListingViewSet):
    name = "checkin_register"
    icon = "list-ul"
    menu_label = "报到登记簿"
    url_prefix = "checkin-register"
    index_view_class = CheckinRegisterView
