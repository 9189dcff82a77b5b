"""The PostgreSQL engine: weighted tsvectors with GIN indexes, and its tsqueries."""

from __future__ import annotations

from dataclasses import replace

from django.db import connections, transaction

from search.backends.base import (
    Candidate,
    DocumentEngine,
    EngineQuery,
    FacetRow,
    Filters,
    MatchGroup,
    Retrieval,
)
from search.backends.database.sql import (
    CANDIDATE_COLUMNS,
    _SQLEngine,
    candidate_from_row,
)
from search.backends.database.store import TABLE

__all__ = ["PostgresEngine", "tsquery_expression"]

# Column weights: a word in the title counts as much as several in the body.
PG_WEIGHTS = "{0.1, 0.1, 0.4, 1.0}"  # D, C, B (keywords), A (title)


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
            for column in CANDIDATE_COLUMNS
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
                candidates.append(candidate_from_row((*row[7:], row[1])))
            else:
                facets.append(FacetRow(*row[3:7], row[2]))
        return candidates, facets

    def shown(self, candidates: list[Candidate]) -> dict[str, str]:
        """Title, summary and body of the results shown, in one read."""
        if not candidates:
            return {}
        # A plain statement: for a read this small, the ORM's query building would
        # cost as much as the read itself.
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
            f"SELECT {', '.join(CANDIDATE_COLUMNS)},"  # noqa: S608
            " ts_rank(d.autocomplete_vector, q) AS score"
            f" FROM {TABLE} d, to_tsquery('simple', %s) q"
            " WHERE d.autocomplete_vector @@ q"
            " ORDER BY score DESC, length(d.title), d.id LIMIT %s",
            [" & ".join(parts), limit],
        )
        return [candidate_from_row(row) for row in rows]
