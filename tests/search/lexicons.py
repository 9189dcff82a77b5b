"""A Lexicon built from given counts, for tests of query planning and ranking that
need no index."""

from __future__ import annotations

from search.analysis import Speller, SynonymTable
from search.lexicon import Lexicon


def lexicon_of(
    frequencies: dict[str, int],
    *,
    documents: int,
    synonyms: SynonymTable | None = None,
    average_lengths: tuple[float, float, float] = (5.0, 20.0, 100.0),
) -> Lexicon:
    return Lexicon(
        key=(),
        documents=documents,
        average_lengths=average_lengths,
        frequencies=frequencies,
        speller=Speller(frequencies),
        synonyms=synonyms or SynonymTable(),
    )
