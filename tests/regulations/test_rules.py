"""Status as at a date, on pure facts (no database): boundary days around every event."""

from datetime import date, timedelta

import pytest

from regulations.choices import RegulationStatus as S
from regulations.choices import RelationType as R
from regulations.rules import (
    Incoming,
    StatusFacts,
    StatusReason,
    chain_phrase,
    creates_cycle,
    is_in_force,
    next_change_after,
    revoked_provisions,
    status_on,
    status_reason,
)

DAY = timedelta(days=1)
START = date(2020, 4, 1)
AMENDED = date(2020, 8, 14)
REVOKED = date(2021, 2, 1)


def facts(*incoming, effective_on=START, ends_on=None):
    return StatusFacts(effective_on=effective_on, ends_on=ends_on, incoming=incoming)


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (START - DAY, S.NOT_YET),
        (START, S.IN_FORCE),
        (AMENDED - DAY, S.IN_FORCE),
        (AMENDED, S.AMENDED),
        (AMENDED + DAY, S.AMENDED),
        (REVOKED - DAY, S.AMENDED),
        (REVOKED, S.REVOKED),
        (REVOKED + DAY, S.REVOKED),
    ],
)
def test_status_on_follows_amendment_then_revocation(on, expected):
    f = facts(
        Incoming(kind=R.AMENDS, by="PMK 110/PMK.03/2020", effective_on=AMENDED),
        Incoming(kind=R.REPLACES, by="PMK 9/PMK.03/2021", effective_on=REVOKED),
    )
    assert status_on(f, on=on) == expected


@pytest.mark.parametrize(
    ("on", "expected", "in_force"),
    [
        (date(2022, 6, 30), S.IN_FORCE, True),
        (date(2022, 7, 1), S.EXPIRED, False),
    ],
)
def test_end_of_efficacy_is_the_last_day_in_force(on, expected, in_force):
    f = facts(effective_on=date(2022, 1, 21), ends_on=date(2022, 6, 30))
    assert status_on(f, on=on) == expected
    assert is_in_force(f, on=on) is in_force


def test_partial_revocation_outranks_amendment_and_names_the_pasal():
    f = facts(
        Incoming(kind=R.AMENDS, by="X", effective_on=AMENDED),
        Incoming(
            kind=R.REVOKES_PART,
            by="UU 7/2021",
            effective_on=date(2021, 10, 29),
            provision="Pasal 5 ayat (1) huruf b",
        ),
    )
    assert status_on(f, on=date(2021, 10, 28)) == S.AMENDED
    assert status_on(f, on=date(2021, 10, 29)) == S.PARTLY_REVOKED
    assert is_in_force(f, on=date(2021, 10, 29))
    assert revoked_provisions(f, on=date(2021, 10, 29)) == ["Pasal 5 ayat (1) huruf b"]
    assert revoked_provisions(f, on=date(2021, 10, 28)) == []


def test_unknown_effective_date_is_unknown_not_not_yet():
    assert status_on(facts(effective_on=None), on=date(1990, 1, 1)) == S.UNKNOWN
    assert status_on(facts(effective_on=None), on=date(2030, 1, 1)) == S.UNKNOWN
    assert not is_in_force(facts(effective_on=None), on=date(2030, 1, 1))
    assert S.UNKNOWN.label == "tanggal berlaku belum tercatat"


def test_unknown_effective_date_is_still_ended_by_an_arrived_revocation():
    f = facts(Incoming(kind=R.REVOKES, by="X", effective_on=REVOKED), effective_on=None)
    assert status_on(f, on=REVOKED - DAY) == S.UNKNOWN
    assert status_on(f, on=REVOKED) == S.REVOKED


@pytest.mark.parametrize("kind", [R.REVOKES, R.REPLACES])
def test_revocation_without_date_makes_the_status_unknown_after_the_start(kind):
    f = facts(Incoming(kind=kind, by="X", effective_on=None))
    assert status_on(f, on=START - DAY) == S.NOT_YET
    assert status_on(f, on=START) == S.UNKNOWN
    assert status_on(f, on=date(2030, 1, 1)) == S.UNKNOWN


