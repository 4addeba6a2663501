"""Admin registration: the 报表中心 menu entry and its URLs under /admin/reports/."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from reports import adminviews
from volunteer import scope

app_urls = ([
    path("", adminviews.JobListView.as_view(), name="index"),
    path("new/<str:kind>/", adminviews.RequestView.as_view(), name="request"),
    path("status/", adminviews.status, name="status"),
    path("<int:pk>/download/", adminviews.download, name="download"),
    path("<int:pk>/retry/", adminviews.retry, name="retry"),
    path("certificates/", adminviews.CertificateListView.as_view(), name="certificates"),
    path("certificates/<int:pk>/revoke/", adminviews.revoke, name="revoke"),
], "reports")


@hooks.register("register_admin_urls")
def register_urls():
    return [path("reports/", include(app_urls))]


class ReportsMenuItem(MenuItem):
    def is_shown(self, request):
        current = scope.scope_for(request.user)
        return request.user.has_perm(adminviews.VIEW_PERM) and (current.everything or current.node is not None)


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return ReportsMenuItem("报表中心", reverse("reports:index"), icon_name="doc-full", order=130)
