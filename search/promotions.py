"""What is shown above the ranked results: the best answer and editors' promotions.

A regulation citation in any spelling, or a service's exact name or code, is the
best answer; it also leads the result list. Pages promoted by editors
(`wagtail.contrib.search_promotions`) are shown apart and left out of the results.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.search.utils import normalise_query_string

from catalogue.models import ServicePage
from search.analysis import tokenise
from search.backends.base import Candidate
from search.choices import DocumentKind
from search.citations import regulations_in_query
from search.documents import regulation_slug
from search.lexicon import CHECK_SECONDS, get_lexicon

__all__ = [
    "BestAnswer",
    "best_answer_for",
    "forget_promotions",
    "promote_best_answer",
    "promotions_for",
]


@dataclass
class BestAnswer:
    """An exact match shown above the results: a cited regulation or a named service."""

    kind: str
    title: str
    url: str
    slug: str
    description: str

    def as_json(self) -> dict:
        return {
            "type": self.kind,
            "title": self.title,
            "url": self.url,
            "slug": self.slug,
            "description": self.description,
        }


def best_answer_for(query: str) -> BestAnswer | None:
    """The exact match for `query`: a cited regulation, else a service by name or code."""
    regulations = regulations_in_query(query)
    if regulations:
        regulation = regulations[0]
        return BestAnswer(
            kind=DocumentKind.REGULATION,
            title=f"{regulation.short_citation} tentang {regulation.title}",
            url=regulation.get_absolute_url(),
            slug=regulation_slug(regulation),
            description=regulation.long_citation,
        )
    words = " ".join(tokenise(query))
    if not words or len(words) > 200:
        return None
    for service in _services():
        if words in (service[2], service[3]):
            page = ServicePage.objects.live().public().filter(pk=service[0]).first()
            if page is not None:
                return BestAnswer(
                    kind=DocumentKind.SERVICE,
                    title=page.title,
                    url=page.url,
                    slug=page.slug,
                    description=page.summary,
                )
    return None


def promote_best_answer(candidates: list[Candidate], best: BestAnswer) -> None:
    """The exact match also leads the result list (the box may be skipped by readers)."""
    for index, candidate in enumerate(candidates):
        if candidate.kind == best.kind and candidate.slug == best.slug:
            candidates.insert(0, candidates.pop(index))
            return


def _services() -> list[tuple[int, str, str, str]]:
    """(id, title, title words, code words) of live services, cached per index version."""
    lexicon = get_lexicon()
    cached = _services_cache.get("value")
    if cached is None or cached[0] != lexicon.key:
        rows = [
            (pk, title, " ".join(tokenise(title)), " ".join(tokenise(code)))
            for pk, title, code in ServicePage.objects.live()
            .public()
            .values_list("pk", "title", "code")
        ]
        cached = (lexicon.key, rows)
        _services_cache["value"] = cached
    return cached[1]


_services_cache: dict[str, tuple] = {}


_promoted: dict[str, object] = {"strings": frozenset(), "loaded": -1e9}


def _promoted_strings() -> frozenset[str]:
    """Query strings that have promotions (reloaded every few seconds)."""
    if time.monotonic() - _promoted["loaded"] > CHECK_SECONDS:
        _promoted["strings"] = frozenset(
            SearchPromotion.objects.values_list("query__query_string", flat=True)
        )
        _promoted["loaded"] = time.monotonic()
    return _promoted["strings"]


def forget_promotions() -> None:
    """Drop the cached promoted query strings (after an editor changed promotions)."""
    _promoted["loaded"] = -1e9


def promotions_for(query: str) -> tuple[list[dict], list[int]]:
    """Editors' promotions for `query` as shown, and the ids of their (live) pages."""
    normalised = normalise_query_string(query)
    if normalised not in _promoted_strings():
        return [], []
    promotions = (
        SearchPromotion.objects.filter(query__query_string=normalised)
        .select_related("page")
        .order_by("sort_order")
    )
    shown, page_ids = [], []
    for promotion in promotions:
        url = promotion.external_link_url
        if promotion.page is not None:
            if not promotion.page.live:
                continue
            page_ids.append(promotion.page_id)
            url = promotion.page.url
        shown.append(
            {
                "title": promotion.title,
                "url": url,
                "description": promotion.description,
            }
        )
    return shown, page_ids
