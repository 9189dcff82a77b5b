"""Read API (Wagtail API v2) for the mobile app and the contact center.

Wagtail's pages endpoint, with its query parameters checked before any of them reaches
the database: whatever a client sends gets a 400 with the reason, never a 500.
"""

from __future__ import annotations

import unicodedata

from django.db import models
from django.db.models import Case, When
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework.filters import BaseFilterBackend
from wagtail.api.v2.filters import SearchFilter
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet

from kb.models import ArticlePage, FAQPage
from search.forms import QueryField
from search.queries import ranked_page_ids

# Relations read by each model's api_fields (and meta.locale for every page), fetched
# up front so that a listing costs the same number of queries for 3 pages as for 100.
API_PREFETCH = {
    ArticlePage: ("audiences", "tags"),
    FAQPage: ("items",),
}
# Identifiers are 32-bit integers on PostgreSQL; a larger number could never match.
MAX_ID = 2**31 - 1
# Listings are for browsing; a client paging further should narrow its filter.
MAX_OFFSET = 10_000
INTEGER_PARAMETERS = frozenset(
    {"offset", "limit", "child_of", "ancestor_of", "descendant_of", "translation_of"}
)
SEARCH_OPERATORS = ("and", "or")


def _is_control(value: str) -> bool:
    return any(unicodedata.category(char) == "Cc" for char in value)


class RankedSearchFilter(BaseFilterBackend):
    """?search= through the site's own search (the query cleaned as /cari/ cleans it,
    Indonesian analysis, synonyms, ranking), not the Wagtail backend's raw query
    parser; results in rank order unless ?order= is given. `search_operator` is
    accepted for compatibility and has no effect: ranking already prefers pages that
    match every word."""

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return queryset
        query = QueryField(required=False).clean(request.GET["search"])
        ids = ranked_page_ids(query) if query else []
        queryset = queryset.filter(pk__in=ids)
        if "order" not in request.GET and ids:
            rank = Case(
                *(When(pk=pk, then=position) for position, pk in enumerate(ids))
            )
            queryset = queryset.order_by(rank)
        return queryset


class KBPagesAPIViewSet(PagesAPIViewSet):
    """Wagtail's pages endpoint, with the KB relations prefetched for ?type= listings,
    every query parameter validated first, and ?search= answered by the site's search."""

    filter_backends = [
        RankedSearchFilter if backend is SearchFilter else backend
        for backend in PagesAPIViewSet.filter_backends
    ]

    def check_query_parameters(self, queryset):
        super().check_query_parameters(queryset)
        params = self.request.GET
        for name, value in params.items():
            if _is_control(value):
                raise BadRequestError(
                    _("Parameter %(name)s berisi karakter kontrol; kirim teks biasa.")
                    % {"name": name}
                )
        integer_fields = {
            field.name
            for field in queryset.model._meta.get_fields()
            if isinstance(field, models.IntegerField | models.AutoField)
            or (isinstance(field, models.ForeignKey) and field.name != "locale")
        }
        for name in (INTEGER_PARAMETERS | integer_fields) & set(params):
            value = params[name]
            if name == "child_of" and value == "root":
                continue
            try:
                number = int(value)
            except ValueError:
                continue  # Wagtail's own filters answer with their message
            upper = MAX_OFFSET if name == "offset" else MAX_ID
            if not 0 <= number <= upper:
                raise BadRequestError(
                    _(
                        "Parameter %(name)s=%(value)s di luar batas; gunakan bilangan "
                        "0 sampai %(max)d."
                    )
                    % {"name": name, "value": value[:30], "max": upper}
                )
        operator = params.get("search_operator")
        if operator is not None and operator not in SEARCH_OPERATORS:
            raise BadRequestError(
                _("search_operator %(value)r tidak dikenal; gunakan 'and' atau 'or'.")
                % {"value": operator[:30]}
            )

    def detail_view(self, request, pk):
        if int(pk) > MAX_ID:
            raise Http404
        return super().detail_view(request, pk)

    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset.select_related("locale").prefetch_related(
            *API_PREFETCH.get(queryset.model, ())
        )


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", KBPagesAPIViewSet)
api_router.register_endpoint("documents", DocumentsAPIViewSet)
