"""The search engine catches up with the site: what it holds is compared with what
the database index holds (written in the same transaction as every publish, so it
is what is live now), and the difference is mended.

A page published, changed or unpublished while the engine was unreachable is missing,
stale or extra in the engine; the catch-up writes the missing and stale ones again
(their owner's documents and Wagtail's entry) and deletes the extra ones. It runs
as ``manage.py search_catch_up`` (cron), as a task queued when searches find the
engine back after an outage, and reports what it did.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from regulations.models import Regulation
from search.backends.base import EngineUnavailable
from search.models import SearchDocument

logger = logging.getLogger(__name__)


@dataclass
class CatchUp:
    """What one catch-up found (documents) and wrote or deleted (owners)."""

    backend: str
    documents: int = 0
    missing: int = 0
    stale: int = 0
    extra: int = 0
    written: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)

    @property
    def in_step(self) -> bool:
        return not (self.missing or self.stale or self.extra)


def _engine_aliases() -> list[str]:
    return [
        alias
        for alias in settings.WAGTAILSEARCH_BACKENDS
        if not getattr(get_search_backend(alias).tkb_engine, "is_database", True)
    ]


def _objects(owners: set[str]) -> dict[type, list]:
    """The live objects behind document owners ("page:12", "regulation:3"), by model."""
    ids: dict[str, set[int]] = defaultdict(set)
    for owner in owners:
        kind, _sep, pk = owner.partition(":")
        if pk.isdigit():
            ids[kind].add(int(pk))
    by_model: dict[type, list] = defaultdict(list)
    for page in Page.objects.filter(pk__in=ids["page"]).specific():
        by_model[type(page)].append(page)
    for regulation in Regulation.objects.filter(pk__in=ids["regulation"]):
        by_model[Regulation].append(regulation)
    return by_model


def index_catch_up(*, alias: str | None = None, dry_run: bool = False) -> CatchUp:
    """Compare the engine `alias` (default: the configured search engine) with the
    database index and mend the difference; raises EngineUnavailable when the engine
    does not answer (nothing is written then)."""
    alias = alias or settings.SEARCH_BACKEND
    backend = get_search_backend(alias)
    engine = backend.tkb_engine
    report = CatchUp(backend=alias)
    if engine.is_database:
        return report
    expected = {
        key: (owner, digest)
        for key, owner, digest in SearchDocument.objects.values_list(
            "key", "owner", "digest"
        )
    }
    indexed = engine.digests()
    report.documents = len(expected)
    to_write: set[str] = set()
    for key, (owner, digest) in expected.items():
        if key not in indexed:
            report.missing += 1
            to_write.add(owner)
        elif indexed[key][1] != digest:
            report.stale += 1
            to_write.add(owner)
    extra = {owner for key, (owner, _d) in indexed.items() if key not in expected}
    report.extra = sum(1 for key in indexed if key not in expected)
    report.written = sorted(to_write)
    report.deleted = sorted(extra - to_write)
    if dry_run or report.in_step:
        return report
    for model, objects in _objects(to_write).items():
        backend.add_bulk(model, objects)
    if extra:
        # Owners written above drop their extra documents themselves.
        engine.delete_owners(report.deleted)
    logger.info(
        "Search catch-up on %s: %s missing, %s stale, %s extra documents",
        alias,
        report.missing,
        report.stale,
        report.extra,
    )
    return report


def index_catch_up_all() -> list[CatchUp]:
    """Catch up every configured engine that answers (the task and the cron job)."""
    reports = []
    for alias in _engine_aliases():
        try:
            reports.append(index_catch_up(alias=alias))
        except EngineUnavailable as err:
            logger.warning("Search catch-up on %s skipped: %s", alias, err)
    return reports
