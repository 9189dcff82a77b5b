"""Read API (Wagtail API v2) for the mobile app and the contact center."""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet

from kb.models import ArticlePage, FAQPage

# Relations read by each model's api_fields (and meta.locale for every page), fetched
# up front so that a listing costs the same number of queries for 3 pages as for 100.
API_PREFETCH = {
    ArticlePage: ("audiences", "tags"),
    FAQPage: ("items",),
}


class KBPagesAPIViewSet(PagesAPIViewSet):
    """Wagtail's pages endpoint, with the KB relations prefetched for ?type= listings."""

    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset.select_related("locale").prefetch_related(
            *API_PREFETCH.get(queryset.model, ())
        )


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", KBPagesAPIViewSet)
api_router.register_endpoint("documents", DocumentsAPIViewSet)
