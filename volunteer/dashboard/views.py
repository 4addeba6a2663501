"""三级网格地图 (G6) and 单位排名 (O4) in the admin.

The map drills district → 镇街 → 村社区 → 网格 inside the user's own subtree (any other node is a
404). Each node shows its members, teams, service points, open demands, hours and coverage; its
children are drawn from their GeoJSON boundaries (Grid.boundary) as a choropleth of 全覆盖率 in
percent, with a table of the same figures below; children without a boundary are listed in the
table only (a treemap when none has one). A leaf is drawn as its own outline. Service points are
markers at their own coordinates, or at their grid's label point."""

import math
from io import BytesIO

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from volunteer import figures, formatting, scope
from volunteer.dashboard import cache
from volunteer.dashboard.access import MAP_PERMS, RANKING_PERMS, home_node, may_view, visible_node
from volunteer.dashboard.boundaries import contains, geometry
from volunteer.models import Grid, GridLevel

MARKER_LIMIT = 1000
# The choropleth's legend: 全覆盖率 in five bands of 20 points, light to dark.
COVERAGE_BANDS = [
    {"gte": 0, "lt": 20, "label": "0–20%", "color": "#f0f9e8"},
    {"gte": 20, "lt": 40, "label": "20–40%", "color": "#bae4bc"},
    {"gte": 40, "lt": 60, "label": "40–60%", "color": "#7bccc4"},
    {"gte": 60, "lt": 80, "label": "60–80%", "color": "#43a2ca"},
    {"gte": 80, "lte": 100, "label": "80–100%", "color": "#0868ac"},
]


def hours_text(value):
    return formatting.hours_value(value or 0)


def period_choices(today):
    """This year, the last four, and each month of this year so far (newest first)."""
    choices = [(str(y), f"{y}年") for y in range(today.year, today.year - 5, -1)]
    months = [(f"{today.year}-{m:02d}", f"{today.year}年{m}月") for m in range(today.month, 0, -1)]
    return choices[:1] + months + choices[1:]


def figure_pairs(f):
    return [("党员", f"{f['members']}人"), ("服务队伍", f"{f['teams']}支"), ("服务阵地", f"{f['points']}个"),
            ("待办需求", f"{f['open_demands']}件"), ("服务时长", formatting.hours(f["hours"] or 0)),
            ("全覆盖率", f["full_rate"]), ("年内参与率", f["served_rate"]), ("年内办实事覆盖率", f["deed_rate"])]


class DashboardMixin(WagtailAdminTemplateMixin):
    header_icon = "site"
    perms = ()

    def dispatch(self, request, *args, **kwargs):
        if not may_view(request.user, *self.perms):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @property
    def period(self):
        return figures.Period.parse(self.request.GET.get("period"))


