"""The citation grammar: the regular expressions that find citations (the scan), read
their parts (the parse) and the provisions around them, and reject look-alikes by
construction (a name needs a number and a year, Dirjen instruments need a DJP unit, a
citation starts and ends at a word boundary).
"""

from __future__ import annotations

import re

from regulations.citations.vocabulary import ALIAS_TABLE

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

STATUTE_HEADS = {
    "PERPPU": [_PERPPU_LONG, "perp?pu"],
    "PP": ["peraturan" + _GAP + "pemerintah", "pp"],
    "PERPRES": ["peraturan" + _GAP + "presiden", "perpres"],
    "UU": [_UNDANG, "uu"],
}
MOF_HEADS = {
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
DJP_HEADS = {
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
    for label, ((alias_type, _number, _year), spellings) in ALIAS_TABLE.items():
        if alias_type == kind:
            for spelling in spellings:
                index[" ".join(spelling.lower().split())] = label
    ordered = sorted(index, key=len, reverse=True)
    pattern = "|".join(_GAP.join(map(re.escape, s.split())) for s in ordered)
    return pattern, index


ALIAS_INDEX: dict[str, dict[str, str]] = {}
_ALIAS_NAMES: dict[str, str] = {}
for _kind in _ALIAS_HEADS:
    _ALIAS_NAMES[_kind], ALIAS_INDEX[_kind] = _alias_index(_kind)


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
# The matcher fullmatches it on each span that the faster `SCAN_RE` found.
_FAMILIES = [
    (
        "STATUTE",
        "(?:" + _one_of("s_", STATUTE_HEADS) + ")" + _NOT_LETTER + _SEP + _plain("s_"),
    ),
    (
        "MOF",
        "(?:"
        + _one_of("m_", MOF_HEADS)
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
        + _one_of("d_", DJP_HEADS)
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
PARSE_RE = re.compile(
    "|".join(f"(?P<{name}>{_START}(?:{body}))" for name, body in _FAMILIES), re.ASCII
)


def _anonymous(pattern: str) -> str:
    return re.sub(r"\(\?P<\w+>", "(?:", pattern)


def _scan_pattern() -> str:
    """The same grammar as `PARSE_RE`, without groups, as branches keyed by first char."""
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
        ("STATUTE", STATUTE_HEADS),
        ("MOF", MOF_HEADS),
        ("DJP", DJP_HEADS),
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


SCAN_RE = re.compile(_anonymous(_scan_pattern()), re.ASCII)

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
PROVISION_BEFORE_RE = re.compile(
    r"p(?<![a-z0-9_].)(?:asal|s\.)"
    + _PROVISION_REST
    + _ws(1, 3)
    + "(?:dari"
    + _ws(1, 3)
    + r")?\Z",
    re.ASCII,
)
# A provision just after a citation ("PMK 81/2024 Pasal 12").
PROVISION_AFTER_RE = re.compile(
    _ws(1, 3) + r"(?:pasal|ps\.)" + _PROVISION_REST, re.ASCII
)
# What may separate a provision from the citation it belongs to.
PROVISION_GAP_RE = re.compile(_ws(1, 3) + "(?:dari" + _ws(1, 3) + ")?", re.ASCII)
PART_RE = re.compile(r"(ayat|huruf|angka|butir)[^0-9a-z]*([0-9]+[a-z]?|[a-z]+)")
DIGITS_RE = re.compile("[0-9]+", re.ASCII)
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")

UNIT_RES = {
    "PMK": re.compile(r"PMK(?:\.[0-9]{1,4}){0,3}", re.ASCII),
    "KMK": re.compile(r"KMK(?:\.[0-9]{1,4}){0,3}", re.ASCII),
    "DJP": re.compile(r"PJ(?:\.[0-9]{1,4}){0,3}", re.ASCII),
}


def lowered(text: str) -> str:
    """Lower-case `text` without moving any offset: the copy the patterns run on."""
    low = text.lower()
    if len(low) != len(text):  # a few non-ASCII letters lower-case to two characters
        low = text.translate(_ASCII_LOWER)
    return low
