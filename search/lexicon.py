"""The index's vocabulary, corpus totals and synonym list, held in memory per process.

Ranking needs document frequencies and average field lengths; typo tolerance needs
the words of the index; query expansion needs the editors' synonyms. They are read
from the database once and reloaded when the index or the synonym list changes
(checked at most once per `CHECK_SECONDS`; a write in this process reloads at once).
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass

from django.db.models import Count, Max

from search.analysis import (
    COLLOQUIAL,
    STOPWORDS,
    QueryPlan,
    Speller,
    SynonymTable,
    plan_query,
)
from search.choices import TermKind
from search.models import IndexStats, IndexTerm, Synonym

__all__ = ["CHECK_SECONDS", "Lexicon", "get_lexicon", "invalidate_lexicon"]

CHECK_SECONDS = 2.0


@dataclass
class Lexicon:
    """Everything query understanding and ranking need to know about the index."""

    key: tuple
    documents: int
    average_lengths: tuple[float, float, float]
    frequencies: dict[str, int]
    speller: Speller
    synonyms: SynonymTable

    def frequency(self, terms: tuple[str, ...]) -> float:
        """Documents holding a term, or an estimate for a phrase.

        A phrase is rarer than its rarest word: that word's count is scaled by how
        common the other words are (as if independent), but never below one.
        """
        counts = sorted(self.frequencies.get(term, 0) for term in terms)
        if not counts or counts[0] == 0:
            return 0
        documents = max(self.documents, 1)
        estimate = float(counts[0])
        for count in counts[1:]:
            estimate *= min(count / documents, 1.0)
        return max(estimate, 1.0)

    def idf(self, frequency: float) -> float:
        """BM25's inverse document frequency (never negative)."""
        documents = max(self.documents, frequency, 1)
        return math.log(1 + (documents - frequency + 0.5) / (frequency + 0.5))

    def is_known(self, token: str, term: str) -> bool:
        return token in self.speller or term in self.frequencies

    def plan(self, text: str) -> QueryPlan:
        return plan_query(
            text, synonyms=self.synonyms, speller=self.speller, is_known=self.is_known
        )


_lock = threading.Lock()
_state: dict[str, object] = {"lexicon": None, "checked": 0.0}


def _current_key() -> tuple:
    stats = IndexStats.objects.filter(pk=1).values_list("version", "updated_at").first()
    synonyms = Synonym.objects.aggregate(count=Count("id"), changed=Max("updated_at"))
    return (stats, synonyms["count"], synonyms["changed"])


def _load(key: tuple) -> Lexicon:
    stats = IndexStats.objects.filter(pk=1).first() or IndexStats()
    frequencies: dict[str, int] = {}
    words: dict[str, int] = {}
    for kind, text, documents in IndexTerm.objects.values_list(
        "kind", "text", "documents"
    ).iterator(chunk_size=5000):
        (frequencies if kind == TermKind.TERM else words)[text] = documents
    # Words people type that never appear in documents still count as spelled right.
    for word in [*STOPWORDS, *COLLOQUIAL, *COLLOQUIAL.values()]:
        words.setdefault(word, 1)
    # In a fixed order: expansions follow it, and a table read in whatever order the
    # database returns rows would rank near-ties differently after a table rewrite.
    synonyms = SynonymTable(
        (synonym.phrases, synonym.one_way)
        for synonym in Synonym.objects.active().order_by("pk")
    )
    count = max(stats.documents, 1)
    return Lexicon(
        key=key,
        documents=stats.documents,
        average_lengths=(
            max(stats.title_length / count, 1.0),
            max(stats.keyword_length / count, 1.0),
            max(stats.body_length / count, 1.0),
        ),
        frequencies=frequencies,
        speller=Speller(words),
        synonyms=synonyms,
    )


def get_lexicon() -> Lexicon:
    """The current lexicon, reloaded if the index or the synonyms changed."""
    now = time.monotonic()
    lexicon = _state["lexicon"]
    if lexicon is not None and now - _state["checked"] < CHECK_SECONDS:
        return lexicon
    with _lock:
        key = _current_key()
        lexicon = _state["lexicon"]
        if lexicon is None or lexicon.key != key:
            lexicon = _load(key)
            _state["lexicon"] = lexicon
        _state["checked"] = now
        return lexicon


def invalidate_lexicon() -> None:
    """Forget the cached lexicon (after this process wrote to the index or synonyms)."""
    _state["lexicon"] = None
    _state["checked"] = 0.0
