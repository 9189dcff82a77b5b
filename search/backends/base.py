"""The small interface every search engine implements, and the data it exchanges.

An engine finds candidate documents for an `EngineQuery` (ranked by its own BM25-style
score), counts facets, serves prefix suggestions and stores documents. Query
understanding, final ranking, snippets and best answers happen once, in `search/`,
for every engine.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from search.documents import DocumentData

__all__ = [
    "Candidate",
    "DocumentEngine",
    "EngineQuery",
    "EngineUnavailable",
    "FacetRow",
    "Filters",
    "MatchGroup",
    "Retrieval",
    "count_facets",
]

AUDIENCE_CODES = ("orang-pribadi", "badan", "bendahara", "pkp")


class EngineUnavailable(Exception):
    """The engine cannot answer (e.g. OpenSearch is down); the caller falls back."""


@dataclass(frozen=True)
class MatchGroup:
    """One concept: documents containing any of the term sequences match it."""

    alternatives: tuple[tuple[str, ...], ...]
    weight: float = 1.0


@dataclass(frozen=True)
class EngineQuery:
    """Documents matching at least `minimum_match` of the groups (1: any word);
    `title_only` limits matching to titles and keywords."""

    groups: tuple[MatchGroup, ...]
    title_only: bool = False
    minimum_match: int = 1
    # A last resort: asked only when the tier before it found too few (an engine
    # that counts tiers ahead, as OpenSearch does, leaves it out of the count).
    fallback: bool = False

    def combinations(self) -> list[tuple[MatchGroup, ...]]:
        """The ways to satisfy `minimum_match` (one tuple per AND of groups)."""
        return list(itertools.combinations(self.groups, self.minimum_match))


@dataclass(frozen=True)
class Filters:
    """Facet filters (each a set of accepted values) and promoted pages to leave out."""

    kinds: tuple[str, ...] = ()
    topic_ids: tuple[int, ...] = ()
    audiences: tuple[str, ...] = ()
    exclude_page_ids: tuple[int, ...] = ()

    def accepts(self, row: FacetRow, *, ignore: str | None = None) -> bool:
        """Whether documents with `row`'s values pass every filter but `ignore`."""
        if ignore != "type" and self.kinds and row.kind not in self.kinds:
            return False
        if (
            ignore != "topic"
            and self.topic_ids
            and not {str(t) for t in self.topic_ids}.intersection(row.topic_ids.split())
        ):
            return False
        return not (
            ignore != "audience"
            and self.audiences
            and not set(self.audiences).intersection(row.audiences.split())
        )


@dataclass(frozen=True)
class FacetRow:
    """Matching documents grouped by their facet values."""

    kind: str
    topic_id: int | None
    topic_ids: str
    audiences: str
    count: int


def count_facets(rows: Iterable[FacetRow], filters: Filters) -> tuple[int, dict]:
    """Total under all filters, and per facet the counts under the other filters."""
    total = 0
    kinds: Counter[str] = Counter()
    topics: Counter[int] = Counter()
    audiences: Counter[str] = Counter()
    for row in rows:
        if filters.accepts(row):
            total += row.count
        if filters.accepts(row, ignore="type"):
            kinds[row.kind] += row.count
        if row.topic_id and filters.accepts(row, ignore="topic"):
            topics[row.topic_id] += row.count
        if filters.accepts(row, ignore="audience"):
            for code in row.audiences.split():
                audiences[code] += row.count
    return total, {"type": kinds, "topic": topics, "audience": audiences}


@dataclass
class Candidate:
    """A matching document with what ranking and display need."""

    key: str
    kind: str
    title: str
    url: str
    slug: str
    page_id: int | None
    topic_id: int | None
    summary: str
    title_terms: str
    keyword_terms: str
    body_terms: str
    boost: float
    engine_score: float
    answer_kind: str = ""
    audiences: str = ""
    under_review: bool = False  # see search.currency
    score: float = 0.0
    body_text: str = field(default="", repr=False)


@dataclass
class Retrieval:
    """Candidates in the engine's order, plus totals and facet counts."""

    candidates: list[Candidate]
    total: int
    facets: dict


class DocumentEngine:
    """Interface of a document engine (database or OpenSearch)."""

    name = "base"
    is_database = False

    def health(self) -> str | None:
        """Why the engine cannot answer now, or None when it can (for /readyz)."""
        return None

    def retrieve(
        self,
        query: EngineQuery,
        filters: Filters,
        *,
        limit: int,
        offset: int = 0,
        with_facets: bool = True,
    ) -> Retrieval:
        raise NotImplementedError

    def retrieve_first(
        self,
        tiers: list[tuple[EngineQuery, int]],
        filters: Filters,
        *,
        limit: int,
    ) -> tuple[EngineQuery, Retrieval]:
        """The first tier finding at least its number of results (else the last one)."""
        for query, enough in tiers:
            retrieval = self.retrieve(query, filters, limit=limit)
            if retrieval.total >= enough:
                break
        return query, retrieval

    def bodies(self, keys: list[str]) -> dict[str, str]:
        """Plain body text of documents, for snippets of the results shown."""
        raise NotImplementedError

    def shown(self, candidates: list[Candidate]) -> dict[str, str]:
        """Body texts of the candidates on the page shown (key -> text).

        An engine that reads candidates without their display fields (title,
        summary) fills them in here, for these few only.
        """
        return self.bodies([c.key for c in candidates]) if candidates else {}

    def suggest(self, words: list[str], prefix: str, *, limit: int) -> list[Candidate]:
        """Documents whose titles contain `words` and a word starting with `prefix`."""
        raise NotImplementedError

    def write(self, owners: dict[str, list[DocumentData]], session=None) -> None:
        raise NotImplementedError

    def delete_owners(self, owners: list[str]) -> None:
        raise NotImplementedError
