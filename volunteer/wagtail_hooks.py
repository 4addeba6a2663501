"""All admin registration for the volunteer domain: one menu group, scoped viewsets."""

from django.urls import path
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from volunteer import audit_log
from volunteer.adminviews import audit
from volunteer.adminviews.access import AccessLogViewSet, AdminScopeViewSet
from volunteer.adminviews.checkins import CheckinRegisterViewSet, CheckinViewSet
from volunteer.adminviews.commitments import CommitmentViewSet
from volunteer.adminviews.counter import CounterViewSet
from volunteer.adminviews.demands import DemandViewSet
from volunteer.adminviews.exchange import ExchangeViewSet
from volunteer.adminviews.grid import GridViewSet
from volunteer.adminviews.imports import ImportViewSet
from volunteer.adminviews.ledger import (
    AccountViewSet,
    FraudFindingViewSet,
    PointsRuleViewSet,
    RedemptionViewSet,
    RewardViewSet,
    StarChangeViewSet,
    StarLevelViewSet,
    StarPolicyViewSet,
)
from volunteer.adminviews.members import MemberChooserViewSet, MemberViewSet
from volunteer.adminviews.organizations import OrganizationViewSet
from volunteer.adminviews.posts import PostAssignmentViewSet, PostViewSet
from volunteer.adminviews.projects import ActivityViewSet, OverdueFeedbackViewSet, ProjectViewSet
from volunteer.adminviews.records import AppraisalViewSet, RecordViewSet
from volunteer.adminviews.teams import (
    AppraisalSchemeViewSet,
    CampaignViewSet,
    CategoryViewSet,
    ServicePointViewSet,
    TeamViewSet,
)
from volunteer.dashboard import hooks as dashboard_hooks  # noqa: F401 - registers the dashboard
from volunteer.models import Skill

member_chooser = MemberChooserViewSet("member_chooser")


class SkillViewSet(ModelViewSet):
    """Skills are a shared vocabulary, not grid data: district admins keep the list."""

    model = Skill
    icon = "tag"
    menu_label = "技能特长"
    name = "skills"
    form_fields = ["name"]
    list_display = ["name"]
    search_fields = ["name"]
    search_backend_name = None
    copy_view_enabled = False


class GridAndPeopleGroup(ViewSetGroup):
    menu_label = "网格与党员"
    menu_icon = "site"
    menu_order = 100
    items = (
        GridViewSet(),
        OrganizationViewSet(),
        MemberViewSet(),
        CheckinViewSet(),
        CheckinRegisterViewSet(),
        PostViewSet(),
        PostAssignmentViewSet(),
        CommitmentViewSet(),
        ImportViewSet(),
        SkillViewSet(),
        AdminScopeViewSet(),
        AccessLogViewSet(),
    )


class ServiceLoopGroup(ViewSetGroup):
    """三单制: 群众点单 → 党组织下单 → 党员义工接单 → 记录与评价."""

    menu_label = "三单制服务"
    menu_icon = "tasks"
    menu_order = 110
    items = (
        DemandViewSet(),
        ProjectViewSet(),
        OverdueFeedbackViewSet(),
        ActivityViewSet(),
        RecordViewSet(),
        ExchangeViewSet(),
        AppraisalViewSet(),
        TeamViewSet(),
        ServicePointViewSet(),
        CampaignViewSet(),
        CategoryViewSet(),
        AppraisalSchemeViewSet(),
    )


class PointsAndMarketGroup(ViewSetGroup):
    """积分、星级、时间银行和爱心超市 (E4, E5, E7, E8)."""

    menu_label = "积分与爱心超市"
    menu_icon = "tag"
    menu_order = 120
    items = (
        CounterViewSet(),
        RewardViewSet(),
        RedemptionViewSet(),
        AccountViewSet(),
        PointsRuleViewSet(),
        StarChangeViewSet(),
        FraudFindingViewSet(),
        StarLevelViewSet(),
        StarPolicyViewSet(),
    )


@hooks.register("register_admin_viewset")
def register_viewsets():
    return [GridAndPeopleGroup(), ServiceLoopGroup(), PointsAndMarketGroup(), member_chooser]


@hooks.register("register_log_actions")
def register_log_actions(actions):
    audit_log.register_actions(actions)


# 操作日志: under Wagtail's 报告 menu, beside its 站点历史.
@hooks.register("register_admin_urls")
def register_audit_log_urls():
    return [
        path("audit-log/", audit.AuditLogView.as_view(), name="audit_log"),
        path("audit-log/results/", audit.AuditLogView.as_view(results_only=True), name="audit_log_results"),
    ]


@hooks.register("register_reports_menu_item")
def register_audit_log_menu_item():
    return audit.menu_item()
