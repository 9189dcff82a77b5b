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
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from functools import cache

from django.db import connections, router, transaction
from django.db.models import Max
from django.utils import timezone

from search.analysis import tokenise
from search.backends.base import (
    Candidate,
    DocumentEngine,
    EngineQuery,
    FacetRow,
    Filters,
    MatchGroup,
    Retrieval,
    count_facets,
)
from search.documents import DocumentData, build_documents, owner_key
from search.lexicon import invalidate_lexicon
from search.models import IndexStats, IndexTerm, SearchDocument

__all__ = [
    "DatabaseDocumentStore",
    "PostgresEngine",
    "SQLiteEngine",
    "SearchBackend",
]

TABLE = SearchDocument._meta.db_table
FTS_TABLE = "search_document_fts"
AUTOCOMPLETE_TABLE = "search_document_ac"
# Column weights: a word in the title counts as much as several in the body.
FTS_WEIGHTS = (8.0, 3.0, 1.0)  # title_terms, keyword_terms, body_terms
PG_WEIGHTS = "{0.1, 0.1, 0.4, 1.0}"  # D, C, B (keywords), A (title)
MAX_TERM_LENGTH = 64
# GIN indexes over the document table (migrations 0002 and 0005).
PG_GIN_INDEXES = (
    "search_document_vector_gin",
    "search_document_ac_gin",
    "search_document_rank_gin",
)

_COLUMNS = (
    "d.key",
    "d.kind",
    "d.title",
    "d.url",
    "d.slug",
    "d.page_id",
    "d.topic_id",
    "d.summary",
    "d.title_terms",
    "d.keyword_terms",
    "d.body_terms",
    "d.boost",
)


# --- writing ----------------------------------------------------------------------
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
            # share a topic, so they then sit on fewer table pages (on PostgreSQL
            # with 20k documents, the ranking statement takes about a fifth less time
            # than with rows in page order).
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


# --- reading ----------------------------------------------------------------------
def _candidate(row: tuple) -> Candidate:
    return Candidate(
        key=row[0],
        kind=row[1],
        title=row[2],
        url=row[3],
        slug=row[4],
        page_id=row[5],
        topic_id=row[6],
        summary=row[7],
        title_terms=row[8],
        keyword_terms=row[9],
        body_terms=row[10],
        boost=row[11],
        engine_score=float(row[12] or 0.0),
    )


