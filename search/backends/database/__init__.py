"""Wagtail's database search backend, extended with the TKB document index.

`update_index` and Wagtail's save/delete signal handlers call the backend's index;
this subclass keeps Wagtail's own index entries (admin search keeps working) and
also writes one analysed `SearchDocument` per search hit. The public search queries
those documents directly:

* SQLite: an FTS5 table (external content) ranked with bm25() and column weights;
* PostgreSQL: a generated, weighted tsvector with a GIN index, ranked with ts_rank
  weighted by each concept's inverse document frequency.

Both take any-word queries with a LIMIT, so neither scores every page with a
correlated subquery as Wagtail's own any-word search does.

This module is the backend Wagtail loads (`search.backends.database`); `store` writes
the documents, `sql` holds what both engines share, `sqlite` and `postgres` the
engines themselves.
"""

from __future__ import annotations

from functools import cache

from django.db import connections, router

from search.backends.database.postgres import PostgresEngine
from search.backends.database.sql import _SQLEngine
from search.backends.database.sqlite import SQLiteEngine
from search.backends.database.store import DatabaseDocumentStore, RebuildSession
from search.documents import build_documents, owner_key
from search.models import SearchDocument

__all__ = [
    "DatabaseDocumentStore",
    "DocumentIndexMixin",
    "DocumentRebuilderMixin",
    "PostgresEngine",
    "RebuildSession",
    "SQLiteEngine",
    "SearchBackend",
    "backend_class",
    "engine_for",
]


def engine_for(using: str | None = None) -> _SQLEngine:
    """The document engine for the database `using` (SQLite or PostgreSQL)."""
    alias = using or router.db_for_read(SearchDocument)
    vendor = connections[alias].vendor
    if vendor == "postgresql":
        return PostgresEngine(alias)
    if vendor == "sqlite":
        return SQLiteEngine(alias)
    raise NotImplementedError(
        f"The TKB search index supports SQLite and PostgreSQL, not {vendor}."
    )


# --- Wagtail backend integration -------------------------------------------------
class DocumentIndexMixin:
    """Adds TKB documents to every write Wagtail's database index makes."""

    session: RebuildSession | None = None

    def add_items(self, model, objs):
        super().add_items(model, objs)
        owners = build_documents(objs)
        if owners:
            self.backend.tkb_engine.write(owners, self.session)

    def delete_item(self, item):
        super().delete_item(item)
        owner = owner_key(item)
        if owner:
            self.backend.tkb_engine.delete_owners([owner])

    def reset(self):
        super().reset()
        self.backend.tkb_engine.store.reset()


class DocumentRebuilderMixin:
    """Starts a rebuild session and, at the end, drops what the rebuild did not write."""

    def start(self):
        index = super().start()
        index.session = index.backend.tkb_engine.store.start_rebuild()
        self.session = index.session
        return index

    def finish(self):
        self.index.backend.tkb_engine.store.finish_rebuild(self.session)
        self.index.session = None
        super().finish()


@cache
def backend_class(vendor: str) -> type:
    """Wagtail's database backend class for `vendor`, extended with TKB documents."""
    if vendor == "postgresql":
        from modelsearch.backends.database.postgres.postgres import (
            PostgresIndex as BaseIndex,
        )
        from modelsearch.backends.database.postgres.postgres import (
            PostgresSearchAtomicRebuilder as BaseAtomicRebuilder,
        )
        from modelsearch.backends.database.postgres.postgres import (
            PostgresSearchBackend as BaseBackend,
        )
        from modelsearch.backends.database.postgres.postgres import (
            PostgresSearchRebuilder as BaseRebuilder,
        )
    elif vendor == "sqlite":
        from modelsearch.backends.database.sqlite.sqlite import (
            SQLiteIndex as BaseIndex,
        )
        from modelsearch.backends.database.sqlite.sqlite import (
            SQLiteSearchAtomicRebuilder as BaseAtomicRebuilder,
        )
        from modelsearch.backends.database.sqlite.sqlite import (
            SQLiteSearchBackend as BaseBackend,
        )
        from modelsearch.backends.database.sqlite.sqlite import (
            SQLiteSearchRebuilder as BaseRebuilder,
        )
    else:
        raise NotImplementedError(
            f"The TKB search backend supports SQLite and PostgreSQL, not {vendor}."
        )

    if vendor == "postgresql":
        from search.backends.wagtail_entries import PostgresEntriesMixin

        class Index(DocumentIndexMixin, PostgresEntriesMixin, BaseIndex):
            pass

    else:

        class Index(DocumentIndexMixin, BaseIndex):
            pass

    class Rebuilder(DocumentRebuilderMixin, BaseRebuilder):
        pass

    class AtomicRebuilder(DocumentRebuilderMixin, BaseAtomicRebuilder):
        pass

    class Backend(BaseBackend):
        index_class = Index
        rebuilder_class = Rebuilder
        atomic_rebuilder_class = AtomicRebuilder

        def __init__(self, params):
            super().__init__(params)
            atomic = params.get("ATOMIC_REBUILD", True)
            self.rebuilder_class = AtomicRebuilder if atomic else Rebuilder
            self.tkb_engine = engine_for()

    Backend.__name__ = Backend.__qualname__ = f"TKB{BaseBackend.__name__}"
    return Backend


def SearchBackend(params):
    """Wagtail's database backend for the current database, with the TKB documents."""
    vendor = connections[router.db_for_write(SearchDocument)].vendor
    return backend_class(vendor)(params)
