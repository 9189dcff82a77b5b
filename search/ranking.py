"""Final ranking of candidates, the same on every backend.

The engine returns candidates in its own order (FTS5 bm25, ts_rank, OpenSearch BM25).
They are re-scored here with BM25F over the query's concepts: a concept counts once
however it is spelled (word, synonym or abbreviation), title and keywords weigh more
than the body, documents matching more of the query (weighted by rarity) rank higher,
and query words found next to each other in a title earn a bonus. Words that only
shape the question ("syarat", "berapa") weigh little; the question's intent instead
prefers the sibling whose answer kind matches it (search.analysis.intent), and an
article about a closed channel yields to current guidance unless the question names
the old channel.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from search.analysis import QueryPlan
from search.analysis.cues import CHANNEL_CHANGE, DEFINITION
from search.backends.base import Candidate
from search.lexicon import Lexicon

__all__ = ["WEIGHTS", "Weights", "rank"]


@dataclass(frozen=True)
class Weights:
    """The ranking's constants in one place (bench/tune_ranking.py searches them)."""

    k1: float = 1.2
    field_weights: tuple[float, float, float] = (5.0, 2.0, 1.0)  # title, keywords, body
    field_b: tuple[float, float, float] = (0.3, 0.6, 0.75)
    proximity_bonus: float = 0.5
    coverage_floor: float = 0.5
    title_bonus: float = 0.5
    form_weight: float = 0.2
    intent_bonus: float = 0.4
    intent_mismatch: float = 0.0
    channel_penalty: float = 0.3
    audience_bonus: float = 0.0
    audience_mismatch: float = 0.0
    overview_bonus: float = 0.0
    # A phrase, typed or synonym, whose words a field holds apart ("lupa efin" in
    # "EFIN yang lupa", "daftar npwp" in "wajib mendaftarkan diri untuk NPWP") counts
    # this share of the phrase itself.
    loose_phrase: float = 0.5


# Found by bench/tune_ranking.py on the tuning halves (siblings-tune, the English
# tuning halves) with the demo and blind sets held at their floors.
WEIGHTS = Weights(
    k1=1.8,
    field_weights=(5.0, 2.0, 1.33),
    title_bonus=1.5,
    intent_bonus=0.532,
    channel_penalty=0.075,
    audience_mismatch=0.5,
    overview_bonus=0.05,
    loose_phrase=1.0,
)


@dataclass(frozen=True)
class _Concept:
    needles: tuple[tuple[str, float], ...]  # (" term " or " a phrase ", weight)
    idf: float
    in_index: bool
    # Multi-word alternatives (typed or synonym) as separate words:
    # ((" a ", " b "), weight).
    loose: tuple[tuple[tuple[str, ...], float], ...] = ()


def _concepts(plan: QueryPlan, lexicon: Lexicon, weights: Weights) -> list[_Concept]:
    concepts = []
    loose = weights.loose_phrase
    for concept in plan.concepts:
        frequency = max(lexicon.frequency(alt.terms) for alt in concept.alternatives)
        shape = weights.form_weight if concept.form else 1.0
        concepts.append(
            _Concept(
                needles=tuple(
                    (f" {' '.join(alt.terms)} ", alt.weight)
                    for alt in concept.alternatives
                ),
                idf=lexicon.idf(frequency) * shape,
                in_index=frequency > 0,
                loose=tuple(
                    (tuple(f" {term} " for term in alt.terms), alt.weight * loose)
                    for alt in concept.alternatives
                    if alt.is_phrase
                ),
            )
        )
    return concepts


def _audience_factor(plan: QueryPlan, audiences: str, weights: Weights) -> float:
    """Does the document address who is asking (when both say)?"""
    if not plan.audiences or not audiences:
        return 1.0
    if plan.audiences.isdisjoint(audiences.split()):
        return 1 - weights.audience_mismatch
    return 1 + weights.audience_bonus


def _intent_factor(plan: QueryPlan, kind: str, weights: Weights) -> float:
    """How much a document's answer kind suits what the question asks."""
    factor = 1.0
    if kind and kind in plan.intents:
        factor *= 1 + weights.intent_bonus
    elif kind and plan.intents:
        factor *= 1 - weights.intent_mismatch
    elif kind == DEFINITION and not plan.intents:
        # A bare subject ("kode billing") is best met by the article that explains it.
        factor *= 1 + weights.overview_bonus
    if kind == CHANNEL_CHANGE and CHANNEL_CHANGE not in plan.intents:
        factor *= 1 - weights.channel_penalty
    return factor


def rank(
    plan: QueryPlan,
    candidates: list[Candidate],
    lexicon: Lexicon,
    weights: Weights = WEIGHTS,
) -> None:
    """Set each candidate's `score` and sort them, best first."""
    concepts = _concepts(plan, lexicon, weights)
    # Words found in no document cannot be matched by any result; they do not count
    # against coverage.
    total_idf = sum(c.idf for c in concepts if c.in_index) or 1.0
    averages = lexicon.average_lengths
    k1, field_weights, field_b = weights.k1, weights.field_weights, weights.field_b
    # Neighbouring concepts and the phrases that put them next to each other.
    adjacent = [
        (
            min(first.idf, second.idf),
            [f"{a[:-1]}{b}" for a, _wa in first.needles for b, _wb in second.needles],
        )
        for first, second in pairwise(concepts)
    ]
    for candidate in candidates:
        title = f" {candidate.title_terms} "
        # (position, padded text, field weight, length norm) of the non-empty fields;
        # an empty field cannot hold a needle, and skipping it saves most calls.
        searched = []
        for position, field in enumerate(
            (candidate.title_terms, candidate.keyword_terms, candidate.body_terms)
        ):
            if field:
                b = field_b[position]
                norm = 1 - b + b * (field.count(" ") + 1) / averages[position]
                text = title if position == 0 else f" {field} "
                searched.append((position, text, field_weights[position], norm))
        score = matched = in_title = 0.0
        for concept in concepts:
            frequency = best = 0.0
            needles = concept.needles
            for position, text, field_weight, norm in searched:
                # Weighted occurrences of the concept's spellings in this field
                # (inlined: this loop runs for every candidate, concept and field).
                count = found = 0.0
                for needle, weight in needles:
                    occurrences = text.count(needle)
                    if occurrences:
                        count += weight * occurrences
                        if weight > found:
                            found = weight
                if not count and concept.loose:
                    for words, weight in concept.loose:
                        if all(word in text for word in words):
                            count += weight
                            if weight > found:
                                found = weight
                if count:
                    frequency += field_weight * count / norm
                    if found > best:
                        best = found
                    if position == 0:
                        in_title += concept.idf * found
            if frequency:
                # A concept found only through a synonym covers the query less.
                matched += concept.idf * best
                score += concept.idf * frequency * (k1 + 1) / (frequency + k1)
        coverage = min(matched / total_idf, 1.0)
        floor = weights.coverage_floor
        score *= floor + (1 - floor) * coverage
        score *= 1 + weights.title_bonus * min(in_title / total_idf, 1.0)
        for idf, phrases in adjacent:
            if any(phrase in title for phrase in phrases):
                score += weights.proximity_bonus * idf
        score *= _intent_factor(plan, candidate.answer_kind, weights)
        score *= _audience_factor(plan, candidate.audiences, weights)
        candidate.score = score * candidate.boost
    # Ties are broken by URL (with the FAQ anchor) and key, not by the engine's score
    # or a database id, so every backend and every database sequence agree.
    candidates.sort(key=lambda c: (-round(c.score, 9), c.url, c.key))
