"""The search page at /cari/: validate parameters, run the search, render."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from search import queries
from search.forms import SearchForm
from search.suggestions import way_forward


@require_safe
@never_cache
def search_page(request: HttpRequest) -> TemplateResponse:
    """Results for ?q= with facets, best answer and pagination (works without JavaScript)."""
    form = SearchForm(request.GET)
    outcome = queries.search(**form.search_arguments())
    return TemplateResponse(
        request,
        "search/search.html",
        {
            "form": form,
            "query": outcome.query,
            "outcome": outcome,
            "page_obj": outcome.page,
            "notes": form.messages(),
            "no_results_message": queries.no_results_message(outcome),
            "way_forward": way_forward()
            if outcome.query and not outcome.hits
            else None,
        },
    )
