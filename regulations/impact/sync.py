"""The citation links of published pages: which regulations a page cites (or, through
``citation_texts()``, would cite), the citations missing from the registry, and the
bulk sync after publishing or importing."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from wagtail.models import Page

from regulations.citations import Citation, find_citations
from regulations.impact.flags import page_review_date, review_flags_resolve_reviewed
from regulations.models import (
    PageRegulationLink,
    Regulation,
    ReviewFlag,
    UnregisteredCitation,
)
from regulations.models.tracking import LinkSource

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser


Key = tuple[str, int, int]


def regulations_by_key(
    keys: Iterable[Key], *, with_facts: bool = False
) -> dict[Key, Regulation]:
    """Published regulations for the given (type, number, year) keys, in one query (plus
    the prefetch of status facts when asked).

    Filters on each column's set of values (cheap to build and to index) and keeps the
    exact keys in Python; the few extra rows that match a mix of keys are dropped.
    """
    wanted = set(keys)
    if not wanted:
        return {}
    kinds, numbers, years = (sorted({key[i] for key in wanted}) for i in range(3))
    queryset = Regulation.objects.published().filter(
        type__in=kinds, number__in=numbers, year__in=years
    )
    if with_facts:
        queryset = queryset.with_facts()
    return {
        regulation.key: regulation
        for regulation in queryset
        if regulation.key in wanted
    }


def page_citations(page: Page) -> list[Citation]:
    """Citations in the texts a page offers through ``citation_texts()`` (none otherwise)."""
    texts = page.citation_texts() if hasattr(page, "citation_texts") else []
    return [citation for text in texts if text for citation in find_citations(text)]


@dataclass
class SyncResult:
    pages: int = 0
    links: int = 0
    unregistered: int = 0
    flags_closed: int = 0


def citations_sync(
    *, found: Mapping[int, Sequence[Citation]], now: datetime | None = None
) -> SyncResult:
    """Replace the citation links and unregistered citations of the pages in `found`
    (page id → citations), in one transaction with bulk writes; idempotent.

    Open review flags on those pages for regulations they no longer depend on (through
    any link source) are closed: nothing is left to review.
    """
    now = now or timezone.now()
    registered = regulations_by_key(
        citation.key for citations in found.values() for citation in citations
    )
    links: dict[tuple[int, int, str], PageRegulationLink] = {}
    unregistered: dict[tuple[int, Key], UnregisteredCitation] = {}
    for page_id, citations in found.items():
        for citation in citations:
            regulation = registered.get(citation.key)
            if regulation is not None:
                provision = (citation.provision or "")[:200]
                links.setdefault(
                    (page_id, regulation.pk, provision),
                    PageRegulationLink(
                        page_id=page_id,
                        regulation=regulation,
                        source=LinkSource.CITATION,
                        provision=provision,
                        cited_text=citation.text[:300],
                    ),
                )
            else:
                kind, number, year = citation.key
                unregistered.setdefault(
                    (page_id, citation.key),
                    UnregisteredCitation(
                        page_id=page_id,
                        type=kind,
                        number=number,
                        year=year,
                        cited_text=citation.text[:300],
                    ),
                )
    page_ids = list(found)
    with transaction.atomic():
        PageRegulationLink.objects.filter(
            page_id__in=page_ids, source=LinkSource.CITATION
        ).delete()
        UnregisteredCitation.objects.filter(page_id__in=page_ids).delete()
        PageRegulationLink.objects.bulk_create(links.values(), batch_size=500)
        UnregisteredCitation.objects.bulk_create(unregistered.values(), batch_size=500)
        still_linked = PageRegulationLink.objects.filter(
            page_id=OuterRef("page_id"), regulation_id=OuterRef("regulation_id")
        )
        closed = (
            ReviewFlag.objects.open()
            .filter(page_id__in=page_ids)
            .filter(~Exists(still_linked))
            .update(resolved_at=now)
        )
    return SyncResult(
        pages=len(page_ids),
        links=len(links),
        unregistered=len(unregistered),
        flags_closed=closed,
    )


# Published pages waiting for one bulk sync, while `page_sync_deferred()` is active.
_deferred_pages: ContextVar[dict[int, tuple[Page, AbstractBaseUser | None]] | None] = (
    ContextVar("regulations_deferred_pages", default=None)
)


def pages_sync_published(
    *,
    pages: Sequence[tuple[Page, AbstractBaseUser | None]],
    now: datetime | None = None,
) -> None:
    """After publishing: rebuild the pages' citation links and close the open flags
    their review dates cover (each pair is a page and the user who published it)."""
    found = {
        page.pk: page_citations(page)
        for page, _user in pages
        if hasattr(page, "citation_texts")
    }
    if found:
        citations_sync(found=found, now=now)
    flagged = set(
        ReviewFlag.objects.open()
        .filter(page_id__in=[page.pk for page, _user in pages])
        .values_list("page_id", flat=True)
    )
    for page, user in pages:
        if page.pk in flagged:
            review_flags_resolve_reviewed(
                page=page, reviewed_on=page_review_date(page), user=user, now=now
            )


def page_sync_published(
    *, page: Page, user: AbstractBaseUser | None = None, now: datetime | None = None
) -> None:
    """`pages_sync_published` for one page, or later with its batch when deferred."""
    waiting = _deferred_pages.get()
    if waiting is not None:
        waiting[page.pk] = (page, user)
    else:
        pages_sync_published(pages=[(page, user)], now=now)


@contextmanager
def page_sync_deferred() -> Iterator[None]:
    """Collect the pages published inside this block and sync them together when it
    ends without error (one pass of bulk writes instead of one per page)."""
    waiting: dict[int, tuple[Page, AbstractBaseUser | None]] = {}
    token = _deferred_pages.set(waiting)
    try:
        yield
    finally:
        _deferred_pages.reset(token)
    # A page published in a savepoint that was later rolled back no longer exists.
    existing = set(Page.objects.filter(pk__in=waiting).values_list("pk", flat=True))
    pages_sync_published(pages=[item for pk, item in waiting.items() if pk in existing])


def citations_promote(*, regulation: Regulation) -> int:
    """Turn citations of a newly published regulation, recorded as unregistered, into
    links (pages need not be republished). Returns the number of links created."""
    if not regulation.live:
        return 0
    with transaction.atomic():
        waiting = list(
            UnregisteredCitation.objects.select_for_update().filter(
                type=regulation.type, number=regulation.number, year=regulation.year
            )
        )
        links = [
            PageRegulationLink(
                page_id=row.page_id,
                regulation=regulation,
                source=LinkSource.CITATION,
                provision="",
                cited_text=row.cited_text,
            )
            for row in waiting
        ]
        PageRegulationLink.objects.bulk_create(links, ignore_conflicts=True)
        UnregisteredCitation.objects.filter(pk__in=[row.pk for row in waiting]).delete()
    return len(links)
