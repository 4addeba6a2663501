"""Admin home panels (construct_homepage_panels): each shows figures for the user's own grid
subtree with a link to drill down, and only to users with a scope and the view permission."""

from django.forms import Media
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from wagtail.admin.ui.components import Component

from volunteer import figures, formatting
from volunteer.dashboard import cache
from volunteer.dashboard.access import home_node, may_view

CHART_JS = ["volunteer/dashboard/echarts-5.6.0.min.js", "volunteer/dashboard/dashboard.js"]
LIST_LIMIT = 8


def url(name, *args, query=""):
    try:
        return reverse(name, args=args) + (f"?{query}" if query else "")
    except NoReverseMatch:
        return ""


def cells(rows):
    """Table rows for _table.html: every cell a (text, link-or-empty) pair."""
    return [[cell if isinstance(cell, tuple) else (cell, "") for cell in row] for row in rows or []]


def map_url(node):
    return url("dashboard_map:node", node.pk)


class DashboardPanel(Component):
    template_name = "volunteer/dashboard/panel.html"
    name = "dy_dashboard"
    title = ""
    perms = ()
    order = 50
    chart = False

    def __init__(self, request, node):
        self.request = request
        self.user = request.user
        self.node = node
        self.today = timezone.localdate()

    @classmethod
    def allowed(cls, user):
        return may_view(user, *cls.perms)

    def compute(self):
        """Each panel computes its figures here; the base class caches them per scope and day."""
        raise NotImplementedError

    def data(self):
        return cache.cached(self.user, self.name, self.node, self.today.isoformat(), self.compute)

    def extra(self, data):
        """Context that needs no caching (links)."""
        return {}

    def get_context_data(self, parent_context):
        data = dict(self.data())
        data["rows"] = cells(data.get("rows"))
        return {"panel": self, "title": self.title, "node": self.node, "chart_id": f"dy-chart-{self.name}",
                **data, **self.extra(data)}

    @property
    def media(self):
        return Media(js=CHART_JS) if self.chart else Media()


class CoveragePanel(DashboardPanel):
    name = "dy_coverage"
    title = "全覆盖进度（每名党员至少参加1次义工服务、办1件实事好事）"
    perms = ("view_partymember", "view_servicerecord")
    order = 10

    def compute(self):
        period = figures.Period.year(self.today.year)
        c = figures.coverage(self.user, self.node, period)
        return {"headline": [
            ("全覆盖率", c["full_rate"], f"{c['full']} / {c['members']} 人"),
            ("尚未全覆盖", f"{c['missing']} 人", f"未参加服务 {c['not_served']} 人，未办实事 {c['no_deed']} 人"),
            ("年内参与率", c["served_rate"], f"{c['served']} 人"),
            ("年内办实事覆盖率", c["deed_rate"], f"{c['deed']} 人"),
        ]}

    def extra(self, data):
        return {"links": [("按网格查看", map_url(self.node)), ("按单位排名", url("dashboard_rankings:index"))]}


class HoursPanel(DashboardPanel):
    name = "dy_hours"
    title = "每月服务时长（小时）"
    perms = ("view_servicerecord",)
    order = 20
    chart = True

    def compute(self):
        months = figures.hours_by_month(self.user, self.node, self.today.year, until=self.today)
        total = sum((h for _, h in months if h is not None), 0)
        return {
            "headline": [(f"{self.today.year}年累计", formatting.hours(total), "")],
            "chart_spec": {"type": "bar", "title": f"{self.today.year}年每月服务时长（小时）",
                           "labels": [f"{m}月" for m, _ in months],
                           "values": [None if h is None else float(h) for _, h in months]},
        }

    def extra(self, data):
        return {"links": [("按网格查看", map_url(self.node))]}