class MapView(DashboardMixin, TemplateView):
    template_name = "volunteer/dashboard/map.html"
    perms = MAP_PERMS

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.node = None
        if request.user.is_authenticated:
            self.node = visible_node(request.user, kwargs["pk"]) if "pk" in kwargs else home_node(request.user)

    def get_page_title(self):
        return f"三级网格地图 · {self.node.name}" if self.node else "三级网格地图"

    def node_url(self, node):
        return reverse("dashboard_map:node", args=[node.pk]) + f"?period={self.period.key}"

    def trail(self):
        """The node's ancestors the user may open, then the node."""
        own = scope.scope_for(self.request.user)
        chain = list(self.node.get_ancestors()) + [self.node]
        return [(n.name, self.node_url(n)) for n in chain if own.contains(n)]

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": reverse("dashboard_map:index"), "label": "三级网格地图"},
                                         {"url": "", "label": self.node.name}]

    def figures(self, user, period):
        """The node's figures and its children's, cached together (computed in one pass)."""
        return cache.cached(user, "node+children", self.node, period.key,
                            lambda: figures.node_and_children_figures(user, self.node, period))

    def children(self, user, period, child_figures):
        rows = []
        for child, f in child_figures:
            rows.append({"node": child, "pk": child.pk, "name": child.name, "code": child.code,
                         "level": child.get_level_display(),
                         "url": self.node_url(child), "figures": f, "geometry": geometry(child.boundary),
                         "centroid": (float(child.centroid_lng), float(child.centroid_lat))
                         if child.centroid_lat is not None and child.centroid_lng is not None else None})
        return rows

    def markers(self, user):
        """Service points in the subtree, at their coordinates or their grid's centroid."""
        points = figures.service_points(user, self.node).select_related("grid")[:MARKER_LIMIT]
        markers = []
        for p in points:
            lng, lat = p.longitude, p.latitude
            if lng is None or lat is None:
                lng, lat = p.grid.centroid_lng, p.grid.centroid_lat
            if lng is None or lat is None:
                continue
            markers.append({"name": p.name, "value": [float(lng), float(lat)],
                            "figures": [("所在网格", p.grid.name), ("阵地类型", p.get_kind_display()),
                                        ("地址", p.address or "—"), ("四有", p.compliance)]})
        return markers

    def label_point(self, node, geom):
        """The node's own centre when it lies inside its outline (ECharts' guess otherwise)."""
        if node.centroid_lng is None or node.centroid_lat is None:
            return None
        point = [float(node.centroid_lng), float(node.centroid_lat)]
        return point if contains(geom, point) else None

    def region(self, node, geom, f, url=""):
        value, cp = f["full_value"], self.label_point(node, geom)
        properties = {"name": node.name} | ({"cp": cp} if cp else {})
        return (
            {"type": "Feature", "properties": properties, "geometry": geom},
            {"name": node.name, "value": value if value is not None else "-", "rate": f["full_rate"], "url": url,
             "figures": figure_pairs(f)},
        )

    def chart(self, rows, markers, node_figures):
        drawn = [r for r in rows if r["geometry"]]
        if drawn:
            pairs = [self.region(r["node"], r["geometry"], r["figures"], r["url"]) for r in drawn]
            title = f"{self.node.name}下级网格全覆盖率"
        elif not rows and geometry(self.node.boundary):
            pairs = [self.region(self.node, geometry(self.node.boundary), node_figures)]
            title = f"{self.node.name}全覆盖率"
        elif rows:
            return {
                "type": "treemap", "title": f"{self.node.name}下级网格（面积：党员人数）",
                "items": [{"name": r["name"], "value": max(r["figures"]["members"], 1), "url": r["url"],
                           "caption": f"{r['figures']['members']}人 · {r['figures']['full_rate']}",
                           "figures": figure_pairs(r["figures"])} for r in rows],
            }
        else:
            return None
        lat = float(self.node.centroid_lat) if self.node.centroid_lat is not None else 31.7
        return {
            "type": "geo", "map_name": f"grid-{self.node.pk}", "title": title,
            "geojson": {"type": "FeatureCollection", "features": [feature for feature, _ in pairs]},
            "regions": [region for _, region in pairs], "markers": markers,
            "value_label": "全覆盖率", "bands": COVERAGE_BANDS, "aspect": round(math.cos(math.radians(lat)), 3),
            "unmapped": [r["name"] for r in rows if not r["geometry"]],
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, period = self.request.user, self.period
        f, child_figures = self.figures(user, period)
        rows = self.children(user, period, child_figures)
        drawn = any(r["geometry"] for r in rows) or (not rows and geometry(self.node.boundary))
        markers = self.markers(user) if drawn else []
        context.update(
            node=self.node, period=period, periods=period_choices(timezone.localdate()), node_figures=f,
            tiles=[(label, value, "") for label, value in figure_pairs(f)]
            + [("尚未全覆盖", f"{f['missing']}人", "")],
            rows=rows, chart_spec=self.chart(rows, markers, f), trail=self.trail(),
            is_leaf=self.node.level == GridLevel.CELL or not rows, hours_text=hours_text,
            rankings_url=reverse("dashboard_rankings:index") + f"?grid={self.node.pk}&period={period.key}",
        )
        for row in rows:
            row["hours_text"] = hours_text(row["figures"]["hours"])
        return context


class RankingView(DashboardMixin, TemplateView):
    template_name = "volunteer/dashboard/rankings.html"
    perms = RANKING_PERMS
    page_title = "单位排名"
    header_icon = "list-ol"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.node = None
        if request.user.is_authenticated:
            grid = request.GET.get("grid")
            self.node = visible_node(request.user, grid) if grid and grid.isdigit() else home_node(request.user)

    @property
    def order(self):
        value = self.request.GET.get("order")
        return value if value in figures.RANKING_ORDERS else "coverage"

    def rows(self):
        user, period, order = self.request.user, self.period, self.order
        return cache.cached(user, f"ranking-{order}", self.node, period.key,
                            lambda: figures.unit_ranking(user, self.node, period, order))

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "xlsx":
            return self.export()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = self.rows()
        for row in rows:
            row["hours_text"] = hours_text(row["hours"])
        query = f"grid={self.node.pk}&period={self.period.key}&order={self.order}"
        context.update(node=self.node, period=self.period, periods=period_choices(timezone.localdate()), rows=rows,
                       orders=figures.RANKING_ORDERS.items(), order=self.order, grids=grid_choices(self.request.user),
                       export_url=f"{reverse('dashboard_rankings:index')}?{query}&format=xlsx",
                       map_url=reverse("dashboard_map:node", args=[self.node.pk]) + f"?period={self.period.key}")
        return context

    def export(self):
        from openpyxl import Workbook

        period = self.period
        book = Workbook()
        sheet = book.active
        sheet.title = "单位排名"
        sheet.append([f"{self.node}单位排名（{period.label}，按{figures.RANKING_ORDERS[self.order]}）"])
        headings = ["名次", "党组织", "所在网格", "在册党员", "全覆盖人数", "全覆盖率", "年内参与率",
                    "年内办实事覆盖率", "服务时长（小时）", "人均服务时长（小时）", "服务对象评价均分"]
        sheet.append(headings)
        for r in self.rows():
            sheet.append([r["rank"], r["name"], r["grid"], r["members"], r["full"], r["full_rate"], r["served_rate"],
                          r["deed_rate"], float(r["hours"]), r["per_member"] if r["per_member"] is not None else "—",
                          r["score"] if r["score"] is not None else "—"])
        for column, width in zip("ABCDEFGHIJK", [6, 28, 24, 10, 12, 10, 12, 16, 16, 20, 16]):
            sheet.column_dimensions[column].width = width
        out = BytesIO()
        book.save(out)
        response = HttpResponse(out.getvalue(),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=f"单位排名-{self.node.name}-{period.key}.xlsx")
        return response


def grid_choices(user):
    """Nodes down to 村社区 level in the user's subtree, for the ranking's grid picker."""
    node = home_node(user)
    if node is None:
        return Grid.objects.none()
    return Grid.objects.filter(path__startswith=node.path, level__lte=GridLevel.COMMUNITY)