class _SQLEngine(DocumentEngine):
    """What the SQLite and PostgreSQL engines share: filters, facets, bodies."""

    is_database = True

    def __init__(self, using: str | None = None) -> None:
        self.using = using or router.db_for_read(SearchDocument)
        self.store = DatabaseDocumentStore(router.db_for_write(SearchDocument))

    def _filter_sql(self, filters: Filters) -> tuple[list[str], list]:
        """WHERE clauses and their parameters for the results: promoted pages left
        out and the facets chosen (facet counts use `_exclude_sql` alone, so that
        they show every value)."""
        clauses, params = self._exclude_sql(filters)
        chosen, chosen_params = self._facet_choice_sql(filters)
        return [*clauses, *chosen], [*params, *chosen_params]

    @staticmethod
    def _exclude_sql(filters: Filters) -> tuple[list[str], list]:
        """Promoted pages, shown apart, are left out of the results and the counts."""
        if not filters.exclude_page_ids:
            return [], []
        marks = ", ".join(["%s"] * len(filters.exclude_page_ids))
        return (
            [f"(d.page_id IS NULL OR d.page_id NOT IN ({marks}))"],
            list(filters.exclude_page_ids),
        )

    @staticmethod
    def _facet_choice_sql(filters: Filters) -> tuple[list[str], list]:
        """The type, topic and audience chosen."""
        clauses: list[str] = []
        params: list = []
        if filters.kinds:
            clauses.append(f"d.kind IN ({', '.join(['%s'] * len(filters.kinds))})")
            params.extend(filters.kinds)
        for column, values in (
            ("topic_ids", [str(t) for t in filters.topic_ids]),
            ("audiences", list(filters.audiences)),
        ):
            if values:
                clauses.append(
                    "("
                    + " OR ".join([f"(' ' || d.{column} || ' ') LIKE %s"] * len(values))
                    + ")"
                )
                params.extend(f"% {value} %" for value in values)
        return clauses, params

    def _run(self, sql: str, params: list) -> list[tuple]:
        with connections[self.using].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def retrieve(
        self,
        query: EngineQuery,
        filters: Filters,
        *,
        limit: int,
        offset: int = 0,
        with_facets: bool = True,
    ) -> Retrieval:
        if not query.groups:
            return Retrieval([], 0, {})
        candidates, rows = self._scan(
            query, filters, limit=limit, offset=offset, with_facets=with_facets
        )
        if not with_facets:
            return Retrieval(candidates, len(candidates) + offset, {})
        total, facets = count_facets(rows, filters=filters)
        return Retrieval(candidates, total, facets)

    def _scan(
        self,
        query: EngineQuery,
        filters: Filters,
        *,
        limit: int,
        offset: int,
        with_facets: bool,
    ) -> tuple[list[Candidate], list[FacetRow]]:
        """Ranked candidates and, when asked, facet rows (two statements here;
        PostgreSQL answers both from one)."""
        candidates = self._ranked(query, filters, limit=limit, offset=offset)
        if not with_facets:
            return candidates, []
        return candidates, [FacetRow(*row) for row in self._facet_rows(query, filters)]

    def _with_facets(
        self, query: EngineQuery, filters: Filters, candidates: list[Candidate]
    ) -> Retrieval:
        total, facets = count_facets(
            (FacetRow(*row) for row in self._facet_rows(query, filters)),
            filters=filters,
        )
        return Retrieval(candidates, total, facets)

    def retrieve_first(
        self,
        tiers: list[tuple[EngineQuery, int]],
        filters: Filters,
        *,
        limit: int,
    ) -> tuple[EngineQuery, Retrieval]:
        """The first tier finding at least its number of results (else the last one).

        A tier's candidates (at most `limit`, under every filter) already tell whether
        it finds enough, so facets are counted only once, for the tier used.
        """
        for position, (query, enough) in enumerate(tiers):
            if not query.groups:
                continue
            candidates = self._ranked(query, filters, limit=limit, offset=0)
            last = position == len(tiers) - 1
            if last or len(candidates) >= enough:
                return query, self._with_facets(query, filters, candidates)
            if len(candidates) == limit:  # more may match than were fetched
                retrieval = self._with_facets(query, filters, candidates)
                if retrieval.total >= enough:
                    return query, retrieval
        return tiers[-1][0], Retrieval([], 0, {})

    def _ranked(
        self, query: EngineQuery, filters: Filters, *, limit: int, offset: int
    ) -> list[Candidate]:
        """Matching documents with every filter, best engine score first."""
        match_sql, match_params = self._match(query)
        score_sql, score_params = self._score(query)
        clauses, params = self._filter_sql(filters)
        where = " AND ".join([match_sql, *clauses])
        rows = self._run(
            f"SELECT {', '.join(_COLUMNS)}, {score_sql} AS score"
            f" {self._from()} WHERE {where}"
            " ORDER BY score DESC, d.id LIMIT %s OFFSET %s",
            [*score_params, *match_params, *params, limit, offset],
        )
        return [_candidate(row) for row in rows]

    def _facet_rows(self, query: EngineQuery, filters: Filters) -> list[tuple]:
        """Matching documents (promoted pages left out) grouped by facet values."""
        match_sql, match_params = self._match(query)
        clauses, params = self._exclude_sql(filters)
        where = " AND ".join([match_sql, *clauses])
        return self._run(
            "SELECT d.kind, d.topic_id, d.topic_ids, d.audiences, COUNT(*)"
            f" {self._from()} WHERE {where}"
            " GROUP BY d.kind, d.topic_id, d.topic_ids, d.audiences",
            [*match_params, *params],
        )

    def bodies(self, keys: list[str]) -> dict[str, str]:
        return dict(
            SearchDocument.objects.using(self.using)
            .filter(key__in=keys)
            .values_list("key", "body_text")
        )

    def write(self, owners: dict[str, list[DocumentData]], session=None) -> None:
        self.store.write(owners, session)

    def delete_owners(self, owners: list[str]) -> None:
        self.store.delete_owners(owners)

    # Vendor-specific parts
    def _from(self) -> str:
        raise NotImplementedError

    def _match(self, query: EngineQuery) -> tuple[str, list]:
        raise NotImplementedError

    def _score(self, query: EngineQuery) -> tuple[str, list]:
        raise NotImplementedError


