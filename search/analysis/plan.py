"""Query understanding: a taxpayer's words -> concepts, each with its accepted spellings.

A concept is one thing the user asked about ("lapor", "spt", "nomor pokok wajib
pajak"); its alternatives are the index terms or phrases that count as a match
(the word itself, its synonyms and abbreviations). Every backend receives the same
plan, so a query means the same thing on SQLite, PostgreSQL and OpenSearch.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from search.analysis.cues import FORM_WORDS
from search.analysis.intent import (
    query_audiences,
    query_intents,
    question_tag_positions,
)
from search.analysis.spelling import Speller
from search.analysis.synonyms import SYNONYM_WEIGHT, SynonymTable
from search.analysis.text import is_dictionary_word, term_for, tokenise

__all__ = ["MAX_QUERY_TOKENS", "Alternative", "Concept", "QueryPlan", "plan_query"]

# Words of a query that are looked at; the rest of a pasted essay is ignored.
MAX_QUERY_TOKENS = 32


@dataclass(frozen=True)
class Alternative:
    """One index term, or a phrase of terms, that satisfies a concept."""

    terms: tuple[str, ...]
    weight: float = 1.0

    @property
    def is_phrase(self) -> bool:
        return len(self.terms) > 1


@dataclass(frozen=True)
class Concept:
    """One thing the user asked about and the ways a document may say it."""

    label: str
    alternatives: tuple[Alternative, ...]
    form: bool = False  # shapes the question ("syarat", "berapa"): weighs little

    @property
    def terms(self) -> frozenset[str]:
        return frozenset(t for alt in self.alternatives for t in alt.terms)


@dataclass(frozen=True)
class QueryPlan:
    """What a query asks for, ready for any backend."""

    text: str
    concepts: tuple[Concept, ...]
    corrections: tuple[tuple[str, str], ...] = ()
    suggestion: str | None = None
    tokens: tuple[str, ...] = field(default=(), repr=False)
    intents: frozenset[str] = frozenset()
    audiences: frozenset[str] = frozenset()

    @property
    def is_empty(self) -> bool:
        return not self.concepts

    @property
    def terms(self) -> frozenset[str]:
        """Every term a matching document may contain."""
        return frozenset(t for concept in self.concepts for t in concept.terms)

    @property
    def highlight_terms(self) -> frozenset[str]:
        """Terms worth marking in a snippet: the words typed and one-word synonyms
        (the words of a spelled-out synonym, e.g. "pajak", would mark everything)."""
        return frozenset(
            term
            for concept in self.concepts
            for alt in concept.alternatives
            if alt.weight >= 1.0 or not alt.is_phrase
            for term in alt.terms
        )


def plan_query(
    text: str,
    *,
    synonyms: SynonymTable | None = None,
    speller: Speller | None = None,
    is_known: Callable[[str, str], bool] | None = None,
) -> QueryPlan:
    """Analyse `text` into concepts, correcting words the index does not know.

    `is_known(token, term)` says whether the index (or the synonym list) knows a
    word; unknown words are replaced by the speller's closest known word.
    """
    synonyms = synonyms or SynonymTable()
    tokens = tokenise(text)[:MAX_QUERY_TOKENS]
    tags = question_tag_positions(tokens)
    tokens = [token for index, token in enumerate(tokens) if index not in tags]
    corrections: dict[str, str] = {}
    terms: list[str] = []
    labels: list[str] = []
    gaps: set[int] = set()  # positions in `terms` a stop word stood before
    for token in tokens:
        term = term_for(token)
        if term is None:
            if terms:
                gaps.add(len(terms))
            continue
        if (
            speller is not None
            and not token.isdigit()
            and term not in synonyms.terms
            and token not in speller
            and not is_dictionary_word(token)
        ):
            # A word the index never saw whose stem it knows may be an inflection
            # ("pendaftarannya") or a typo that stems to a real root ("tahuan" ->
            # tahu): only a one-letter slip is corrected then ("tahunan").
            stem_known = bool(is_known and is_known(token, term))
            fixed = speller.correct(token, edits=1 if stem_known else None)
            fixed_term = term_for(fixed) if fixed else None
            if fixed and fixed_term and fixed_term != term:
                corrections[token] = fixed
                token, term = fixed, fixed_term
        terms.append(term)
        labels.append(token)

    dropped = frozenset(gaps)
    concepts: list[Concept] = []
    seen: set[tuple[str, ...]] = set()
    index = 0
    while index < len(terms):
        length, expansions = synonyms.match(terms, index, dropped)
        length = length or 1
        phrase = tuple(terms[index : index + length])
        label = " ".join(labels[index : index + length])
        index += length
        if phrase in seen:
            continue
        seen.add(phrase)
        alternatives = [Alternative(phrase)]
        alternatives.extend(Alternative(e, SYNONYM_WEIGHT) for e in expansions)
        concepts.append(Concept(label, tuple(alternatives), form=label in FORM_WORDS))

    corrected = " ".join(corrections.get(t, t) for t in tokens)
    suggestion = None
    if corrections:
        suggestion = " ".join(corrections.get(token, token) for token in tokens)
    return QueryPlan(
        text=text,
        concepts=tuple(concepts),
        corrections=tuple(corrections.items()),
        suggestion=suggestion,
        tokens=tuple(tokens),
        intents=query_intents(corrected),
        audiences=query_audiences(corrected),
    )
