"""/api/v1/: the router's resources, token login, and the OpenAPI schema with Swagger UI and ReDoc
served from drf-spectacular-sidecar (no CDN)."""

from django.urls import path
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from volunteer.api.schema import CachedSchemaView
from volunteer.api.throttling import DEFAULT_THROTTLES
from volunteer.api.views.accounts import MemberViewSet, MeView, TokenView
from volunteer.api.views.activities import ActivityViewSet, OrderViewSet, ProjectViewSet
from volunteer.api.views.demands import DemandViewSet
from volunteer.api.views.points import BalanceView, EntryViewSet, RedemptionViewSet, RewardViewSet
from volunteer.api.views.records import EvaluationViewSet, RecordViewSet

app_name = "api"


class Router(DefaultRouter):
    include_root_view = False  # the Swagger UI at docs/ is the index
    include_format_suffixes = False


router = Router()
router.register("projects", ProjectViewSet, basename="project")
router.register("activities", ActivityViewSet, basename="activity")
router.register("orders", OrderViewSet, basename="order")
router.register("records", RecordViewSet, basename="record")
router.register("evaluations", EvaluationViewSet, basename="evaluation")
router.register("demands", DemandViewSet, basename="demand")
router.register("points/entries", EntryViewSet, basename="entry")
router.register("rewards", RewardViewSet, basename="reward")
router.register("redemptions", RedemptionViewSet, basename="redemption")
router.register("members", MemberViewSet, basename="member")

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="token"),
    path("me/", MeView.as_view(), name="me"),
    path("points/balance/", BalanceView.as_view(), name="balance"),
    # Open to anyone (the schema describes, it holds no data), throttled like the rest.
    path("schema/", CachedSchemaView.as_view(throttle_classes=DEFAULT_THROTTLES), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema", throttle_classes=DEFAULT_THROTTLES),
         name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema", throttle_classes=DEFAULT_THROTTLES),
         name="redoc"),
    *router.urls,
]
