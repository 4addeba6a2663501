from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from cms.api import api_router
from cms.health import healthz
from publicity import intake
from publicity import views as publicity_views
from publicity.feeds import StoryFeed
from volunteer.portal import views as portal_views

urlpatterns = [
    path("healthz/", healthz, name="healthz"),
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
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
