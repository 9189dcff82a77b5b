"""What the SQLite and PostgreSQL engines share: filters, facets, bodies, and the
candidate read from a document row."""

from __future__ import annotations

from django.db import connections, router

from search.backends.base import (
    Candidate,
    DocumentEngine,
    EngineQuery,
    FacetRow,
    Filters,
    Retrieval,
    count_facets,
)
from search.backends.database.store import DatabaseDocumentStore
from search.documents import DocumentData
from search.models import SearchDocument

__all__ = ["CANDIDATE_COLUMNS", "candidate_from_row"]

# The document columns a candidate is read from, in `candidate_from_row`'s order.
CANDIDATE_COLUMNS = (
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
    "d.answer_kind",
    "d.audiences",
)


def candidate_from_row(row: tuple) -> Candidate:
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
        answer_kind=row[12],
        audiences=row[13],
        engine_score=float(row[14] or 0.0),
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
            f"SELECT {', '.join(CANDIDATE_COLUMNS)}, {score_sql} AS score"
            f" {self._from()} WHERE {where}"
            " ORDER BY score DESC, d.id LIMIT %s OFFSET %s",
            [*score_params, *match_params, *params, limit, offset],
        )
        return [candidate_from_row(row) for row in rows]

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
