"""The database document store: writes documents, their term and word document
frequencies and the corpus totals, in place or as one rebuild session."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db import connections, router, transaction
from django.db.models import Max
from django.utils import timezone

from search.analysis import tokenise
from search.documents import DocumentData
from search.lexicon import invalidate_lexicon
from search.models import IndexStats, IndexTerm, SearchDocument

__all__ = [
    "AUTOCOMPLETE_TABLE",
    "FTS_TABLE",
    "TABLE",
    "DatabaseDocumentStore",
    "RebuildSession",
]

TABLE = SearchDocument._meta.db_table
FTS_TABLE = "search_document_fts"
AUTOCOMPLETE_TABLE = "search_document_ac"
MAX_TERM_LENGTH = 64
# GIN indexes over the document table (migrations 0002 and 0005).
PG_GIN_INDEXES = (
    "search_document_vector_gin",
    "search_document_ac_gin",
    "search_document_rank_gin",
)


def _by_topic(document: DocumentData) -> tuple:
    return (document.topic_id is None, document.topic_id or 0, document.kind)


@dataclass
class RebuildSession:
    """Counts gathered during `update_index`, written once when it finishes."""

    first_new_id: int
    terms: Counter = field(default_factory=Counter)
    words: Counter = field(default_factory=Counter)
    documents: int = 0
    lengths: list[int] = field(default_factory=lambda: [0, 0, 0])

    def add(self, documents: list[DocumentData]) -> None:
        for document in documents:
            self.terms.update(document.terms)
            self.words.update(document.words)
            self.documents += 1
            for position, length in enumerate(document.lengths):
                self.lengths[position] += length


class DatabaseDocumentStore:
    """Writes documents, term/word document frequencies and corpus totals."""

    def __init__(self, using: str | None = None) -> None:
        self.using = using or router.db_for_write(SearchDocument)

    def start_rebuild(self) -> RebuildSession:
        last = SearchDocument.objects.using(self.using).aggregate(last=Max("id"))
        return RebuildSession(first_new_id=(last["last"] or 0) + 1)

    def write(
        self,
        owners: dict[str, list[DocumentData]],
        session: RebuildSession | None = None,
    ) -> None:
        """Replace the documents of each owner (an empty list removes them)."""
        if not owners:
            return
        documents = [d for docs in owners.values() for d in docs]
        if session:
            # A rebuild writes each batch grouped by topic: a query's matches mostly
            # share a topic, so they then sit on fewer table pages and the ranking
            # statement reads fewer of them than with rows in page order.
            documents.sort(key=_by_topic)
        manager = SearchDocument.objects.using(self.using)
        with transaction.atomic(using=self.using):
            existing = manager.filter(owner__in=list(owners))
            old = [] if session else list(existing.values(*_OLD_FIELDS))
            if session or old:
                existing.delete()
            if session and connections[self.using].vendor == "postgresql":
                self._copy(documents)
            else:
                manager.bulk_create(
                    [SearchDocument(**d.as_fields()) for d in documents],
                    batch_size=250,
                )
            if session:
                session.add(documents)
            else:
                self._apply_changes(old, documents)
        invalidate_lexicon()

    def delete_owners(self, owners: list[str]) -> None:
        self.write({owner: [] for owner in owners})

    def _copy(self, documents: list[DocumentData]) -> None:
        """Insert documents with PostgreSQL's COPY, which streams the rows of a
        rebuild without building INSERT statements for them."""
        if not documents:
            return
        columns = [*documents[0].as_fields(), "updated_at"]
        now = timezone.now()
        with (
            connections[self.using].cursor() as cursor,
            cursor.copy(f"COPY {TABLE} ({', '.join(columns)}) FROM STDIN") as copy,
        ):
            for document in documents:
                copy.write_row([*document.as_fields().values(), now])

    def finish_rebuild(self, session: RebuildSession) -> None:
        """Drop documents not rewritten by the rebuild and store its vocabulary."""
        with transaction.atomic(using=self.using):
            SearchDocument.objects.using(self.using).filter(
                id__lt=session.first_new_id
            ).delete()
            terms = IndexTerm.objects.using(self.using)
            terms.all().delete()
            terms.bulk_create(
                [
                    IndexTerm(kind=kind, text=text, documents=count)
                    for kind, counter in (("t", session.terms), ("w", session.words))
                    for text, count in counter.items()
                    if len(text) <= MAX_TERM_LENGTH
                ],
                batch_size=2000,
            )
            stats = self._stats()
            stats.version += 1
            stats.documents = session.documents
            stats.title_length, stats.keyword_length, stats.body_length = (
                session.lengths
            )
            stats.save()
            self._after_bulk_write()
        invalidate_lexicon()

    def _after_bulk_write(self) -> None:
        """Leave the index as fast as a settled one: fresh planner statistics, and
        PostgreSQL's GIN pending lists (which every query scans linearly until
        autovacuum merges them) or SQLite's FTS5 segments merged."""
        connection = connections[self.using]
        tables = [TABLE, IndexTerm._meta.db_table]
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # Only the owner may merge; another role leaves it to autovacuum.
                cursor.execute(
                    "SELECT gin_clean_pending_list(c.oid) FROM pg_class c"
                    " WHERE c.oid = ANY(%s::regclass[])"
                    " AND pg_has_role(c.relowner, 'USAGE')",
                    [list(PG_GIN_INDEXES)],
                )
                cursor.execute(f"ANALYZE {', '.join(tables)}")
            elif connection.vendor == "sqlite":
                for table in (FTS_TABLE, AUTOCOMPLETE_TABLE):
                    cursor.execute(
                        f"INSERT INTO {table}({table}) VALUES ('optimize')"  # noqa: S608
                    )
                for table in tables:
                    cursor.execute(f"ANALYZE {table}")

    def reset(self) -> None:
        with transaction.atomic(using=self.using):
            SearchDocument.objects.using(self.using).all().delete()
            IndexTerm.objects.using(self.using).all().delete()
            stats = self._stats()
            stats.version += 1
            stats.documents = stats.title_length = stats.keyword_length = 0
            stats.body_length = 0
            stats.save()
        invalidate_lexicon()

    def _stats(self) -> IndexStats:
        stats, _created = (
            IndexStats.objects.using(self.using).select_for_update().get_or_create(pk=1)
        )
        return stats

    def _apply_changes(self, old: list[dict], new: list[DocumentData]) -> None:
        """Adjust document frequencies and totals by what changed."""
        terms: Counter = Counter()
        words: Counter = Counter()
        lengths = [0, 0, 0]
        for row in old:
            analysed = [row["title_terms"], row["keyword_terms"], row["body_terms"]]
            terms.subtract(set(" ".join(analysed).split()))
            words.subtract(
                set(
                    tokenise(
                        f"{row['title']}\n{row['keywords_text']}\n{row['body_text']}"
                    )
                )
            )
            for position, text in enumerate(analysed):
                lengths[position] -= len(text.split())
        for document in new:
            terms.update(document.terms)
            words.update(document.words)
            for position, length in enumerate(document.lengths):
                lengths[position] += length
        changes = [
            (kind, text, delta)
            for kind, counter in (("t", terms), ("w", words))
            for text, delta in counter.items()
            if delta and len(text) <= MAX_TERM_LENGTH
        ]
        table = IndexTerm._meta.db_table
        with connections[self.using].cursor() as cursor:
            for start in range(0, len(changes), 300):
                batch = changes[start : start + 300]
                cursor.execute(
                    f"INSERT INTO {table} (kind, text, documents) VALUES "  # noqa: S608
                    + ", ".join(["(%s, %s, %s)"] * len(batch))
                    + " ON CONFLICT (kind, text) DO UPDATE"
                    f" SET documents = {table}.documents + excluded.documents",
                    [value for change in batch for value in change],
                )
            if changes:
                cursor.execute(f"DELETE FROM {table} WHERE documents <= 0")  # noqa: S608
        stats = self._stats()
        stats.version += 1
        stats.documents += len(new) - len(old)
        stats.title_length += lengths[0]
        stats.keyword_length += lengths[1]
        stats.body_length += lengths[2]
        stats.save()


_OLD_FIELDS = (
    "title",
    "keywords_text",
    "body_text",
    "title_terms",
    "keyword_terms",
    "body_terms",
)
