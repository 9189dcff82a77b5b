"""Find Indonesian regulation citations (UU, PP, PMK, PER Dirjen Pajak, …) in free text.

Pure Python, no database: the registry and the ``citations`` command build on
:func:`find_citations`, :func:`parse_one` and :attr:`Citation.key`.

Recognised forms (any letter case, stray spaces, "Nomor"/"Nomer"/"No."/"Nr."):

* long names: "Peraturan Menteri Keuangan Nomor 81 Tahun 2024", "Undang-Undang
  Republik Indonesia Nomor 7 Tahun 2021", "Peraturan Direktur Jenderal Pajak Nomor
  PER-04/PJ/2020", "Keputusan Menteri Keuangan Nomor 543/KMK.03/2002";
* short names: "PMK 81/2024", "PMK No. 81 Th. 2024", "UU 7/2021", "Perpu 1/2020",
  "PP 9 Tahun 2021", "Perdirjen Pajak PER-…";
* numbers that carry their issuer: "23/PMK.03/2020", "PMK-23/PMK.03/2020",
  "PER-04/PJ/2020", "KEP-161/PJ./2001", "SE-27/PJ/2020", "ND-630/PJ.09/2020";
* statute aliases ("UU KUP", "UU HPP", "Undang-Undang Pajak Penghasilan", …), see
  :data:`ALIASES`;
* a provision written just before or just after a citation ("Pasal 4 ayat (2)
  huruf a UU PPh", "PMK 81/2024 Pasal 12") becomes ``Citation.provision``.

Decisions (documented for the registry):

* The natural key is ``(type, number, year)``; the unit code ("PMK.03", "PJ.09") is
  kept as an attribute, normalised to upper case without a trailing dot.
* Dirjen instruments (PER, KEP, SE, ND) are recognised only with a DJP unit ("PJ",
  "PJ.nn"): other directorates (BC, PB, …) and regional offices (WPJ) number their
  instruments in their own sequences, and would collide with DJP keys.
* Aliases map to the ORIGINAL act: "UU KUP" is UU 6/1983 even though UU 7/2021 last
  amended it; resolving "as amended on a date" is the registry's job.
  "UU Cipta Kerja" is UU 11/2020; "Perppu Cipta Kerja" is Perppu 2/2022 (which
  revoked UU 11/2020 and was itself enacted by UU 6/2023).
* When an alias is followed by an explicit number ("UU PPh Nomor 36 Tahun 2008"),
  the number wins and ``alias`` records the name used.
* An explicit issuer in the number wins over the name in front of it:
  "Peraturan Dirjen Pajak Nomor SE-27/PJ/2020" is an SE, "PMK Nomor 543/KMK.03/2002"
  a KMK.
* "UU Bea Meterai" is UU 10/2020, which replaced (did not amend) UU 13/1985.
* Canonical form (``Citation.canonical()``), read back by ``parse_one`` to the same key
  and unit: "UU 7/2021", "Perppu 1/2020", "PP 55/2022", "Perpres 12/2025",
  "23/PMK.03/2020" (or "PMK 81/2024" without a unit), "543/KMK.03/2002" (or
  "KMK 12/2024"), "PER-4/PJ/2020", "KEP-161/PJ/2001", "SE-27/PJ/2020",
  "ND-630/PJ.09/2020". Numbers lose their zero padding; unit codes keep theirs.
* Not citations: a bare number and year ("Nomor 81 Tahun 2024"), a name without year
  ("PMK 81", "PP 23", "PPh Pasal 21"), a provision alone ("Pasal 21"), drafts ("RUU",
  "RPMK"), Lembaran Negara references, and lists that share one name ("UU Nomor 6, 7,
  dan 8 Tahun 1983" yields only what the grammar can attach a name to: nothing).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

__all__ = [
    "ALIASES",
    "TYPE_LABELS",
    "Citation",
    "canonical_key",
    "find_citations",
    "parse_one",
]

TYPE_LABELS: dict[str, str] = {
    "UU": "Undang-Undang",
    "PERPPU": "Peraturan Pemerintah Pengganti Undang-Undang",
    "PP": "Peraturan Pemerintah",
    "PERPRES": "Peraturan Presiden",
    "PMK": "Peraturan Menteri Keuangan",
    "KMK": "Keputusan Menteri Keuangan",
    "PER": "Peraturan Direktur Jenderal Pajak",
    "KEP": "Keputusan Direktur Jenderal Pajak",
    "SE": "Surat Edaran Direktur Jenderal Pajak",
    "ND": "Nota Dinas",
}

# Label used in the canonical short form of the statute types.
_SHORT_NAMES = {"UU": "UU", "PERPPU": "Perppu", "PP": "PP", "PERPRES": "Perpres"}
_STATUTE_TYPES = frozenset(_SHORT_NAMES)
_MOF_TYPES = frozenset({"PMK", "KMK"})
_DJP_TYPES = frozenset({"PER", "KEP", "SE", "ND"})

# Alias label -> (type, number, year) of the ORIGINAL act, plus the spellings people use
# after "UU"/"Undang-Undang" (or "Perppu"). Sources: the acts' own titles on
# peraturan.bpk.go.id.
_ALIAS_TABLE: dict[str, tuple[tuple[str, int, int], tuple[str, ...]]] = {
    "UU KUP": (
        ("UU", 6, 1983),
        ("KUP", "Ketentuan Umum dan Tata Cara Perpajakan"),
    ),
    "UU PPh": (("UU", 7, 1983), ("PPh", "Pajak Penghasilan")),
    "UU PPN": (
        ("UU", 8, 1983),
        (
            "PPN",
            "PPN dan PPnBM",
            "PPN & PPnBM",
            "PPN dan PPN BM",
            "Pajak Pertambahan Nilai",
            "Pajak Pertambahan Nilai Barang dan Jasa dan Pajak Penjualan atas Barang Mewah",
        ),
    ),
    "UU PBB": (("UU", 12, 1985), ("PBB", "Pajak Bumi dan Bangunan")),
    "UU BPHTB": (
        ("UU", 21, 1997),
        ("BPHTB", "Bea Perolehan Hak atas Tanah dan Bangunan"),
    ),
    "UU PPSP": (("UU", 19, 1997), ("PPSP", "Penagihan Pajak dengan Surat Paksa")),
    "UU Pengadilan Pajak": (("UU", 14, 2002), ("Pengadilan Pajak",)),
    "UU PDRD": (("UU", 28, 2009), ("PDRD", "Pajak Daerah dan Retribusi Daerah")),
    "UU Pengampunan Pajak": (
        ("UU", 11, 2016),
        ("Pengampunan Pajak", "Tax Amnesty"),
    ),
    "UU Bea Meterai": (("UU", 10, 2020), ("Bea Meterai", "Bea Materai")),
    "UU Cipta Kerja": (("UU", 11, 2020), ("Cipta Kerja", "Ciptaker")),
    "UU HPP": (("UU", 7, 2021), ("HPP", "Harmonisasi Peraturan Perpajakan")),
    "UU HKPD": (
        ("UU", 1, 2022),
        (
            "HKPD",
            "Hubungan Keuangan antara Pemerintah Pusat dan Pemerintahan Daerah",
        ),
    ),
    "UU P2SK": (
        ("UU", 4, 2023),
        ("P2SK", "Pengembangan dan Penguatan Sektor Keuangan"),
    ),
    "UU Kepabeanan": (("UU", 10, 1995), ("Kepabeanan",)),
    "UU Cukai": (("UU", 11, 1995), ("Cukai",)),
    "Perppu Cipta Kerja": (("PERPPU", 2, 2022), ("Cipta Kerja", "Ciptaker")),
}

ALIASES: dict[str, tuple[str, int, int]] = {
    label: key for label, (key, _spellings) in _ALIAS_TABLE.items()
}

# --- regular expressions -------------------------------------------------------------
# Patterns are lower case and run on a lower-cased copy of the text: without
# re.IGNORECASE, the engine can skip every position whose first character cannot start
# a citation, and reject most others on the second character. Every quantifier is
# bounded and possessive, so a failed attempt costs a constant number of steps and the
# scan stays linear even on adversarial input.

_WSC = "[ \\t\\r\\n\\f\\v\\xa0\\u2007\\u202f]"


def _ws(low: int, high: int) -> str:
    return _WSC + "{" + str(low) + "," + str(high) + "}+"


_GAP = _ws(1, 6)
_OPT = _ws(0, 3)
_START = "(?<![a-z0-9_])"
_NOT_LETTER = "(?![a-z])"
_NOT_WORD = "(?![a-z0-9_])"
_DASH = "[-\u2013\u2014]"
_YEAR = "(?:19(?:4[5-9]|[5-9][0-9])|20[0-9][0-9])" + _NOT_WORD  # 1945-2099
_NOMOR = r"(?:nomor|nomer|nmr\.?|no\.|no(?![a-z])|nr\.)"
_UNDANG = "undang" + _OPT + _DASH + "?" + _OPT + "undang"
_PERPPU_LONG = "peraturan" + _GAP + "pemerintah" + _GAP + "pengganti" + _GAP + _UNDANG
_DIRJEN = (
    "(?:(?:direktur" + _GAP + "jenderal|dirjen|ditjen)(?:" + _GAP + "pajak)?+|djp)"
)

# Between the name of the instrument and its number: "(PMK)", "Republik Indonesia",
# "Nomor :", a dash.
_SEP = (
    "(?:" + _ws(0, 6) + r"\(" + _OPT + "[a-z]{2,10}+" + _OPT + r"\))?"
    "(?:" + _ws(1, 6) + "(?:republik" + _GAP + "indonesia|ri)" + _NOT_WORD + ")?"
    "(?:" + _ws(0, 6) + _NOMOR + _OPT + ":?)?" + _ws(0, 6) + "(?:" + _DASH + _OPT + ")?"
)


def _plain(p: str) -> str:
    """'81/2024', '81 Tahun 2024', '81 Th. 2024'."""
    return (
        f"(?P<{p}num>[0-9]{{1,4}}+)(?:"
        + _OPT
        + "/"
        + _OPT
        + "|"
        + _OPT
        + r"(?:tahun|thn\.?|th\.?)"
        + _OPT
        + f")(?P<{p}year>{_YEAR})"
    )


def _unit_tail(p: str, unit: str) -> str:
    """What follows the number in '23/PMK.03/2020' or '04/PJ/2020'."""
    return (
        _OPT
        + "/"
        + _OPT
        + f"(?P<{p}unit>{unit}(?:[ ]?\\.[ ]?[0-9]{{1,4}}+){{0,3}}+\\.?)"
        + _OPT
        + "/"
        + _OPT
        + f"(?P<{p}year>{_YEAR})"
    )


def _with_unit(p: str, unit: str) -> str:
    return f"(?P<{p}num>[0-9]{{1,4}}+)" + _unit_tail(p, unit)


_MOF_UNIT = "[pk]mk"
_DJP_UNIT = "pj"
_DJP_PREFIXES = ("per", "kep", "se", "nd")
_DJP_PREFIX_TAIL = _OPT + _DASH + "?" + _OPT  # "PER-", "PER - ", "PER "

_STATUTE_HEADS = {
    "PERPPU": [_PERPPU_LONG, "perp?pu"],
    "PP": ["peraturan" + _GAP + "pemerintah", "pp"],
    "PERPRES": ["peraturan" + _GAP + "presiden", "perpres"],
    "UU": [_UNDANG, "uu"],
}
_MOF_HEADS = {
    "PMK": [
        "peraturan" + _GAP + "menteri" + _GAP + "keuangan",
        "peraturan" + _GAP + "menkeu",
        "permenkeu",
        "pmk",
    ],
    "KMK": [
        "keputusan" + _GAP + "menteri" + _GAP + "keuangan",
        "keputusan" + _GAP + "menkeu",
        "kepmenkeu",
        "kmk",
    ],
}
_DJP_HEADS = {
    "PER": [
        "peraturan" + _GAP + _DIRJEN,
        "perdirjen(?:" + _GAP + "pajak)?+",
        "per" + _GAP + _DIRJEN,
    ],
    "KEP": [
        "keputusan" + _GAP + _DIRJEN,
        "kepdirjen(?:" + _GAP + "pajak)?+",
        "kep" + _GAP + _DIRJEN,
    ],
    "SE": [
        "surat" + _GAP + "edaran(?:" + _GAP + _DIRJEN + ")?+",
        "se" + _GAP + _DIRJEN,
    ],
    "ND": ["nota" + _GAP + "dinas(?:" + _GAP + _DIRJEN + ")?+"],
}
_ALIAS_HEADS = {"UU": [_UNDANG, "uu"], "PERPPU": [_PERPPU_LONG, "perp?pu"]}


def _alias_index(kind: str) -> tuple[str, dict[str, str]]:
    """Alternation of the spellings for `kind` (longest first) and spelling -> label."""
    index: dict[str, str] = {}
    for label, ((alias_type, _number, _year), spellings) in _ALIAS_TABLE.items():
        if alias_type == kind:
            for spelling in spellings:
                index[" ".join(spelling.lower().split())] = label
    ordered = sorted(index, key=len, reverse=True)
    pattern = "|".join(_GAP.join(map(re.escape, s.split())) for s in ordered)
    return pattern, index


_ALIAS_INDEX: dict[str, dict[str, str]] = {}
_ALIAS_NAMES: dict[str, str] = {}
for _kind in _ALIAS_HEADS:
    _ALIAS_NAMES[_kind], _ALIAS_INDEX[_kind] = _alias_index(_kind)


def _alias_tail(kind: str) -> str:
    """' HPP', ' tentang Pajak Penghasilan', ' PPh Nomor 36 Tahun 2008'."""
    return (
        _GAP
        + "(?:tentang"
        + _GAP
        + f")?(?P<a_{kind}>{_ALIAS_NAMES[kind]})"
        + _NOT_WORD
        + "(?:"
        + _ws(0, 6)
        + _NOMOR
        + _OPT
        + ":?"
        + _OPT
        + _plain(f"a{kind}_")
        + ")?"
    )


def _one_of(prefix: str, heads: dict[str, list[str]]) -> str:
    return "|".join(
        f"(?P<{prefix}{kind}>" + "|".join(forms) + ")" for kind, forms in heads.items()
    )


# The parsing pattern: one named group per family, with the parts as named groups.
# `_describe` fullmatches it on each span that the faster `_SCAN_RE` found.
_FAMILIES = [
    (
        "STATUTE",
        "(?:" + _one_of("s_", _STATUTE_HEADS) + ")" + _NOT_LETTER + _SEP + _plain("s_"),
    ),
    (
        "MOF",
        "(?:"
        + _one_of("m_", _MOF_HEADS)
        + ")"
        + _NOT_LETTER
        + _SEP
        + "(?:"
        + _with_unit("mu_", _MOF_UNIT)
        + "|"
        + _plain("mp_")
        + ")",
    ),
    (
        "DJP",
        "(?:"
        + _one_of("d_", _DJP_HEADS)
        + ")"
        + _NOT_LETTER
        + _SEP
        + "(?:(?P<d_pre>"
        + "|".join(_DJP_PREFIXES)
        + ")"
        + _DJP_PREFIX_TAIL
        + ")?"
        + _with_unit("d_", _DJP_UNIT),
    ),
    (
        "ALIAS",
        "|".join(
            "(?:" + "|".join(forms) + ")" + _alias_tail(kind)
            for kind, forms in _ALIAS_HEADS.items()
        ),
    ),
    (
        "DJP_ID",
        "(?P<i_pre>"
        + "|".join(_DJP_PREFIXES)
        + ")"
        + _DJP_PREFIX_TAIL
        + _with_unit("i_", _DJP_UNIT),
    ),
    ("MOF_ID", _with_unit("j_", _MOF_UNIT)),
]
_PARSE_RE = re.compile(
    "|".join(f"(?P<{name}>{_START}(?:{body}))" for name, body in _FAMILIES), re.ASCII
)


def _anonymous(pattern: str) -> str:
    return re.sub(r"\(\?P<\w+>", "(?:", pattern)


def _scan_pattern() -> str:
    """The same grammar as `_PARSE_RE`, without groups, as branches keyed by first char."""
    branches: list[str] = []
    tails = {
        "STATUTE": _NOT_LETTER + _SEP + _plain(""),
        "MOF": _NOT_LETTER
        + _SEP
        + "(?:"
        + _with_unit("u", _MOF_UNIT)
        + "|"
        + _plain("")
        + ")",
        "DJP": _NOT_LETTER
        + _SEP
        + "(?:(?:"
        + "|".join(_DJP_PREFIXES)
        + ")"
        + _DJP_PREFIX_TAIL
        + ")?"
        + _with_unit("", _DJP_UNIT),
    }
    for family, heads in (
        ("STATUTE", _STATUTE_HEADS),
        ("MOF", _MOF_HEADS),
        ("DJP", _DJP_HEADS),
    ):
        branches += [form + tails[family] for forms in heads.values() for form in forms]
    for kind, forms in _ALIAS_HEADS.items():
        branches += [form + _alias_tail(kind) for form in forms]
    branches += [
        prefix + _DJP_PREFIX_TAIL + _with_unit("", _DJP_UNIT)
        for prefix in _DJP_PREFIXES
    ]
    branches += [
        digit + "[0-9]{0,3}+" + _unit_tail("", _MOF_UNIT) for digit in "0123456789"
    ]
    by_first: dict[str, list[str]] = {}
    for branch in branches:
        first = branch[0]
        if not ("a" <= first <= "z" or "0" <= first <= "9"):
            raise ValueError(f"scan branch must start with a literal: {branch[:20]!r}")
        by_first.setdefault(first, []).append(branch[1:])
    # The boundary check comes after the first character so that every top-level
    # branch starts with a literal (see the module comment above).
    return "|".join(
        f"{first}(?<![a-z0-9_].)(?:{'|'.join(rests)})"
        for first, rests in by_first.items()
    )


_SCAN_RE = re.compile(_anonymous(_scan_pattern()), re.ASCII)

_PROVISION_REST = (
    _ws(1, 3)
    + "(?P<pasal>[0-9]{1,3}+[a-z]{0,2}+|[ivxlc]{1,7}+)"
    + _NOT_WORD
    + "(?P<parts>(?:"
    + _ws(1, 3)
    + "(?:ayat"
    + _OPT
    + r"(?:\("
    + _OPT
    + "[0-9]{1,3}+[a-z]?"
    + _OPT
    + r"\)|[0-9]{1,3}+[a-z]?"
    + _NOT_WORD
    + ")|huruf"
    + _ws(1, 3)
    + "[a-z]{1,2}+"
    + _NOT_WORD
    + "|(?:angka|butir)"
    + _ws(1, 3)
    + "[0-9]{1,3}+[a-z]?"
    + _NOT_WORD
    + ")){0,6}+)"
)
# A provision ending just before a citation ("Pasal 4 ayat (2) huruf a [dari] UU PPh").
_PROVISION_BEFORE_RE = re.compile(
    r"p(?<![a-z0-9_].)(?:asal|s\.)"
    + _PROVISION_REST
    + _ws(1, 3)
    + "(?:dari"
    + _ws(1, 3)
    + r")?\Z",
    re.ASCII,
)
# A provision just after a citation ("PMK 81/2024 Pasal 12").
_PROVISION_AFTER_RE = re.compile(
    _ws(1, 3) + r"(?:pasal|ps\.)" + _PROVISION_REST, re.ASCII
)
# What may separate a provision from the citation it belongs to.
_PROVISION_GAP_RE = re.compile(_ws(1, 3) + "(?:dari" + _ws(1, 3) + ")?", re.ASCII)
_PART_RE = re.compile(r"(ayat|huruf|angka|butir)[^0-9a-z]*([0-9]+[a-z]?|[a-z]+)")
_DIGITS_RE = re.compile("[0-9]+", re.ASCII)
# How far back a provision may start; the longest realistic one is ~45 characters.
_LOOKBACK = 120
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")

_UNIT_RES = {
    "PMK": re.compile(r"PMK(?:\.[0-9]{1,4}){0,3}", re.ASCII),
    "KMK": re.compile(r"KMK(?:\.[0-9]{1,4}){0,3}", re.ASCII),
    "DJP": re.compile(r"PJ(?:\.[0-9]{1,4}){0,3}", re.ASCII),
}
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
        if self.type in _STATUTE_TYPES:
            if self.unit is not None:
                raise ValueError(
                    f"A {self.type} citation has no unit code; got {self.unit!r}."
                )
        elif self.type in _MOF_TYPES:
            if self.unit is not None and not _UNIT_RES[self.type].fullmatch(self.unit):
                raise ValueError(
                    f"Unit {self.unit!r} does not fit a {self.type}; "
                    f"write it like '{self.type}.03' or leave it empty."
                )
        elif self.unit is None or not _UNIT_RES["DJP"].fullmatch(self.unit):
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
        if self.type in _DJP_TYPES:
            return f"{self.type}-{self.number}/{self.unit}/{self.year}"
        if self.type in _MOF_TYPES:
            if self.unit:
                return f"{self.number}/{self.unit}/{self.year}"
            return f"{self.type} {self.number}/{self.year}"
        return f"{_SHORT_NAMES[self.type]} {self.number}/{self.year}"


# (type, number, year, unit, alias) of one citation, before its provision is attached.
_Parts = tuple[str, int, int, str | None, str | None]


def _head_kind(match: re.Match[str], prefix: str, kinds: dict[str, list[str]]) -> str:
    for kind in kinds:
        if match.start(prefix + kind) != -1:
            return kind
    raise AssertionError("the family matched without a head")  # pragma: no cover


def _unit(raw: str, family: str) -> str:
    """'pj.' -> 'PJ', 'pmk. 03' -> 'PMK.03' (zero padding kept)."""
    return ".".join([family, *_DIGITS_RE.findall(raw)])


@functools.lru_cache(maxsize=4096)
def _describe(span: str) -> _Parts | None:
    """Read a lower-cased span found by the scan; cached, as texts repeat citations."""
    match = _PARSE_RE.fullmatch(span)
    if match is None:  # pragma: no cover - the scan and this pattern share a grammar
        return None
    family = match.lastgroup
    unit: str | None = None
    alias: str | None = None
    if family == "STATUTE":
        kind = _head_kind(match, "s_", _STATUTE_HEADS)
        number, year = match["s_num"], match["s_year"]
    elif family == "MOF":
        kind = _head_kind(match, "m_", _MOF_HEADS)
        if match["mu_num"] is not None:
            # The unit names the issuer: "PMK Nomor 543/KMK.03/2002" is a KMK.
            kind = match["mu_unit"][0].upper() + "MK"
            unit = _unit(match["mu_unit"], kind)
            number, year = match["mu_num"], match["mu_year"]
        else:
            number, year = match["mp_num"], match["mp_year"]
    elif family == "DJP":
        kind = _head_kind(match, "d_", _DJP_HEADS)
        if match["d_pre"] is not None:
            kind = match["d_pre"].upper()
        unit = _unit(match["d_unit"], "PJ")
        number, year = match["d_num"], match["d_year"]
    elif family == "ALIAS":
        kind = "UU" if match.start("a_UU") != -1 else "PERPPU"
        alias = _ALIAS_INDEX[kind][" ".join(match["a_" + kind].split())]
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
    for kind, value in _PART_RE.findall(parts):
        words.append(f"ayat ({value})" if kind == "ayat" else f"{kind} {value}")
    return " ".join(words)


def _lower(text: str) -> str:
    """Lower-case `text` without moving any offset."""
    low = text.lower()
    if len(low) != len(text):  # a few non-ASCII letters lower-case to two characters
        low = text.translate(_ASCII_LOWER)
    return low


def find_citations(text: str) -> list[Citation]:
    """All citations in `text`, in order and non-overlapping, with their provisions."""
    low = _lower(text)
    cores = [
        (span.start(), span.end(), parts)
        for span in _SCAN_RE.finditer(low)
        if (parts := _describe(span.group()))
    ]
    citations: list[Citation] = []
    previous_end = 0
    for index, (start, end, (kind, number, year, unit, alias)) in enumerate(cores):
        provision = None
        before = _PROVISION_BEFORE_RE.search(
            low, max(previous_end, start - _LOOKBACK), start
        )
        if before:
            start = before.start()
            provision = _normalise_provision(before["pasal"], before["parts"])
        elif after := _PROVISION_AFTER_RE.match(low, end):
            following = cores[index + 1][0] if index + 1 < len(cores) else None
            gap = _PROVISION_GAP_RE.match(low, after.end())
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
