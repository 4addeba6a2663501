"""群众需求信息库 (M1) in the admin: the inbox by status, the processing page with the transition
log, batch 受理, and the step that turns accepted demands into a project."""

import django_filters
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.views.generic import TemplateView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton

from volunteer import privacy, scope, services
from volunteer.adminviews.actions import Action, ObjectActionView, Section
from volunteer.adminviews.base import ScopedIndexView, ScopedModelViewSet, ValueColumn
from volunteer.adminviews.forms import DemandForm
from volunteer.models import Demand, DemandChannel, DemandStatus, Grid, ServiceCategory, Urgency
from volunteer.people import person_name


def shown_resident_phone(demand, user):
    return demand.resident_phone if privacy.can_unmask(user) else demand.resident_phone_masked


class DemandFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label="状态", choices=DemandStatus.choices)
    channel = django_filters.ChoiceFilter(label="收集渠道", choices=DemandChannel.choices)
    category = django_filters.ModelChoiceFilter(label="需求类别", queryset=ServiceCategory.objects.all())
    urgency = django_filters.ChoiceFilter(label="紧急程度", choices=Urgency.choices)
    grid = django_filters.ModelChoiceFilter(
        label="网格（含下级）", method="filter_grid",
        queryset=lambda request: scope.restrict(Grid.objects.exclude(level=4), request.user) if request else Grid.objects.none(),
    )

    class Meta:
        model = Demand
        fields = ["status", "channel", "category", "urgency", "grid"]

    def filter_grid(self, queryset, name, value):
        return queryset.in_grid(value) if value else queryset


class DemandIndexView(ScopedIndexView):
    template_name = "volunteer/admin/demand_index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if privacy.can_unmask(self.request.user):
            privacy.log_unmasked(self.request.user, "demand_list", [], count=len(context["object_list"]),
                                 detail="群众需求联系电话")
        return context

    def get_page_subtitle(self):
        counts = dict(scope.restrict(Demand.objects.all(), self.request.user).order_by().values_list("status")
                      .annotate(n=Count("pk")))
        return "　".join(f"{DemandStatus(k).label} {counts.get(k, 0)}" for k in
                        [DemandStatus.NEW, DemandStatus.ACCEPTED, DemandStatus.PLANNED, DemandStatus.IN_SERVICE])

    @cached_property
    def header_buttons(self):
        return list(super().header_buttons) + [
            HeaderButton("批量受理 / 转为服务项目", url=reverse("demands:batch"), icon_name="tasks"),
        ]


class DemandProcessView(ObjectActionView):
    model = Demand
    index_url_name = "demands:index"
    edit_url_name = "demands:edit"
    index_label = "群众需求"

    def get_details(self):
        d = self.object
        if privacy.can_unmask(self.request.user):
            privacy.log_unmasked(self.request.user, "demand_detail", [], count=1, detail=f"群众需求 {d.tracking_number}")
        return [
            ("受理编号", d.tracking_number), ("状态", d.get_status_display()), ("需求描述", d.description),
            ("收集渠道", d.get_channel_display()), ("需求类别", d.category), ("紧急程度", d.get_urgency_display()),
            ("所在网格", d.grid), ("收集点", d.collection_point), ("群众", d.resident_name),
            ("联系电话", shown_resident_phone(d, self.request.user)), ("住址", d.resident_address),
            ("服务项目", d.project), ("不予受理原因", d.reject_reason), ("办理结果反馈", d.feedback),
        ]

    def get_actions(self):
        status = self.object.status
        actions = []
        if status == DemandStatus.NEW:
            actions.append(Action("accept", "受理"))
        if status in (DemandStatus.NEW, DemandStatus.ACCEPTED):
            actions.append(Action("reject", "不予受理", "reason", "原因（将告知群众）", secondary=True))
        if status == DemandStatus.ACCEPTED:
            actions.append(Action("plan", "转为服务项目"))
        if status in (DemandStatus.ACCEPTED, DemandStatus.PLANNED, DemandStatus.IN_SERVICE):
            actions.append(Action("resolve", "办结并反馈", "feedback", "向群众反馈的办理结果"))
        return actions

    def get_sections(self):
        rows = [(t.at, t.get_from_status_display() or "—", t.get_to_status_display(), person_name(t.by), t.note)
                for t in self.object.transitions.select_related("by")]
        return [Section("流转记录", ["时间", "原状态", "新状态", "操作人", "说明"], rows)]

    def perform(self, action, data):
        user = self.request.user
        if action == "accept":
            services.accept_demand(self.object, user=user)
            return "已受理"
        if action == "reject":
            services.reject_demand(self.object, user=user, reason=data.get("reason"))
            return "已不予受理，原因将告知群众"
        if action == "resolve":
            services.resolve_demand(self.object, user=user, feedback=data.get("feedback"))
            return "已办结"
        raise ValidationError("未知的操作")

    def post(self, request, *args, **kwargs):
        if request.POST.get("action") == "plan" and self.object.status == DemandStatus.ACCEPTED:
            return redirect(reverse("projects:add") + "?" + urlencode({"demands": self.object.pk}))
        return super().post(request, *args, **kwargs)


