"""党组织下单 (M2, G5) in the admin: projects (with the overdue-feedback list), activities and
their roster."""

import django_filters
from django.core.exceptions import ValidationError
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import urlencode
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn

from volunteer import formatting, matching, scope, services
from volunteer.adminviews.actions import Action, ObjectActionView, Section
from volunteer.adminviews.base import ListingViewSet, ScopedCreateView, ScopedIndexView, ScopedModelViewSet
from volunteer.adminviews.forms import ActivityForm, ProjectForm
from volunteer.models import (
    Activity,
    ActivityLine,
    ActivityStatus,
    Campaign,
    Demand,
    OrderStatus,
    ProjectStatus,
    ServiceProject,
)
from volunteer.people import person_name


class ProjectFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label="状态", choices=ProjectStatus.choices)
    activity_line = django_filters.ChoiceFilter(label="活动类别", choices=ActivityLine.choices)
    campaign = django_filters.ModelChoiceFilter(label="主题活动", queryset=Campaign.objects.all())
    overdue = django_filters.BooleanFilter(label="反馈逾期", method="filter_overdue")

    class Meta:
        model = ServiceProject
        fields = ["status", "activity_line", "campaign", "overdue"]

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = queryset.feedback_overdue(timezone.localdate())
        return overdue if value else queryset.exclude(pk__in=overdue.values("pk"))


class ProjectCreateView(ScopedCreateView):
    """转为服务项目 opens this form with the chosen demands ticked and the project drafted from them."""

    def initial_demand_ids(self):
        raw = self.request.GET.get("demands", "")
        return [int(x) for x in raw.split(",") if x.strip().isdigit()]

    def get_initial(self):
        initial = super().get_initial()
        ids = self.initial_demand_ids()
        if ids:
            demands = list(scope.restrict(Demand.objects.filter(pk__in=ids), self.request.user)
                           .select_related("category", "grid").order_by("pk"))
            initial.update(services.project_draft_from_demands(demands, user=self.request.user))
        return initial

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["initial_demands"] = self.initial_demand_ids()
        return kwargs


class ActivityCreateView(ScopedCreateView):
    """新建活动 from a project's page: the project (and its organisation's grid) preselected."""

    def get_initial(self):
        initial = super().get_initial()
        raw = self.request.GET.get("project", "")
        project = (scope.restrict(ServiceProject.objects.select_related("organization__grid"), self.request.user)
                   .filter(pk=raw).first() if raw.isdigit() else None)
        if project is not None:
            initial.update(project=project.pk, grid=project.organization.grid_id)
        return initial


def feedback_state(project):
    if project.status != ProjectStatus.PUBLISHED or not project.next_feedback_due:
        return "—"
    days = (project.next_feedback_due - timezone.localdate()).days
    return f"逾期 {-days} 天" if days < 0 else f"{formatting.local_date(project.next_feedback_due)}前"


class ProjectProcessView(ObjectActionView):
    model = ServiceProject
    index_url_name = "projects:index"
    edit_url_name = "projects:edit"
    index_label = "服务项目"

    def get_details(self):
        p = self.object
        return [
            ("状态", p.get_status_display()), ("下单组织", p.organization), ("项目负责人", p.responsible),
            ("服务类别", p.category), ("活动类别", p.get_activity_line_display()), ("主题活动", p.campaign),
            ("承接队伍", p.team), ("项目内容", p.description), ("反馈周期", f"{p.feedback_interval_days} 天"),
            ("下次反馈", feedback_state(p)),
        ]

    def get_links(self):
        if self.object.status != ProjectStatus.CLOSED and self.request.user.has_perm("volunteer.add_activity"):
            return [("新建活动", reverse("activities:add") + "?" + urlencode({"project": self.object.pk}))]
        return []

    def get_actions(self):
        status = self.object.status
        if status == ProjectStatus.DRAFT:
            return [Action("publish", "发布项目")]
        if status == ProjectStatus.PUBLISHED:
            return [Action("feedback", "登记本期反馈", "content", "本期服务效果（向群众反馈的内容）"),
                    Action("close", "结项", secondary=True)]
        return []

    def get_sections(self):
        p = self.object
        demands = [(d.tracking_number, d.title, d.resident_name, d.get_status_display()) for d in p.demands.all()]
        activities = [(a.title, timezone.localtime(a.starts_at), a.place, f"{a.signed_up_count}/{a.capacity}",
                       a.get_status_display()) for a in p.activities.all()]
        feedback = [(f.at, person_name(f.by), f.content) for f in p.feedbacks.select_related("by")]
        return [
            Section("关联需求", ["受理编号", "需求", "群众", "状态"], demands),
            Section("志愿活动", ["活动", "开始时间", "地点", "报名/名额", "状态"], activities),
            Section("定期反馈", ["时间", "反馈人", "内容"], feedback),
        ]

    def perform(self, action, data):
        user = self.request.user
        if action == "publish":
            services.publish_project(self.object, user=user)
            return "项目已发布，党员义工可以接单"
        if action == "feedback":
            services.record_project_feedback(self.object, user=user, content=data.get("content"))
            return "已登记本期反馈"
        if action == "close":
            services.close_project(self.object, user=user)
            return "项目已结项"
        raise ValidationError("未知的操作")


