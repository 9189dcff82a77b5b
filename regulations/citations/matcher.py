"""The matcher: reads the citations in a text with the grammar of
regulations.citations.patterns, attaches the provision written next to each, and checks
every citation it builds."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from regulations.citations.patterns import (
    ALIAS_INDEX,
    DIGITS_RE,
    DJP_HEADS,
    MOF_HEADS,
    PARSE_RE,
    PART_RE,
    PROVISION_AFTER_RE,
    PROVISION_BEFORE_RE,
    PROVISION_GAP_RE,
    SCAN_RE,
    STATUTE_HEADS,
    UNIT_RES,
    lowered,
)
from regulations.citations.vocabulary import (
    ALIASES,
    DJP_TYPES,
    MOF_TYPES,
    SHORT_NAMES,
    STATUTE_TYPES,
    TYPE_LABELS,
)

# How far back a provision may start: well beyond any provision written in practice.
_LOOKBACK = 120
# Characters `parse_one` tolerates around the single citation it accepts.
_IGNORABLE = " \t\r\n\f\v\xa0.,;:()[]\"'"


@dataclass(frozen=True, slots=True)
class Citation:
    """One regulation citation found in a text; `text[start:end]` is what was written."""

    start: int
    end: int
    text: str
    type: str
    number: int
    year: int
    unit: str | None = None
    provision: str | None = None
    alias: str | None = None

    def __post_init__(self) -> None:
        if self.type not in TYPE_LABELS:
            raise ValueError(
                f"Unknown regulation type {self.type!r}; use one of {', '.join(TYPE_LABELS)}."
            )
        if not 1 <= self.number <= 9999:
            raise ValueError(
                f"Regulation number {self.number} is out of range; use 1 to 9999."
            )
        if not 1945 <= self.year <= 2099:
            raise ValueError(
                f"Regulation year {self.year} is out of range; use 1945 to 2099."
            )
        if self.type in STATUTE_TYPES:
            if self.unit is not None:
                raise ValueError(
                    f"A {self.type} citation has no unit code; got {self.unit!r}."
                )
        elif self.type in MOF_TYPES:
            if self.unit is not None and not UNIT_RES[self.type].fullmatch(self.unit):
                raise ValueError(
                    f"Unit {self.unit!r} does not fit a {self.type}; "
                    f"write it like '{self.type}.03' or leave it empty."
                )
        elif self.unit is None or not UNIT_RES["DJP"].fullmatch(self.unit):
            raise ValueError(
                f"A {self.type} citation needs a DJP unit like 'PJ' or 'PJ.09'; "
                f"got {self.unit!r}."
            )

    @property
    def key(self) -> tuple[str, int, int]:
        """The registry's natural key: (type, number, year)."""
        return (self.type, self.number, self.year)

    def canonical(self) -> str:
        """Short form that `parse_one` reads back to the same key and unit.

        "UU 7/2021", "Perppu 1/2020", "PP 55/2022", "Perpres 12/2025",
        "23/PMK.03/2020" or "PMK 81/2024", "543/KMK.03/2002" or "KMK 12/2024",
        "PER-4/PJ/2020", "SE-27/PJ/2020", "ND-630/PJ.09/2020" (numbers unpadded).
        """
        if self.type in DJP_TYPES:
            return f"{self.type}-{self.number}/{self.unit}/{self.year}"
        if self.type in MOF_TYPES:
            if self.unit:
                return f"{self.number}/{self.unit}/{self.year}"
            return f"{self.type} {self.number}/{self.year}"
        return f"{SHORT_NAMES[self.type]} {self.number}/{self.year}"


# (type, number, year, unit, alias) of one citation, before its provision is attached.
_Parts = tuple[str, int, int, str | None, str | None]


def _head_kind(match: re.Match[str], prefix: str, kinds: dict[str, list[str]]) -> str:
    for kind in kinds:
        if match.start(prefix + kind) != -1:
            return kind
    raise AssertionError("the family matched without a head")  # pragma: no cover


def _unit(raw: str, family: str) -> str:
    """'pj.' -> 'PJ', 'pmk. 03' -> 'PMK.03' (zero padding kept)."""
    return ".".join([family, *DIGITS_RE.findall(raw)])