@pytest.mark.parametrize("kind", [R.AMENDS, R.REVOKES_PART])
def test_amendment_without_date_leaves_it_in_force_and_is_not_counted(kind):
    f = facts(Incoming(kind=kind, by="X", effective_on=None, provision="Pasal 1"))
    assert status_on(f, on=date(2030, 1, 1)) == S.IN_FORCE


def test_next_change_after_finds_the_first_status_change():
    f = facts(
        Incoming(kind=R.AMENDS, by="A", effective_on=AMENDED),
        Incoming(kind=R.AMENDS, by="B", effective_on=AMENDED + 10 * DAY),
        Incoming(kind=R.REVOKES, by="C", effective_on=REVOKED),
    )
    assert next_change_after(f, on=START - DAY) == START
    assert next_change_after(f, on=START) == AMENDED
    # A second amendment does not change the status; the revocation does.
    assert next_change_after(f, on=AMENDED) == REVOKED
    assert next_change_after(f, on=REVOKED) is None
    g = facts(effective_on=START, ends_on=date(2020, 12, 31))
    assert next_change_after(g, on=START) == date(2021, 1, 1)


def test_chain_phrase_uses_the_customary_wording():
    assert chain_phrase(citation="UU 6/1983", amendments=[]) == "UU 6/1983"
    assert (
        chain_phrase(citation="PMK 86/PMK.03/2020", amendments=["PMK 110/PMK.03/2020"])
        == "PMK 86/PMK.03/2020 sebagaimana telah diubah dengan PMK 110/PMK.03/2020"
    )
    assert chain_phrase(
        citation="UU 6/1983", amendments=["UU 9/1994", "UU 16/2009", "UU 7/2021"]
    ) == ("UU 6/1983 sebagaimana telah beberapa kali diubah terakhir dengan UU 7/2021")


@pytest.mark.parametrize(
    ("edges", "source", "target", "expected"),
    [
        ([], 1, 1, True),
        ([], 1, 2, False),
        ([(2, 1)], 1, 2, True),
        ([(2, 3), (3, 1)], 1, 2, True),
        ([(2, 3), (4, 1)], 1, 2, False),
    ],
)
def test_creates_cycle(edges, source, target, expected):
    assert creates_cycle(edges, source=source, target=target) is expected


# Why a status, since when and by what (the visible words after every badge) ----------
def test_status_reason_names_the_day_and_the_regulation_that_brought_it():
    amend = Incoming(kind=R.AMENDS, by="PMK 110/2020", effective_on=AMENDED)
    later = Incoming(kind=R.AMENDS, by="PMK 9/2021", effective_on=AMENDED + 30 * DAY)
    replace = Incoming(kind=R.REPLACES, by="PMK 81/2024", effective_on=REVOKED)
    both = facts(amend, later, replace)
    assert status_reason(both, on=START - DAY) == StatusReason(S.NOT_YET, START)
    assert status_reason(both, on=START) == StatusReason(S.IN_FORCE, START)
    assert status_reason(both, on=AMENDED) == StatusReason(S.AMENDED, AMENDED, amend)
    assert status_reason(both, on=REVOKED - DAY) == StatusReason(
        S.AMENDED, AMENDED + 30 * DAY, later
    )
    assert status_reason(both, on=REVOKED) == StatusReason(S.REVOKED, REVOKED, replace)


def test_status_reason_of_an_expiry_starts_the_day_after_the_last_day():
    window = facts(ends_on=date(2021, 12, 31))
    assert status_reason(window, on=date(2022, 1, 1)) == StatusReason(
        S.EXPIRED, date(2022, 1, 1)
    )


def test_status_reason_of_a_partial_revocation_and_of_an_unknown_start():
    part = Incoming(kind=R.REVOKES_PART, by="UU 7/2021", effective_on=AMENDED)
    assert status_reason(facts(part), on=AMENDED) == StatusReason(
        S.PARTLY_REVOKED, AMENDED, part
    )
    assert status_reason(facts(effective_on=None), on=START) == StatusReason(
        S.UNKNOWN, None
    )
