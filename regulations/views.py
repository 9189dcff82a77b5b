"""Thin public views of the registry (templates live in site/templates/regulations/)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from regulations.choices import RegulationType
from regulations.models import Regulation


def regulation_list(request: HttpRequest) -> HttpResponse:
    regulations = Regulation.objects.published().with_facts()
    return render(
        request, "regulations/regulation_list.html", {"regulations": regulations}
    )


def regulation_detail(
    request: HttpRequest, kind: str, year: int, number: int
) -> HttpResponse:
    kind = kind.upper()
    if kind not in RegulationType.values:
        raise Http404
    regulation = (
        Regulation.objects.published().with_facts().by_key((kind, number, year))
    )
    if regulation is None:
        raise Http404
    return render(
        request, "regulations/regulation_detail.html", {"regulation": regulation}
    )