class DemandBatchView(WagtailAdminTemplateMixin, TemplateView):
    """批量处理: accept many new demands at once, or turn accepted ones into one project."""

    template_name = "volunteer/admin/demand_batch.html"
    page_title = "批量处理群众需求"
    header_icon = "tasks"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("volunteer.change_demand"):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        visible = scope.restrict(Demand.objects.select_related("category", "grid"), self.request.user)
        context["new"] = visible.filter(status=DemandStatus.NEW)[:200]
        context["accepted"] = visible.filter(status=DemandStatus.ACCEPTED, project__isnull=True)[:200]
        return context

    def post(self, request):
        ids = request.POST.getlist("ids")
        if request.POST.get("action") == "plan":
            return redirect(reverse("projects:add") + "?" + urlencode({"demands": ",".join(ids)}))
        visible = scope.restrict(Demand.objects.filter(pk__in=ids, status=DemandStatus.NEW), request.user)
        try:
            with transaction.atomic():  # all or nothing
                for demand in visible:
                    services.accept_demand(demand, user=request.user, note="批量受理")
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, f"已受理 {len(visible)} 条需求")
        return redirect("demands:batch")


class DemandViewSet(ScopedModelViewSet):
    model = Demand
    icon = "help"
    menu_label = "群众需求"
    name = "demands"
    index_view_class = DemandIndexView
    list_select_related = ("category", "grid")
    filterset_class = DemandFilterSet
    search_fields = ["tracking_number", "title", "description", "resident_name"]
    list_per_page = 50
    list_export = ["tracking_number", "title", "get_channel_display", "category", "grid", "get_urgency_display",
                   "get_status_display", "resident_name", "created_at", "resolved_at", "feedback"]
    export_headings = {"tracking_number": "受理编号", "title": "需求标题", "get_channel_display": "收集渠道",
                       "category": "需求类别", "grid": "所在网格", "get_urgency_display": "紧急程度",
                       "get_status_display": "状态", "resident_name": "群众姓名", "created_at": "登记时间",
                       "resolved_at": "办结时间", "feedback": "办理结果反馈"}
    export_filename = "群众需求"

    @cached_property
    def list_display(self):
        return [
            TitleColumn("title", label="需求", url_name=self.get_url_name("process")),
            Column("tracking_number", label="受理编号"),
            Column("get_channel_display", label="渠道"),
            Column("category", label="类别"),
            Column("grid", label="网格"),
            Column("get_urgency_display", label="紧急程度"),
            ValueColumn("resident_phone", shown_resident_phone, label="联系电话"),
            Column("get_status_display", label="状态"),
            DateColumn("created_at", label="登记时间"),
        ]

    def get_form_class(self, for_update=False):
        return DemandForm

    def save_service(self, instance, form, user):
        if instance.pk:
            return services.update_demand(instance, user=user)
        return services.intake_demand(instance, user=user)

    def delete_service(self, instance, user):
        raise ValidationError("群众需求不能删除；不予受理请使用“不予受理”并注明原因")

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("<str:pk>/process/", DemandProcessView.as_view(), name="process"),
            path("batch/", DemandBatchView.as_view(), name="batch"),
        ]
