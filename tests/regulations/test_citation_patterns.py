"""The citation grammar: the fast scan and the parsing pattern agree, and no input
makes the patterns backtrack catastrophically."""

import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from regulations.citations import find_citations
from regulations.citations.patterns import PARSE_RE, SCAN_RE, lowered
from tests.regulations.citation_cases import TOKENS


@given(st.lists(st.sampled_from(TOKENS), max_size=30).map("".join))
def test_scan_spans_always_parse(text):
    """The fast scan and the parsing pattern share one grammar; none is ever dropped."""
    low = lowered(text)
    for span in SCAN_RE.finditer(low):
        assert PARSE_RE.fullmatch(span.group()) is not None


ADVERSARIAL = {
    "spaces": " " * 200_000,
    "pmk-heads": "PMK " * 50_000,
    "long-pmk-heads": "Peraturan Menteri Keuangan Nomor " * 8_000,
    "undang-undang-heads": "Undang-Undang " * 15_000,
    "provision-chain": "Pasal 1 ayat (1) huruf a " * 8_000 + "UU PPh",
    "number-slashes": "1/" * 100_000,
    "per-prefixes": "PER-" * 50_000,
    "almost-djp-numbers": "PER-1/PJ.1.1.1" * 15_000,
    "alias-without-number": "UU PPh Nomor " * 15_000,
    "almost-pmk-numbers": "23/PMK.03/" * 20_000,
    "head-far-from-number": "PMK" + " " * 100_000 + "81/2024",
    "parentheses": "(" * 100_000,
}


@pytest.mark.parametrize("text", ADVERSARIAL.values(), ids=ADVERSARIAL.keys())
def test_find_citations_has_no_catastrophic_backtracking(text):
    """A guard, not a speed target: linear work takes milliseconds, backtracking hours."""
    started = time.perf_counter()
    find_citations(text)
    assert time.perf_counter() - started < 5.0
