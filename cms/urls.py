from django.conf import settings
from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static as static_url
from django.urls import include, path
from django.views.decorators.cache import never_cache
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from cms.api import api_router
from cms.health import healthz
from publicity import intake
from publicity import views as publicity_views
from publicity.feeds import StoryFeed
from publicity.page_create import create_page
from volunteer.adminviews import audit
from volunteer.portal import views as portal_views

# Wagtail's 站点历史 lists model entries across all grids; this version (audit.SiteHistoryView)
# shows them only to those who may read the 操作日志. It must come before the admin's own URLs.
site_history = [
    path("", never_cache(require_admin_access(audit.SiteHistoryView.as_view()))),
    path("results/", never_cache(require_admin_access(audit.SiteHistoryView.as_view(results_only=True)))),
]

def favicon(request):
    # Resolved per request: with the manifest storage the name is only known after collectstatic,
    # and resolving it at import made every production process fail to start.
    return HttpResponsePermanentRedirect(static_url("favicon.svg"))


urlpatterns = [
    path("healthz/", healthz, name="healthz"),
    # Browsers ask for /favicon.ico on every page that names no icon: answer it, not with a 404.
    path("favicon.ico", favicon),
    path("admin/reports/site-history/", include(site_history)),
    # A page's first save arriving twice (autosave and the editor's press) creates it once.
    path("admin/pages/add/<slug:content_type_app_name>/<slug:content_type_model_name>/<int:parent_page_id>/",
         never_cache(require_admin_access(create_page))),
    path("admin/", include(wagtailadmin_urls)),
    path("portal/", include("volunteer.portal.urls")),
    path("api/v1/", include("volunteer.api.urls")),
    path("api/v2/", api_router.urls),
    path("search/", publicity_views.search, name="search"),
    path("demand/", intake.demand_intake, name="demand_intake"),
    path("demand/status/", intake.demand_status, name="demand_status"),
    path("sitemap.xml", sitemap),
    path("stories/feed/", StoryFeed(), name="story_feed"),
    path("e/<str:token>/", portal_views.resident_evaluate, name="resident_evaluate"),
    path("verify/", include("reports.urls_public")),
    path("documents/", include(wagtaildocs_urls)),
]

if settings.DEBUG:
    # `make run` serves media as nginx does (deploy/nginx/default.conf.template): only image
    # renditions and originals. Reports, certificates, imports and documents leave through
    # their permission-checked views; their /media/ URLs are a 404 here as there.
    import re

    from django.http import Http404
    from django.urls import re_path
    from django.views.static import serve

    def private_media(request, path):
        raise Http404("文件不存在")

    media = re.escape(settings.MEDIA_URL.lstrip("/"))
    urlpatterns += [
        re_path(rf"^{media}(?P<path>(?:original_images|images)/.+)$", serve, {"document_root": settings.MEDIA_ROOT}),
        re_path(rf"^{media}(?P<path>.*)$", private_media),
    ]

urlpatterns += [path("", include(wagtail_urls))]

# A database outage raised outside a view (another middleware) is a 503 too (cms/middleware.py).
handler500 = "cms.middleware.server_error"
