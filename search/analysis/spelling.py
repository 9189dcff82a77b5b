"""Typo tolerance: the closest word of the index vocabulary to a word it does not know."""

from __future__ import annotations

from collections.abc import Mapping

from rapidfuzz import process
from rapidfuzz.distance import OSA

__all__ = ["Speller", "max_edits"]


def max_edits(word: str) -> int:
    """Edits tolerated for a word of this length (none for two letters and codes)."""
    if len(word) < 3 or not word.isalpha():
        return 0
    return 1 if len(word) <= 7 else 2


class Speller:
    """Corrects words against the vocabulary, preferring fewer edits, then common words.

    Edits are optimal-string-alignment steps, so a swap of neighbouring letters
    ("pjaak") costs one edit like a missing, extra or wrong letter.
    """

    def __init__(self, words: Mapping[str, int]) -> None:
        self._frequency = dict(words)
        self._by_length: dict[int, list[str]] = {}
        for word in self._frequency:
            if word.isalpha():
                self._by_length.setdefault(len(word), []).append(word)
        # Common words first, then alphabetical: the edit-distance search keeps the
        # first of equally close candidates, so the choice never depends on the order
        # the database returned the vocabulary in.
        for choices in self._by_length.values():
            choices.sort(key=lambda word: (-self._frequency[word], word))

    def __contains__(self, word: str) -> bool:
        return word in self._frequency

    def correct(self, word: str, *, edits: int | None = None) -> str | None:
        """The best known replacement for an unknown `word`, or None.

        A three-letter word is only corrected by a missing letter, keeping its first
        letter ("efn" -> efin), so an abbreviation the index lacks is not turned into
        another one ("brp" is not "bkp").
        """
        limit = max_edits(word)
        edits = limit if edits is None else min(edits, limit)
        if edits == 0 or word in self._frequency:
            return None
        best: tuple[int, int, int, str] | None = None
        for length in range(len(word) - edits, len(word) + edits + 1):
            choices = self._by_length.get(length)
            if not choices:
                continue
            for candidate, distance, _index in process.extract(
                word, choices, scorer=OSA.distance, score_cutoff=edits, limit=20
            ):
                if len(word) == 3 and (len(candidate) != 4 or candidate[0] != word[0]):
                    continue
                rank = (
                    int(distance),
                    0 if candidate[0] == word[0] else 1,
                    -self._frequency[candidate],
                    candidate,
                )
                if best is None or rank < best:
                    best = rank
        return best[3] if best else None
