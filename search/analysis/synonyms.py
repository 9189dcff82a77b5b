"""Synonym and abbreviation groups, analysed like the text they are matched against."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from search.analysis.text import analyse_with_gaps

__all__ = ["SYNONYM_WEIGHT", "SynonymTable", "parse_terms"]

# How much a match on a synonym counts compared with the word the user typed.
SYNONYM_WEIGHT = 0.8
# Longest phrase (in index terms) a group may hold; longer ones are ignored.
MAX_PHRASE_TERMS = 8


def parse_terms(raw: str) -> list[str]:
    """Split an editor's list ("NPWP, nomor pokok wajib pajak") into phrases."""
    phrases = []
    for line in raw.replace(";", ",").replace("\n", ",").split(","):
        phrase = " ".join(line.split())
        if phrase and phrase not in phrases:
            phrases.append(phrase)
    return phrases


@dataclass(frozen=True)
class _Entry:
    phrase: tuple[str, ...]
    expansions: tuple[tuple[str, ...], ...]
    gaps: frozenset[int]  # where the phrase itself had a stop word between terms


class SynonymTable:
    """Equivalent phrases (or one-way expansions) keyed by their analysed terms."""

    def __init__(self, groups: Iterable[tuple[Iterable[str], bool]] = ()) -> None:
        expansions: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
        gaps: dict[tuple[str, ...], frozenset[int]] = {}
        for phrases, one_way in groups:
            analysed = []
            for phrase in phrases:
                found, dropped = analyse_with_gaps(phrase)
                terms = tuple(found)
                if terms and len(terms) <= MAX_PHRASE_TERMS and terms not in analysed:
                    analysed.append(terms)
                    gaps[terms] = gaps.get(terms, frozenset()) | dropped
            if len(analysed) < 2:
                continue
            sources = analysed[:1] if one_way else analysed
            for source in sources:
                targets = expansions.setdefault(source, [])
                for target in analysed:
                    # "forgot efin -> efin" would make the phrase's other words optional.
                    if set(target) < set(source):
                        continue
                    if target != source and target not in targets:
                        targets.append(target)
        self._by_first: dict[str, list[_Entry]] = {}
        for phrase, targets in expansions.items():
            self._by_first.setdefault(phrase[0], []).append(
                _Entry(phrase, tuple(targets), gaps.get(phrase, frozenset()))
            )
        for entries in self._by_first.values():
            entries.sort(key=lambda entry: len(entry.phrase), reverse=True)
        self.terms = frozenset(
            term
            for phrase, targets in expansions.items()
            for terms in (phrase, *targets)
            for term in terms
        )

    def __len__(self) -> int:
        return sum(len(entries) for entries in self._by_first.values())

    def match(
        self, terms: list[str], start: int, gaps: frozenset[int] = frozenset()
    ) -> tuple[int, tuple[tuple[str, ...], ...]]:
        """Longest phrase starting at `terms[start]`: (its length, its expansions).

        `gaps` are the positions in `terms` where the query dropped a stop word; a
        phrase matches across one only where the phrase itself had one.
        """
        for entry in self._by_first.get(terms[start], ()):
            end = start + len(entry.phrase)
            if tuple(terms[start:end]) != entry.phrase:
                continue
            inside = {gap - start for gap in gaps if start < gap < end}
            if inside <= entry.gaps:
                return len(entry.phrase), entry.expansions
        return 0, ()
