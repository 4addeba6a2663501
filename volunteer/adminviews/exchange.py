"""对接平台 (M4) in the admin: download projects and approved service records in the national
system's layout; bring a partner's records in through the records import."""

from django.core.exceptions import PermissionDenied
from django.urls import path
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from volunteer import exchange, scope
from volunteer.adminviews.base import PermittedViewSet
from volunteer.adminviews.imports import xlsx_response
from volunteer.imports.cleaning import parse_date


def may_exchange(user):
    current = scope.scope_for(user)
    return user.has_perm("volunteer.view_servicerecord") and bool(current.everything or current.node)


def _require(user):
    if not may_exchange(user):
        raise PermissionDenied


class ExchangeView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "volunteer/imports/exchange.html"
    page_title = "对接平台数据交换"
    header_icon = "resubmit"

    def dispatch(self, request, *args, **kwargs):
        _require(request.user)
        return super().dispatch(request, *args, **kwargs)


def _period(request):
    try:
        return parse_date(request.GET.get("start")), parse_date(request.GET.get("end"))
    except Exception:
        return None, None


def records_export(request):
    _require(request.user)
    start, end = _period(request)
    header, rows = exchange.record_rows(request.user, start, end)
    return xlsx_response("志愿服务记录", header, rows, "志愿服务记录（对接平台格式）.xlsx")


def projects_export(request):
    _require(request.user)
    header, rows = exchange.project_rows(request.user)
    return xlsx_response("志愿服务项目", header, rows, "志愿服务项目（对接平台格式）.xlsx")


class ExchangeViewSet(PermittedViewSet):
    name = "exchange"
    icon = "resubmit"
    menu_label = "对接平台交换"
    url_prefix = "exchange"

    def may_open(self, user):
        return may_exchange(user)

    def get_urlpatterns(self):
        return [
            path("", ExchangeView.as_view(), name="index"),
            path("records.xlsx", records_export, name="records"),
            path("projects.xlsx", projects_export, name="projects"),
        ]