class DemandPanel(DashboardPanel):
    name = "dy_demands"
    title = "群众需求办理情况"
    perms = ("view_demand",)
    order = 30
    chart = True

    def compute(self):
        rows = figures.demands_by_status(self.user, self.node)
        overdue = figures.overdue_demands(self.user, self.node, self.today)
        data = {
            "headline": [(label, n, "") for _, label, n in rows]
            + [("逾期未办结", overdue.count(), f"登记超过{figures.DEMAND_OVERDUE_DAYS}天仍未办结")],
            "chart_spec": {"type": "pie", "title": "需求状态", "items": [
                {"name": label, "value": n} for _, label, n in rows if n]},
            "headers": ["受理编号", "需求", "网格", "状态", "登记时间"],
            "rows": [[(d.tracking_number, url("demands:edit", d.pk)), d.title, str(d.grid), d.get_status_display(),
                      timezone.localtime(d.created_at).strftime("%Y-%m-%d")]
                     for d in overdue.select_related("grid")[:LIST_LIMIT]],
            "empty": "没有逾期未办结的需求",
        }
        if self.user.has_perm("volunteer.view_serviceproject"):
            late = figures.overdue_feedback(self.user, self.node, self.today).count()
            data["headline"].append(("项目反馈逾期", late, "效果定期反馈已过期的服务项目"))
        return data

    def extra(self, data):
        links = [("全部需求", url("demands:index"))]
        if self.user.has_perm("volunteer.view_serviceproject"):
            links.append(("反馈逾期项目", url("overdue_feedback:index")))
        return {"links": links}


class TeamPanel(DashboardPanel):
    name = "dy_teams"
    title = "本季度未达目标的服务队伍"
    perms = ("view_team",)
    order = 40

    def compute(self):
        rows = figures.teams_below_target(self.user, self.node, self.today)
        return {
            "headline": [("未达目标队伍", len(rows), f"{figures.quarter_start(self.today):%Y-%m-%d} 起本季度")],
            "headers": ["队伍", "网格", "已服务（小时）", "季度目标（小时）", "完成率"],
            "rows": [[(r["name"], url("teams:edit", r["team_id"])), r["grid"], formatting.hours_value(r["hours"]), r["target"],
                      r["rate"]] for r in rows[:LIST_LIMIT]],
            "more": max(len(rows) - LIST_LIMIT, 0),
            "empty": "所有设定目标的队伍本季度均已达标",
        }

    def extra(self, data):
        return {"links": [("全部队伍", url("teams:index"))]}


class PointPanel(DashboardPanel):
    name = "dy_points"
    title = "“四有”未达标的服务阵地"
    perms = ("view_servicepoint",)
    order = 50

    def compute(self):
        gaps = figures.points_with_gaps(self.user, self.node)
        total = figures.service_points(self.user, self.node).count()
        return {
            "headline": [("未达标阵地", gaps.count(), f"共 {total} 个阵地")],
            "headers": ["阵地", "网格", "缺项"],
            "rows": [[(p.name, url("points:edit", p.pk)), str(p.grid), "、".join(p.gaps)] for p in gaps[:LIST_LIMIT]],
            "empty": "所有阵地均“四有”达标",
        }

    def extra(self, data):
        return {"links": [("全部阵地", url("points:index"))]}


class RewardPanel(DashboardPanel):
    name = "dy_rewards"
    title = "爱心超市库存不足的商品"
    perms = ("view_reward",)
    order = 60

    def compute(self):
        low = figures.low_stock_rewards(self.user, self.node)
        return {
            "headline": [("库存不足", low.count(), f"库存不超过 {figures.LOW_STOCK} 件的上架商品")],
            "headers": ["商品", "所在爱心超市", "库存"],
            "rows": [[(r.name, url("rewards:edit", r.pk)), r.store.name, r.stock] for r in low[:LIST_LIMIT]],
            "empty": "上架商品库存充足",
        }

    def extra(self, data):
        return {"links": [("全部商品", url("rewards:index"))]}


class PendingPanel(DashboardPanel):
    name = "dy_pending"
    title = "待审核的服务记录"
    perms = ("view_servicerecord",)
    order = 70

    def compute(self):
        pending = figures.pending_records(self.user, self.node)
        return {"headline": [("待审核", pending.count(), "条服务记录"),
                             ("有风险提示", pending.flagged().count(), "条，需逐条核实")]}

    def extra(self, data):
        return {"links": [("去审核", url("records:index", query="status=pending"))]}


PANELS = [CoveragePanel, HoursPanel, DemandPanel, TeamPanel, PointPanel, RewardPanel, PendingPanel]


def add_panels(request, panels):
    node = home_node(request.user)
    if node is None:
        return
    panels.extend(panel(request, node) for panel in PANELS if panel.allowed(request.user))