class ProjectViewSet(ScopedModelViewSet):
    model = ServiceProject
    icon = "clipboard-list"
    menu_label = "服务项目"
    name = "projects"
    list_select_related = ("organization", "responsible", "category")
    add_view_class = ProjectCreateView
    filterset_class = ProjectFilterSet
    search_fields = ["name", "description"]
    list_export = ["name", "organization", "responsible", "category", "get_activity_line_display",
                   "get_status_display", "next_feedback_due"]
    export_headings = {"name": "项目名称", "organization": "下单组织", "responsible": "项目负责人", "category": "服务类别",
                       "get_activity_line_display": "活动类别", "get_status_display": "状态",
                       "next_feedback_due": "下次反馈截止"}
    export_filename = "服务项目"

    @cached_property
    def list_display(self):
        return [
            TitleColumn("name", label="项目", url_name=self.get_url_name("process")),
            Column("organization", label="下单组织"),
            Column("responsible", label="负责人"),
            Column("get_activity_line_display", label="活动类别"),
            Column("get_status_display", label="状态"),
            Column("feedback", label="定期反馈", accessor=feedback_state),
        ]

    def get_form_class(self, for_update=False):
        return ProjectForm

    def save_service(self, instance, form, user):
        if instance.pk:
            return services.update_project(instance, user=user)
        return services.plan_project(instance, user=user, demands=form.cleaned_data.get("demands") or [])

    def delete_service(self, instance, user):
        raise ValidationError("服务项目不能删除；不再开展请“结项”")

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("<str:pk>/process/", ProjectProcessView.as_view(), name="process"),
        ]


class OverdueFeedbackIndexView(ScopedIndexView):
    page_title = "反馈逾期的项目"
    list_select_related = ("organization", "responsible", "category")

    def get_base_queryset(self):
        return super().get_base_queryset().feedback_overdue(timezone.localdate()).order_by("next_feedback_due")


class OverdueFeedbackViewSet(ListingViewSet):
    """G5 效果定期反馈: published projects whose feedback is past due, oldest first."""

    name = "overdue_feedback"
    icon = "warning"
    menu_label = "反馈逾期项目"
    url_prefix = "overdue-feedback"
    index_view_class = OverdueFeedbackIndexView

    def get_index_view_kwargs(self):
        return {
            **super().get_index_view_kwargs(), "model": ServiceProject, "edit_url_name": "projects:process",
            "columns": [TitleColumn("name", label="项目", url_name="projects:process"),
                        Column("organization", label="下单组织"), Column("responsible", label="负责人"),
                        Column("feedback", label="定期反馈", accessor=feedback_state)],
        }


# --- Activities and the roster -------------------------------------------------------------------


def scoped_projects(request):
    return scope.restrict(ServiceProject.objects.all(), request.user) if request else ServiceProject.objects.none()


class ActivityFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label="状态", choices=ActivityStatus.choices)
    project = django_filters.ModelChoiceFilter(label="服务项目", queryset=scoped_projects)

    class Meta:
        model = Activity
        fields = ["status", "project"]


