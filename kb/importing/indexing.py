"""Search indexing during imports: per-page indexing is switched off while an import
runs, and the imported articles are then indexed in bulk."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models.signals import post_save
from wagtail.search.backends import get_search_backends
from wagtail.search.signal_handlers import post_save_signal_handler
from wagtail.signal_handlers import disable_reference_index_auto_update

from kb.models import ArticlePage

logger = logging.getLogger(__name__)


INDEX_CHUNK = 500


_bulk_import: ContextVar[bool] = ContextVar("kb_bulk_import", default=False)


def bulk_import_active() -> bool:
    """True while `articles_import` runs: it indexes the pages it writes in bulk at the
    end, so receivers that index one page per publish may skip them meanwhile."""
    return _bulk_import.get()


@contextmanager
def search_index_deferred(*models: type) -> Iterator[None]:
    """Stop saves of these models from updating the search index one by one (the
    caller indexes them in bulk afterwards), and stop reference-index updates."""
    disconnected = [
        model
        for model in models
        if post_save.disconnect(post_save_signal_handler, sender=model)
    ]
    token = _bulk_import.set(True)
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        _bulk_import.reset(token)
        for model in disconnected:
            post_save.connect(post_save_signal_handler, sender=model)


def articles_index(*, page_ids: Sequence[int]) -> bool:
    """Add these articles to every auto-updated search backend, in chunks.

    Returns False when an external engine (OpenSearch) failed; the error is logged and
    the import stands, as with Wagtail's own auto-update. Database backends raise.
    """
    ids = list(page_ids)
    complete = True
    for backend in get_search_backends(with_auto_update=True):
        try:
            for start in range(0, len(ids), INDEX_CHUNK):
                chunk = ids[start : start + INDEX_CHUNK]
                pages = list(ArticlePage.get_indexed_objects().filter(pk__in=chunk))
                backend.add_bulk(ArticlePage, pages)
        except Exception:  # each engine client raises its own error types
            if not backend.catch_indexing_errors:
                raise
            logger.exception("Bulk indexing of imported articles failed")
            complete = False
    return complete
