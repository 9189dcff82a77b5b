"""Thin public views of the registry (templates live in site/templates/regulations/).

Input is parsed by forms, statuses and timelines come from the model and rules, and
"today" is read here, at the edge, with timezone.localdate().
"""

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.utils import timezone

from regulations import feeds, rules
from regulations.choices import RegulationType
from regulations.forms import AsAtForm, RegulationFilterForm
from regulations.models import Regulation

PER_PAGE = 25


def regulation_list(request: HttpRequest) -> HttpResponse:
    """/peraturan/: filter by type, year, status and text; each row's status on the chosen day."""
    today = timezone.localdate()
    form = RegulationFilterForm(request.GET)
    on = form.as_at(default=today)
    regulations = (
        Regulation.objects.published()
        .with_facts()
        .filter_listing(**form.filters(), on=on)
    )
    page_obj = Paginator(regulations, PER_PAGE).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "regulations/regulation_list.html",
        {
            "form": form,
            "on": on,
            "today": today,
            "page_obj": page_obj,
            "rows": [(r, r.status_reason(on=on)) for r in page_obj],
        },
    )


def regulation_detail(
    request: HttpRequest, kind: str, year: int, number: int
) -> HttpResponse:
    """/peraturan/<jenis>/<tahun>/<nomor>/: the regulation as at ?pada= (default today)."""
    kind = kind.upper()
    if kind not in RegulationType.values:
        raise Http404
    regulation = (
        Regulation.objects.published().with_relations().by_key((kind, number, year))
    )
    if regulation is None:
        raise Http404
    today = timezone.localdate()
    form = AsAtForm(request.GET)
    on = form.as_at(default=today)
    facts = regulation.facts()
    return TemplateResponse(
        request,
        "regulations/regulation_detail.html",
        {
            "regulation": regulation,
            "form": form,
            "on": on,
            "today": today,
            "status": rules.status_on(facts, on=on),
            "reason": rules.status_reason(facts, on=on),
            "next_change": rules.next_change_after(facts, on=on),
            "revoked_provisions": rules.revoked_provisions(facts, on=on),
            "chain_phrase": regulation.chain_phrase_on(on=on),
            "timeline": regulation.timeline(on=on),
            "incoming_groups": regulation.incoming_groups(),
            "outgoing_groups": regulation.outgoing_groups(),
        },
    )


def regulation_feed(request: HttpRequest) -> JsonResponse:
    """/peraturan/feed.json: JDIHN fields plus dates, derived status and relations."""
    form = AsAtForm(request.GET)
    if not form.is_valid():
        return JsonResponse(
            {"error": " ".join(form.errors["pada"])},
            status=400,
            json_dumps_params={"ensure_ascii": False},
        )
    on = form.as_at(default=timezone.localdate())
    regulations = Regulation.objects.published().with_relations()
    return JsonResponse(
        feeds.feed(regulations, on=on, absolute=request.build_absolute_uri),
        json_dumps_params={"ensure_ascii": False},
    )