class ActivityRosterView(ObjectActionView):
    model = Activity
    index_url_name = "activities:index"
    edit_url_name = "activities:edit"
    index_label = "志愿活动"

    def get_details(self):
        a = self.object
        point = a.service_point
        return [
            ("服务项目", a.project), ("状态", a.get_status_display()), ("开始", timezone.localtime(a.starts_at)),
            ("结束", timezone.localtime(a.ends_at)), ("地点", a.place),
            ("签到阵地", f"{point.name}（编码 {point.public_code}）" if point else "未指定，无法扫码签到"),
            ("报名", f"{a.signed_up_count}/{a.capacity}"),
            ("报名时间", f"{formatting.local_datetime(a.signup_opens_at)} 至 {formatting.local_datetime(a.signup_closes_at)}"),
            ("所需技能", "、".join(s.name for s in a.required_skills.all())),
        ]

    def get_actions(self):
        a = self.object
        now = timezone.now()
        actions = []
        if a.status == ActivityStatus.SCHEDULED and now >= a.ends_at:
            actions.append(Action("finish", "结束活动：未签到记为未到场，未签退的按活动结束时间完成"))
        if a.status == ActivityStatus.SCHEDULED and now < a.starts_at:
            actions.append(Action("cancel", "取消活动", "reason", "取消原因（通知已接单党员）", secondary=True))
        if self.can_invite() and self.invite_candidates():
            invited = set(self.object.invitations.values_list("member_id", flat=True))
            choices = [(str(r.member.pk), f"{r.member.name}（{'已邀请' if r.member.pk in invited else r.reason}）")
                       for r in self.invite_candidates()]
            actions.append(Action("invite", "邀请参加", choices=choices, choice_label="党员"))
        return actions

    def get_sections(self):
        orders = self.object.orders.select_related("member").order_by("status", "signed_up_at")
        roster = [(o.member.name, o.get_status_display(), o.signed_up_at,
                   o.checked_in_at and timezone.localtime(o.checked_in_at),
                   o.checked_out_at and timezone.localtime(o.checked_out_at)) for o in orders]
        sections = [Section("名单（已接单、已签到、未到场）", ["党员", "状态", "接单时间", "签到", "签退"], roster)]
        if self.can_invite():
            invited = {i.member_id: i for i in self.object.invitations.select_related("invited_by")}
            invites = [(r.member.name, r.member.home_grid, r.reason,
                        f"已邀请（{person_name(invited[r.member.pk].invited_by)}）" if r.member.pk in invited else "")
                       for r in self.invite_candidates()]
            sections.append(Section("可邀请的党员", ["党员", "居住地", "推荐理由", "邀请"], invites))
        return sections

    def can_invite(self):
        a = self.object
        return (a.status == ActivityStatus.SCHEDULED and a.project.status == ProjectStatus.PUBLISHED
                and a.seats_left > 0 and timezone.now() <= a.signup_closes_at)

    @cached_property
    def _candidates(self):
        return matching.invite_candidates(self.object, user=self.request.user, limit=15)

    def invite_candidates(self):
        return self._candidates

    def perform(self, action, data):
        user = self.request.user
        if action == "finish":
            for order in self.object.orders.filter(status=OrderStatus.CHECKED_IN):
                services.complete_order(order, user=user)
            count = services.mark_no_shows(self.object, user=user)
            return f"活动已结束，{count} 人记为未到场"
        if action == "cancel":
            services.cancel_activity(self.object, user=user, reason=data.get("reason") or "")
            return "活动已取消"
        if action == "invite":
            member = next((r.member for r in self.invite_candidates() if str(r.member.pk) == data.get("choice")), None)
            if member is None:
                raise ValidationError({"member": "请选择要邀请的党员"})
            _, created = services.invite_member_to_activity(self.object, member, user=user)
            return f"已邀请 {member.name}，对方登录党员义工端即可在首页看到邀请并接单" if created else f"此前已邀请过 {member.name}"
        raise ValidationError("未知的操作")


class ActivityViewSet(ScopedModelViewSet):
    model = Activity
    icon = "date"
    menu_label = "志愿活动"
    name = "activities"
    list_select_related = ("project", "grid")
    filterset_class = ActivityFilterSet
    add_view_class = ActivityCreateView
    search_fields = ["title", "place", "project__name"]
    list_export = ["title", "project", "grid", "place", "starts_at", "ends_at", "capacity", "signed_up_count",
                   "get_status_display"]
    export_headings = {"title": "活动名称", "project": "服务项目", "grid": "活动网格", "place": "地点", "starts_at": "开始",
                       "ends_at": "结束", "capacity": "招募人数", "signed_up_count": "已报名", "get_status_display": "状态"}
    export_filename = "志愿活动"
    ordering = ["-starts_at"]

    @cached_property
    def list_display(self):
        return [
            TitleColumn("title", label="活动", url_name=self.get_url_name("roster")),
            Column("project", label="服务项目"),
            DateColumn("starts_at", label="开始时间"),
            Column("place", label="地点"),
            Column("seats", label="报名/名额", accessor=lambda a: f"{a.signed_up_count}/{a.capacity}"),
            Column("get_status_display", label="状态"),
        ]

    def get_form_class(self, for_update=False):
        return ActivityForm

    def save_service(self, instance, form, user):
        return services.schedule_activity(instance, user=user, required_skills=form.cleaned_data.get("required_skills"))

    def delete_service(self, instance, user):
        raise ValidationError("活动不能删除；请使用“取消活动”")

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("<str:pk>/roster/", ActivityRosterView.as_view(), name="roster"),
        ]

