"""One router for the headless API: Wagtail API v2 for pages, images and documents."""

from rest_framework.permissions import AllowAny
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from publicity.search import query_terms


class PublicReadMixin:
    """Published content is public: open to anonymous readers, whatever DRF's default is."""

    permission_classes = [AllowAny]


class ChinesePagesAPIViewSet(PublicReadMixin, PagesAPIViewSet):
    """`?search=` splits Chinese into the terms pages index (publicity/search.py)."""

    def get_queryset(self):
        request = self.request
        query = request.GET.get("search")
        if query:
            request.GET = request.GET.copy()
            request.GET["search"] = " ".join(query_terms(query))
            request.GET.setdefault("search_operator", "and")
        return super().get_queryset()


class PublicImagesAPIViewSet(PublicReadMixin, ImagesAPIViewSet):
    pass


class PublicDocumentsAPIViewSet(PublicReadMixin, DocumentsAPIViewSet):
    pass


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", ChinesePagesAPIViewSet)
api_router.register_endpoint("images", PublicImagesAPIViewSet)
api_router.register_endpoint("documents", PublicDocumentsAPIViewSet)
