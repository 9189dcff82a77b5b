"""Synonym and abbreviation groups, analysed like the text they are matched against."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from search.analysis.text import analyse

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


class SynonymTable:
    """Equivalent phrases (or one-way expansions) keyed by their analysed terms."""

    def __init__(self, groups: Iterable[tuple[Iterable[str], bool]] = ()) -> None:
        expansions: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
        for phrases, one_way in groups:
            analysed = []
            for phrase in phrases:
                terms = tuple(analyse(phrase))
                if terms and len(terms) <= MAX_PHRASE_TERMS and terms not in analysed:
                    analysed.append(terms)
            if len(analysed) < 2:
                continue
            sources = analysed[:1] if one_way else analysed
            for source in sources:
                targets = expansions.setdefault(source, [])
                for target in analysed:
                    if target != source and target not in targets:
                        targets.append(target)
        self._by_first: dict[str, list[_Entry]] = {}
        for phrase, targets in expansions.items():
            self._by_first.setdefault(phrase[0], []).append(
                _Entry(phrase, tuple(targets))
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
        self, terms: list[str], start: int
    ) -> tuple[int, tuple[tuple[str, ...], ...]]:
        """Longest phrase starting at `terms[start]`: (its length, its expansions)."""
        for entry in self._by_first.get(terms[start], ()):
            end = start + len(entry.phrase)
            if tuple(terms[start:end]) == entry.phrase:
                return len(entry.phrase), entry.expansions
        return 0, ()