def _fts5_group(group: MatchGroup) -> str:
    return (
        "("
        + " OR ".join('"' + " ".join(terms) + '"' for terms in group.alternatives)
        + ")"
    )


def fts5_expression(query: EngineQuery) -> str:
    """An FTS5 MATCH expression: quoted terms and phrases, groups joined by OR (or,
    with a minimum match, an OR of the ANDs that satisfy it)."""
    if query.minimum_match > 1:
        expression = " OR ".join(
            "(" + " AND ".join(_fts5_group(group) for group in combination) + ")"
            for combination in query.combinations()
        )
    else:
        expression = " OR ".join(_fts5_group(group) for group in query.groups)
    if query.title_only:
        return "{title_terms keyword_terms} : (" + expression + ")"
    return expression


class SQLiteEngine(_SQLEngine):
    """FTS5 with bm25() and column weights over the document table."""

    name = "sqlite"

    def _ranked(
        self, query: EngineQuery, filters: Filters, *, limit: int, offset: int
    ) -> list[Candidate]:
        if filters.kinds or filters.topic_ids or filters.audiences:
            return super()._ranked(query, filters, limit=limit, offset=offset)
        # Rank inside the FTS index alone, then read only the rows shown: joining
        # every match to the wide document rows costs more than ranking them.
        match_sql, match_params = self._match(query)
        score_sql, _params = self._score(query)
        exclude = list(filters.exclude_page_ids)
        ranked = self._run(
            f"SELECT rowid, {score_sql} AS score FROM {FTS_TABLE}"  # noqa: S608
            f" WHERE {match_sql} ORDER BY score DESC, rowid LIMIT %s OFFSET %s",
            [*match_params, limit + len(exclude), offset],
        )
        if not ranked:
            return []
        marks = ", ".join(["%s"] * len(ranked))
        rows = {
            row[0]: row[1:]
            for row in self._run(
                f"SELECT d.id, {', '.join(_COLUMNS)}, 0 FROM {TABLE} d"  # noqa: S608
                f" WHERE d.id IN ({marks})",
                [rowid for rowid, _score in ranked],
            )
        }
        candidates = []
        for rowid, score in ranked:
            row = rows.get(rowid)
            if row is None or (exclude and row[5] in exclude):
                continue
            candidate = _candidate(row)
            candidate.engine_score = float(score)
            candidates.append(candidate)
        return candidates[:limit]

    def _facet_rows(self, query: EngineQuery, filters: Filters) -> list[tuple]:
        match_sql, match_params = self._match(query)
        clauses, params = self._exclude_sql(filters)
        matching = f"d.id IN (SELECT rowid FROM {FTS_TABLE} WHERE {match_sql})"  # noqa: S608
        where = " AND ".join([matching, *clauses])
        # An index keyed by id and holding the facet values answers with one lookup
        # per match, without reading the wide document rows or scanning an entry for
        # every document (which grows with the corpus, not with the matches).
        return self._run(
            "SELECT d.kind, d.topic_id, d.topic_ids, d.audiences, COUNT(*)"  # noqa: S608
            f" FROM {TABLE} d INDEXED BY search_document_facets_by_id WHERE {where}"
            " GROUP BY d.kind, d.topic_id, d.topic_ids, d.audiences",
            [*match_params, *params],
        )

    def _from(self) -> str:
        return f"FROM {FTS_TABLE} JOIN {TABLE} d ON d.id = {FTS_TABLE}.rowid"

    def _match(self, query: EngineQuery) -> tuple[str, list]:
        return f"{FTS_TABLE} MATCH %s", [fts5_expression(query)]

    def _score(self, query: EngineQuery) -> tuple[str, list]:
        weights = ", ".join(str(w) for w in FTS_WEIGHTS)
        return f"-bm25({FTS_TABLE}, {weights})", []

    def suggest(self, words: list[str], prefix: str, *, limit: int) -> list[Candidate]:
        if not words and len(prefix) < 2:
            return []
        parts = [f'"{word}"' for word in words]
        if prefix:
            parts.append(f'"{prefix}"*')
        rows = self._run(
            f"SELECT {', '.join(_COLUMNS)}, -bm25({AUTOCOMPLETE_TABLE}) AS score"  # noqa: S608
            f" FROM {AUTOCOMPLETE_TABLE} JOIN {TABLE} d"
            f" ON d.id = {AUTOCOMPLETE_TABLE}.rowid"
            f" WHERE {AUTOCOMPLETE_TABLE} MATCH %s"
            " ORDER BY score DESC, length(d.title), d.id LIMIT %s",
            [" ".join(parts), limit],
        )
        return [_candidate(row) for row in rows]


