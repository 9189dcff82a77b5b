"""Final ranking of candidates, the same on every backend.

The engine returns candidates in its own order (FTS5 bm25, ts_rank, OpenSearch BM25).
They are re-scored here with BM25F over the query's concepts: a concept counts once
however it is spelled (word, synonym or abbreviation), title and keywords weigh more
than the body, documents matching more of the query (weighted by rarity) rank higher,
and query words found next to each other in a title earn a bonus.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from search.analysis import QueryPlan
from search.backends.base import Candidate
from search.lexicon import Lexicon

__all__ = ["FIELD_B", "FIELD_WEIGHTS", "K1", "rank"]

K1 = 1.2
FIELD_WEIGHTS = (5.0, 2.0, 1.0)  # title, keywords, body
FIELD_B = (0.3, 0.6, 0.75)
PROXIMITY_BONUS = 0.5
COVERAGE_FLOOR = 0.5
TITLE_BONUS = 0.5


@dataclass(frozen=True)
class _Concept:
    needles: tuple[tuple[str, float], ...]  # (" term " or " a phrase ", weight)
    idf: float
    in_index: bool


def _concepts(plan: QueryPlan, lexicon: Lexicon) -> list[_Concept]:
    concepts = []
    for concept in plan.concepts:
        frequency = max(lexicon.frequency(alt.terms) for alt in concept.alternatives)
        concepts.append(
            _Concept(
                needles=tuple(
                    (f" {' '.join(alt.terms)} ", alt.weight)
                    for alt in concept.alternatives
                ),
                idf=lexicon.idf(frequency),
                in_index=frequency > 0,
            )
        )
    return concepts


def rank(plan: QueryPlan, candidates: list[Candidate], lexicon: Lexicon) -> None:
    """Set each candidate's `score` and sort them, best first."""
    concepts = _concepts(plan, lexicon)
    # Words found in no document cannot be matched by any result; they do not count
    # against coverage.
    total_idf = sum(c.idf for c in concepts if c.in_index) or 1.0
    averages = lexicon.average_lengths
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
                b = FIELD_B[position]
                norm = 1 - b + b * (field.count(" ") + 1) / averages[position]
                text = title if position == 0 else f" {field} "
                searched.append((position, text, FIELD_WEIGHTS[position], norm))
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
                if count:
                    frequency += field_weight * count / norm
                    if found > best:
                        best = found
                    if position == 0:
                        in_title += concept.idf * found
            if frequency:
                # A concept found only through a synonym covers the query less.
                matched += concept.idf * best
                score += concept.idf * frequency * (K1 + 1) / (frequency + K1)
        coverage = min(matched / total_idf, 1.0)
        score *= COVERAGE_FLOOR + (1 - COVERAGE_FLOOR) * coverage
        score *= 1 + TITLE_BONUS * min(in_title / total_idf, 1.0)
        for idf, phrases in adjacent:
            if any(phrase in title for phrase in phrases):
                score += PROXIMITY_BONUS * idf
        candidate.score = score * candidate.boost
    # Ties are broken by URL (with the FAQ anchor) and key, not by the engine's score
    # or a database id, so every backend and every database sequence agree.
    candidates.sort(key=lambda c: (-round(c.score, 9), c.url, c.key))
