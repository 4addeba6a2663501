"""Admin registration for the dashboard: the home panels, and a 数据看板 menu with the 三级网格地图
and the 单位排名. Loaded by one import line at the end of volunteer/wagtail_hooks.py."""

from django.urls import path
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup

from volunteer.dashboard import cache  # noqa: F401  (connects the invalidation signals)
from volunteer.dashboard.access import MAP_PERMS, RANKING_PERMS, may_view
from volunteer.dashboard.panels import add_panels
from volunteer.dashboard.views import MapView, RankingView


def menu_item_for(perms):
    class DashboardMenuItem(MenuItem):
        def is_shown(self, request):
            return may_view(request.user, *perms)

    return DashboardMenuItem


class MapViewSet(ViewSet):
    name = "dashboard_map"
    icon = "site"
    menu_label = "三级网格地图"
    url_prefix = "dashboard/map"
    menu_item_class = menu_item_for(MAP_PERMS)

    def get_urlpatterns(self):
        return [
            path("", MapView.as_view(), name="index"),
            path("<int:pk>/", MapView.as_view(), name="node"),
        ]


class RankingViewSet(ViewSet):
    name = "dashboard_rankings"
    icon = "list-ol"
    menu_label = "单位排名"
    url_prefix = "dashboard/rankings"
    menu_item_class = menu_item_for(RANKING_PERMS)

    def get_urlpatterns(self):
        return [path("", RankingView.as_view(), name="index")]


class DashboardGroup(ViewSetGroup):
    menu_label = "数据看板"
    menu_icon = "site"
    menu_order = 90
    items = (MapViewSet(), RankingViewSet())


@hooks.register("register_admin_viewset")
def register_dashboard():
    return DashboardGroup()


@hooks.register("construct_homepage_panels")
def dashboard_panels(request, panels):
    add_panels(request, panels)
