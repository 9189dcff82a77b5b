"""Ways forward for a searcher: popular questions that complete what is being typed,
and what to offer when a search finds nothing.

Popular questions come from the search log: queries many people searched recently that
found results. They are read once per CACHE_SECONDS per process and matched in memory,
so typing costs no database query beyond the title completions.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlencode

from django.db.models import Count, Max
from django.urls import reverse
from django.utils import timezone

from catalogue.models import ServiceIndexPage
from kb.models import HomePage, TopicIndexPage
from search.analysis import COLLOQUIAL, tokenise
from search.models import SearchLog

__all__ = ["WayForward", "popular_completions", "way_forward"]

# How far back, how often asked and how many questions are remembered.
POPULAR_DAYS = 90
POPULAR_MIN_SEARCHES = 3
POPULAR_LIMIT = 2000
CACHE_SECONDS = 600.0
# Contact channels of DJP for taxpayers (pajak.go.id, "Hubungi Kami").
KRING_PAJAK = "1500200"

_lock = threading.Lock()
_cache: dict[str, object] = {"at": 0.0, "queries": ()}


def _words(text: str) -> list[str]:
    return [COLLOQUIAL.get(word, word) for word in tokenise(text)]


def _popular() -> tuple[tuple[str, tuple[str, ...], int], ...]:
    """(query, its words, searches) of popular recent queries that found results."""
    now = time.monotonic()
    if now - _cache["at"] < CACHE_SECONDS:
        return _cache["queries"]
    with _lock:
        since = timezone.localdate() - timedelta(days=POPULAR_DAYS)
        rows = (
            SearchLog.objects.filter(searched_on__gte=since, page_number=1)
            .values("query__query_string")
            .annotate(searches=Count("id"), found=Max("results"))
            .filter(searches__gte=POPULAR_MIN_SEARCHES, found__gt=0)
            .order_by("-searches", "query__query_string")[:POPULAR_LIMIT]
        )
        queries = tuple(
            (
                row["query__query_string"],
                tuple(_words(row["query__query_string"])),
                row["searches"],
            )
            for row in rows
        )
        _cache.update(at=now, queries=queries)
        return queries


def forget_popular() -> None:
    """Read the popular queries again on the next call (tests, after a log import)."""
    _cache.update(at=0.0, queries=())


def popular_completions(typed: str, *, limit: int) -> list[dict]:
    """Popular queries that complete `typed`: every word typed appears in them, the
    last one as a prefix unless it ends with a space ("cara lapor" -> "cara lapor spt
    tahunan"); colloquial spellings count as their standard word ("denda telat")."""
    words = _words(typed)
    if not words:
        return []
    complete, prefix = (words, "") if typed[-1:].isspace() else (words[:-1], words[-1])
    found = []
    for query, query_words, _searches in _popular():
        if query.strip() == typed.strip().lower():
            continue
        if not all(word in query_words for word in complete):
            continue
        if prefix and not any(word.startswith(prefix) for word in query_words):
            continue
        found.append(
            {
                "title": query,
                "url": f"{reverse('search')}?{urlencode({'q': query})}",
                "type": "query",
                "type_label": "",
            }
        )
        if len(found) >= limit:
            break
    return found


@dataclass(frozen=True)
class WayForward:
    """What a search that found nothing offers instead."""

    topics: list[TopicIndexPage]
    catalogue_url: str | None
    phone: str = KRING_PAJAK


def way_forward() -> WayForward:
    """The top-level topics, the service catalogue and the contact centre."""
    home = HomePage.objects.first()
    topics = (
        list(TopicIndexPage.objects.child_of(home).live().public().order_by("title"))
        if home
        else []
    )
    catalogue = ServiceIndexPage.objects.live().public().first()
    return WayForward(topics=topics, catalogue_url=catalogue.url if catalogue else None)