@functools.lru_cache(maxsize=4096)
def _describe(span: str) -> _Parts | None:
    """Read a lower-cased span found by the scan; cached, as texts repeat citations."""
    match = PARSE_RE.fullmatch(span)
    if match is None:  # pragma: no cover - the scan and this pattern share a grammar
        return None
    family = match.lastgroup
    unit: str | None = None
    alias: str | None = None
    if family == "STATUTE":
        kind = _head_kind(match, "s_", STATUTE_HEADS)
        number, year = match["s_num"], match["s_year"]
    elif family == "MOF":
        kind = _head_kind(match, "m_", MOF_HEADS)
        if match["mu_num"] is not None:
            # The unit names the issuer: "PMK Nomor 543/KMK.03/2002" is a KMK.
            kind = match["mu_unit"][0].upper() + "MK"
            unit = _unit(match["mu_unit"], kind)
            number, year = match["mu_num"], match["mu_year"]
        else:
            number, year = match["mp_num"], match["mp_year"]
    elif family == "DJP":
        kind = _head_kind(match, "d_", DJP_HEADS)
        if match["d_pre"] is not None:
            kind = match["d_pre"].upper()
        unit = _unit(match["d_unit"], "PJ")
        number, year = match["d_num"], match["d_year"]
    elif family == "ALIAS":
        kind = "UU" if match.start("a_UU") != -1 else "PERPPU"
        alias = ALIAS_INDEX[kind][" ".join(match["a_" + kind].split())]
        _type, default_number, default_year = ALIASES[alias]
        if match[f"a{kind}_num"] is not None:
            number, year = match[f"a{kind}_num"], match[f"a{kind}_year"]
        else:
            number, year = str(default_number), str(default_year)
    elif family == "DJP_ID":
        kind = match["i_pre"].upper()
        unit = _unit(match["i_unit"], "PJ")
        number, year = match["i_num"], match["i_year"]
    else:  # MOF_ID
        kind = match["j_unit"][0].upper() + "MK"
        unit = _unit(match["j_unit"], kind)
        number, year = match["j_num"], match["j_year"]
    if int(number) == 0:
        return None
    return kind, int(number), int(year), unit, alias


def _normalise_provision(pasal: str, parts: str) -> str:
    """'pasal 4 ayat(2) huruf a' -> 'Pasal 4 ayat (2) huruf a'."""
    words = [f"Pasal {pasal.upper()}"]
    for kind, value in PART_RE.findall(parts):
        words.append(f"ayat ({value})" if kind == "ayat" else f"{kind} {value}")
    return " ".join(words)


def find_citations(text: str) -> list[Citation]:
    """All citations in `text`, in order and non-overlapping, with their provisions."""
    low = lowered(text)
    cores = [
        (span.start(), span.end(), parts)
        for span in SCAN_RE.finditer(low)
        if (parts := _describe(span.group()))
    ]
    citations: list[Citation] = []
    previous_end = 0
    for index, (start, end, (kind, number, year, unit, alias)) in enumerate(cores):
        provision = None
        before = PROVISION_BEFORE_RE.search(
            low, max(previous_end, start - _LOOKBACK), start
        )
        if before:
            start = before.start()
            provision = _normalise_provision(before["pasal"], before["parts"])
        elif after := PROVISION_AFTER_RE.match(low, end):
            following = cores[index + 1][0] if index + 1 < len(cores) else None
            gap = PROVISION_GAP_RE.match(low, after.end())
            # A provision directly followed by the next citation belongs to that one.
            if following is None or (
                after.end() <= following and not (gap and gap.end() == following)
            ):
                end = after.end()
                provision = _normalise_provision(after["pasal"], after["parts"])
        # Positional arguments: measurably faster than keywords in this hot loop.
        citations.append(
            Citation(
                start, end, text[start:end], kind, number, year, unit, provision, alias
            )
        )
        previous_end = end
    return citations


def parse_one(text: str) -> Citation | None:
    """The one citation that makes up `text` (spaces and punctuation aside), else None.

    Strict on purpose, for importers: "PMK-23/PMK.03/2020" parses, while "see PMK
    81/2024" or two citations give None; use `find_citations` for running text.
    """
    citations = find_citations(text)
    if len(citations) != 1:
        return None
    citation = citations[0]
    if text[: citation.start].strip(_IGNORABLE) or text[citation.end :].strip(
        _IGNORABLE
    ):
        return None
    return citation


def canonical_key(text: str) -> tuple[str, int, int] | None:
    """(type, number, year) of the single citation in `text`, or None."""
    citation = parse_one(text)
    return citation.key if citation else None
