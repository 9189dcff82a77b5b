"""JSON endpoints: search, suggestions for search-as-you-type, and result clicks."""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from kb.i18n import url_in_language
from search import queries
from search.forms import ClickForm, SearchForm


def shared_briefly(view):
    """Let the front share the answer for SEARCH_CACHE_SECONDS: it depends only on the
    URL (no cookie, no session, no language negotiation), so Vary names only the
    encoding the front may have compressed it in. Publishing purges them all."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if settings.SEARCH_CACHE_SECONDS > 0 and response.status_code == 200:
            patch_cache_control(
                response, public=True, max_age=0, s_maxage=settings.SEARCH_CACHE_SECONDS
            )
            patch_vary_headers(response, ["Accept-Encoding"])
        else:
            patch_cache_control(response, no_store=True)
        return response

    return wrapped


@require_safe
@shared_briefly
def search(request: HttpRequest) -> JsonResponse:
    """GET /api/search/?q=&type=&topic=&audience=&page= (always 200; notes in "errors")."""
    form = SearchForm(request.GET)
    outcome = queries.search(**form.search_arguments())
    return JsonResponse(
        {**outcome.as_json(), "errors": form.messages()},
        json_dumps_params={"ensure_ascii": False},
    )


@require_safe
@shared_briefly
def suggest(request: HttpRequest) -> JsonResponse:
    """GET /api/search/suggest/?q= : at most 10 titles completing what was typed."""
    form = SearchForm({"q": request.GET.get("q", "")})
    query = form.search_arguments()["query"]
    # Keep a trailing space: it says the last word is complete.
    if request.GET.get("q", "").endswith(" ") and query:
        query += " "
    # Asked from the English site (/en/api/…), suggestions lead to its addresses.
    suggestions = [
        {**item, "url": url_in_language(item["url"])} for item in queries.suggest(query)
    ]
    return JsonResponse(
        {"query": query.strip(), "suggestions": suggestions},
        json_dumps_params={"ensure_ascii": False},
    )


# A beacon from the results page: no session state is read or changed, and a forged
# click can only add one analytics row per result position, so no CSRF token is needed.
@csrf_exempt
@require_POST
@never_cache
def click(request: HttpRequest) -> HttpResponse:
    """POST search_id, position, url: record that a result was opened."""
    form = ClickForm(request.POST)
    if not form.is_valid():
        return JsonResponse(
            {
                "ok": False,
                "errors": {k: [str(e) for e in v] for k, v in form.errors.items()},
            },
            status=400,
        )
    recorded = queries.record_click(**form.cleaned_data)
    return JsonResponse({"ok": recorded}, status=201 if recorded else 200)