def _tsquery_group(group: MatchGroup, suffix: str) -> str:
    alternatives = [
        "(" + " <-> ".join(term + suffix for term in terms) + ")"
        for terms in group.alternatives
    ]
    return "(" + " | ".join(alternatives) + ")"


def tsquery_expression(query: EngineQuery, groups=None) -> str:
    """A to_tsquery('simple', …) expression: terms, `<->` phrases, groups joined by |
    (or, with a minimum match, an | of the &s that satisfy it)."""
    suffix = ":AB" if query.title_only else ""
    if groups is None and query.minimum_match > 1:
        return " | ".join(
            "(" + " & ".join(_tsquery_group(g, suffix) for g in combination) + ")"
            for combination in query.combinations()
        )
    return " | ".join(
        _tsquery_group(group, suffix)
        for group in (groups if groups is not None else query.groups)
    )


class PostgresEngine(_SQLEngine):
    """Weighted tsvectors with GIN indexes; candidates ranked by concept IDF times
    ts_rank over the small title-and-keywords vector (never the de-TOASTed body)."""

    name = "postgresql"

    def _run(self, sql: str, params: list) -> list[tuple]:
        # GIN bitmap scans read no vectors for plain terms; a sequential scan would
        # de-TOAST every document's vector, which PostgreSQL's costs underrate.
        connection = connections[self.using]
        nested = connection.in_atomic_block
        if connection.settings_dict["OPTIONS"].get("server_side_binding"):
            # Prepared statements hold one command: set the hint on its own.
            with transaction.atomic(using=self.using), connection.cursor() as cursor:
                cursor.execute("SET LOCAL enable_seqscan = off")
                cursor.execute(sql, params)
                rows = cursor.fetchall()
                if nested:  # SET LOCAL lasts until the outer transaction ends
                    cursor.execute("SET LOCAL enable_seqscan = on")
                return rows
        # One round trip: several commands in one (client-bound) query run as one
        # transaction of their own, or inside the caller's, where the hint is undone.
        restore = "; SET LOCAL enable_seqscan = on" if nested else ""
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL enable_seqscan = off; {sql}{restore}", params)
            cursor.nextset()
            return cursor.fetchall()

    def _from(self) -> str:
        return f"FROM {TABLE} d"

    def _scan(
        self,
        query: EngineQuery,
        filters: Filters,
        *,
        limit: int,
        offset: int,
        with_facets: bool,
    ) -> tuple[list[Candidate], list[FacetRow]]:
        """Ranked candidates and facet rows from one statement and one pass over the
        matching rows.

        The matches are read once (the heap pages of a common word are most of the
        table) into a narrow set of ids, facet values and scores; only the rows of
        the best `limit` are then read in full, in the same statement.
        """
        match_sql, match_params = self._match(query)
        score_sql, score_params = self._score(query)
        exclude, exclude_params = self._exclude_sql(filters)
        clauses, params = self._facet_choice_sql(filters)
        where = " AND ".join([match_sql, *exclude])
        top_where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        # Title and summary are read only for the page shown (see `shown`): out of
        # line in the narrow rows, they would cost two TOAST reads per candidate.
        columns = [
            "''" if column in ("d.title", "d.summary") else column
            for column in _COLUMNS
        ]
        blanks = ", ".join(["NULL"] * len(columns))
        # The best rows are read again by their tuple id (ctid), a direct fetch where
        # the primary key would cost an index lookup each; within one statement
        # (one snapshot) a row's ctid cannot change.
        sql = (
            "WITH m AS MATERIALIZED ("  # noqa: S608
            f"SELECT d.id, d.ctid AS tid, d.kind, d.topic_id, d.topic_ids, d.audiences,"
            f" {score_sql} AS score FROM {TABLE} d WHERE {where}),"
            f" top AS (SELECT d.id, d.tid, d.score FROM m d {top_where}"
            " ORDER BY d.score DESC, d.id LIMIT %s OFFSET %s)"
            " (SELECT 0, t.score, NULL, NULL, NULL, NULL, NULL,"
            f" {', '.join(columns)} FROM top t JOIN {TABLE} d ON d.ctid = t.tid"
            " ORDER BY t.score DESC, t.id)"
        )
        sql_params = [*score_params, *match_params, *exclude_params, *params]
        sql_params += [limit, offset]
        if with_facets:
            sql += (
                " UNION ALL SELECT 1, NULL, COUNT(*), kind, topic_id, topic_ids,"  # noqa: S608
                f" audiences, {blanks} FROM m"
                " GROUP BY kind, topic_id, topic_ids, audiences"
            )
        candidates, facets = [], []
        for row in self._run(sql, sql_params):
            if row[0] == 0:
                candidates.append(_candidate((*row[7:], row[1])))
            else:
                facets.append(FacetRow(*row[3:7], row[2]))
        return candidates, facets

    def shown(self, candidates: list[Candidate]) -> dict[str, str]:
        """Title, summary and body of the results shown, in one read."""
        if not candidates:
            return {}
        # A plain statement: the ORM's query building would double this read's time.
        with connections[self.using].cursor() as cursor:
            cursor.execute(
                f"SELECT key, title, summary, body_text FROM {TABLE}"  # noqa: S608
                " WHERE key = ANY(%s)",
                [[c.key for c in candidates]],
            )
            rows = {key: (title, summary, body) for key, title, summary, body in cursor}
        bodies = {}
        for candidate in candidates:
            row = rows.get(candidate.key)
            if row is not None:
                candidate.title, candidate.summary, bodies[candidate.key] = row
        return bodies

    def retrieve_first(
        self,
        tiers: list[tuple[EngineQuery, int]],
        filters: Filters,
        *,
        limit: int,
    ) -> tuple[EngineQuery, Retrieval]:
        """The first tier finding at least its number of results (else the last one);
        each tier costs one pass, which counts its facets too."""
        return DocumentEngine.retrieve_first(self, tiers, filters, limit=limit)

    def _match(self, query: EngineQuery) -> tuple[str, list]:
        vector = "d.rank_vector" if query.title_only else "d.search_vector"
        return f"{vector} @@ to_tsquery('simple', %s)", [
            tsquery_expression(replace(query, title_only=False))
        ]

    def _score(self, query: EngineQuery) -> tuple[str, list]:
        parts = []
        params: list = []
        for group in query.groups:
            parts.append(
                "%s * ts_rank(%s::float4[], d.rank_vector, to_tsquery('simple', %s), 1)"
            )
            params.extend(
                [
                    group.weight,
                    PG_WEIGHTS,
                    tsquery_expression(replace(query, title_only=False), [group]),
                ]
            )
        return "(" + " + ".join(parts) + ")", params

    def suggest(self, words: list[str], prefix: str, *, limit: int) -> list[Candidate]:
        if not words and len(prefix) < 2:
            return []
        parts = list(words)
        if prefix:
            parts.append(prefix + ":*")
        rows = self._run(
            f"SELECT {', '.join(_COLUMNS)},"  # noqa: S608
            " ts_rank(d.autocomplete_vector, q) AS score"
            f" FROM {TABLE} d, to_tsquery('simple', %s) q"
            " WHERE d.autocomplete_vector @@ q"
            " ORDER BY score DESC, length(d.title), d.id LIMIT %s",
            [" & ".join(parts), limit],
        )
        return [_candidate(row) for row in rows]


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
