"""Regulation numbers in a query, in any spelling, confirmed against the registry.

The shared parser (`regulations.citations`) reads written citations ("PMK-23/PMK.03/2020",
"PER-04/PJ/2020", "UU HPP"). People searching type looser forms ("per 4 2020",
"pmk 23 2020", "pp 55 thn 2022"); those are recognised here and kept only when the
registry holds such a regulation, so "per 4 2020" never invents a citation.
"""

from __future__ import annotations

import re

from regulations.citations import find_citations
from regulations.models import Regulation
from search.analysis import normalise

__all__ = ["candidate_keys", "regulations_in_query"]

_TYPES = {
    "uu": "UU",
    "perppu": "PERPPU",
    "perpu": "PERPPU",
    "pp": "PP",
    "perpres": "PERPRES",
    "pmk": "PMK",
    "kmk": "KMK",
    "per": "PER",
    "perdirjen": "PER",
    "kep": "KEP",
    "kepdirjen": "KEP",
    "se": "SE",
    "nd": "ND",
}
_LOOSE = re.compile(
    r"\b(?P<type>" + "|".join(sorted(_TYPES, key=len, reverse=True)) + r")"
    r" (?:nomor |nomer |no |nmr |nr )?(?P<number>[0-9]{1,4})"
    r"(?: (?:pmk|kmk|pj)(?: [0-9]{1,2})?)?"
    r" (?:tahun |thn |th )?(?P<year>(?:19|20)[0-9]{2})\b"
)


def candidate_keys(query: str) -> list[tuple[str, int, int]]:
    """(type, number, year) keys the query may cite, the parser's findings first."""
    keys = [citation.key for citation in find_citations(query)]
    for match in _LOOSE.finditer(" ".join(normalise(query).split())):
        number = int(match["number"])
        if number:
            key = (_TYPES[match["type"]], number, int(match["year"]))
            if key not in keys:
                keys.append(key)
    return keys


def regulations_in_query(query: str) -> list[Regulation]:
    """Published regulations the query cites, in the order they were written."""
    found = []
    for key in candidate_keys(query)[:5]:
        regulation = Regulation.objects.published().by_key(key)
        if regulation is not None and regulation not in found:
            found.append(regulation)
    return found
