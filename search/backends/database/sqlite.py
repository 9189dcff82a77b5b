"""The SQLite engine: FTS5 with bm25() and column weights, and its MATCH expressions."""

from __future__ import annotations

from search.backends.base import Candidate, EngineQuery, Filters, MatchGroup
from search.backends.database.sql import (
    CANDIDATE_COLUMNS,
    _SQLEngine,
    candidate_from_row,
)
from search.backends.database.store import AUTOCOMPLETE_TABLE, FTS_TABLE, TABLE

__all__ = ["SQLiteEngine", "fts5_expression"]

# Column weights: a word in the title counts as much as several in the body.
FTS_WEIGHTS = (8.0, 3.0, 1.0)  # title_terms, keyword_terms, body_terms


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
                f"SELECT d.id, {', '.join(CANDIDATE_COLUMNS)}, 0 FROM {TABLE} d"  # noqa: S608
                f" WHERE d.id IN ({marks})",
                [rowid for rowid, _score in ranked],
            )
        }
        candidates = []
        for rowid, score in ranked:
            row = rows.get(rowid)
            if row is None or (exclude and row[5] in exclude):
                continue
            candidate = candidate_from_row(row)
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
            f"SELECT {', '.join(CANDIDATE_COLUMNS)}, -bm25({AUTOCOMPLETE_TABLE}) AS score"  # noqa: S608
            f" FROM {AUTOCOMPLETE_TABLE} JOIN {TABLE} d"
            f" ON d.id = {AUTOCOMPLETE_TABLE}.rowid"
            f" WHERE {AUTOCOMPLETE_TABLE} MATCH %s"
            " ORDER BY score DESC, length(d.title), d.id LIMIT %s",
            [" ".join(parts), limit],
        )
        return [candidate_from_row(row) for row in rows]
