"""The automation gate on pure facts (no database): boundary days around every event."""

from datetime import date, timedelta

import pytest

from regulations.choices import RegulationStatus as S
from regulations.choices import RelationType as R
from regulations.gate import (
    NO_BASIS,
    PENDING_CHANGE,
    BasisItem,
    basis_lost,
    evaluate,
    provision_overlaps,
    provision_paths,
)
from regulations.rules import Incoming, StatusFacts

DAY = timedelta(days=1)
PMK_START = date(2025, 1, 1)  # PMK 81/2024 in force
PER_START = date(2025, 5, 21)  # PER-7/PJ/2025 in force


def item(citation, *incoming, start, pending=False, provision="", ends_on=None):
    return BasisItem(
        citation=citation,
        facts=StatusFacts(effective_on=start, ends_on=ends_on, incoming=incoming),
        provision=provision,
        pending=pending,
    )


def data_change_basis():
    """ "Perubahan data WP": UU KUP Pasal 2, PMK 81/2024 and the PER it requires."""
    return [
        item("UU 6/1983", start=date(1984, 1, 1), provision="Pasal 2"),
        item("PMK 81/2024", start=PMK_START),
        item("PER-7/PJ/2025", start=PER_START),
    ]


@pytest.mark.parametrize(
    ("on", "allowed"),
    [(PER_START - DAY, False), (PER_START, True), (PER_START + DAY, True)],
)
def test_gate_opens_on_the_day_the_required_per_comes_into_force(on, allowed):
    result = evaluate(data_change_basis(), on=on, to_state="automated")
    assert result.allowed is allowed
    assert result.allowed_from == (on if allowed else PER_START)


def test_blocker_names_regulation_status_and_expected_date():
    result = evaluate(
        data_change_basis(),
        on=date(2025, 3, 1),
        to_state="automated",
        state_label="otomasi penuh (Click)",
    )
    assert [b.as_dict() for b in result.blockers] == [
        {
            "regulation": "PER-7/PJ/2025",
            "status": S.NOT_YET,
            "expected_on": "2025-05-21",
            "expected_is_estimate": False,
        }
    ]
    assert result.allowed_from == PER_START
    assert "PER-7/PJ/2025 (status: belum berlaku; perkiraan berlaku: 21 Mei 2025)" in (
        result.message
    )
    assert "otomasi penuh (Click) pada 1 Maret 2025" in result.message


def test_not_gated_states_are_always_allowed():
    result = evaluate(
        data_change_basis(), on=date(2020, 1, 1), to_state="kpp_kanwil", gated=False
    )
    assert result.allowed
    assert result.message == ""


def test_contact_center_is_gated_like_automation():
    result = evaluate(
        data_change_basis(), on=PER_START - DAY, to_state="contact_center"
    )
    assert not result.allowed


def test_empty_basis_blocks_with_no_expected_date():
    result = evaluate([], on=PER_START, to_state="automated")
    assert [b.status for b in result.blockers] == [NO_BASIS]
    assert result.allowed_from is None


@pytest.mark.parametrize(
    ("on", "status"),
    [
        (date(2024, 12, 31), None),
        (date(2025, 1, 1), S.REVOKED),
        (date(2025, 1, 2), S.REVOKED),
    ],
)
def test_revoked_basis_blocks_from_the_revocation_day(on, status):
    basis = [
        item(
            "PMK 147/PMK.03/2017",
            Incoming(kind=R.REVOKES, by="PMK 81/2024", effective_on=PMK_START),
            start=date(2017, 11, 1),
        )
    ]
    result = evaluate(basis, on=on, to_state="automated")
    assert [b.status for b in result.blockers] == ([status] if status else [])
    if status:
        assert result.blockers[0].expected_on is None
        assert result.allowed_from is None
        assert "dicabut" in result.message


def test_expired_basis_blocks_the_day_after_its_last_day():
    basis = [
        item("PMK 3/PMK.03/2022", start=date(2022, 1, 21), ends_on=date(2022, 6, 30))
    ]
    assert evaluate(basis, on=date(2022, 6, 30), to_state="automated").allowed
    result = evaluate(basis, on=date(2022, 7, 1), to_state="automated")
    assert [b.status for b in result.blockers] == [S.EXPIRED]


PARTIAL = Incoming(
    kind=R.REVOKES_PART,
    by="UU 7/2021",
    effective_on=date(2021, 10, 29),
    provision="Pasal 5 ayat (1) huruf b",
)


@pytest.mark.parametrize(
    ("provision", "on", "allowed"),
    [
        ("Pasal 5 ayat (1) huruf b", date(2021, 10, 28), True),
        ("Pasal 5 ayat (1) huruf b", date(2021, 10, 29), False),
        ("Pasal 5", date(2021, 10, 29), False),  # depends on the whole Pasal
        ("Pasal 5 ayat (1) huruf a", date(2021, 10, 29), True),
        ("Pasal 5 ayat (2)", date(2021, 10, 29), True),
        ("Pasal 15 ayat (1) huruf b", date(2021, 10, 29), True),
        ("", date(2021, 10, 29), True),  # the regulation as a whole is still in force
    ],
)
def test_partial_revocation_blocks_only_the_pasal_relied_on(provision, on, allowed):
    basis = [item("UU 2/2020", PARTIAL, start=date(2020, 5, 18), provision=provision)]
    result = evaluate(basis, on=on, to_state="automated")
    assert result.allowed is allowed
    if not allowed:
        assert result.blockers[0].status == S.PARTLY_REVOKED
        assert f"status: {provision} dicabut" in result.message
        assert result.allowed_from is None


def test_pending_required_change_blocks_even_when_everything_is_in_force():
    basis = [
        item("PMK 81/2024", start=PMK_START),
        item("PER-04/PJ/2020", start=date(2020, 2, 1), pending=True),
    ]
    result = evaluate(basis, on=date(2026, 1, 1), to_state="automated")
    assert [b.as_dict() for b in result.blockers] == [
        {
            "regulation": "PER-04/PJ/2020",
            "status": PENDING_CHANGE,
            "expected_on": None,
            "expected_is_estimate": False,
        }
    ]
    assert result.allowed_from is None
    assert "perubahan yang disyaratkan masih tertunda" in result.message


def test_required_change_with_unknown_date_has_no_allowed_from():
    basis = [item("PER-99/PJ/2027", start=None)]
    result = evaluate(basis, on=date(2026, 1, 1), to_state="automated")
    assert result.blockers[0].expected_on is None
    assert result.blockers[0].status == S.UNKNOWN
    assert result.allowed_from is None
    assert (
        "PER-99/PJ/2027 (status: tanggal berlaku belum tercatat; perkiraan berlaku: "
        "tidak diketahui)" in result.message
    )
    assert "belum berlaku" not in result.message


def test_undated_revocation_of_the_relied_on_pasal_is_unknown():
    facts = StatusFacts(
        effective_on=date(2020, 1, 1),
        ends_on=None,
        incoming=(
            Incoming(
                kind="revokes_part", by="X", effective_on=None, provision="Pasal 5"
            ),
        ),
    )
    result = evaluate(
        [BasisItem("UU 1/2020", facts, provision="Pasal 5 ayat (1)")],
        on=date(2026, 1, 1),
        to_state="automated",
    )
    assert [(b.status, b.provision) for b in result.blockers] == [
        (S.UNKNOWN, "Pasal 5 ayat (1)")
    ]
    other = evaluate(
        [BasisItem("UU 1/2020", facts, provision="Pasal 6")],
        on=date(2026, 1, 1),
        to_state="automated",
    )
    assert other.allowed


def test_a_pending_draft_gives_an_estimated_allowed_from():
    draft = BasisItem(
        "Rancangan PER tentang X",
        StatusFacts(effective_on=None, ends_on=None),
        pending=True,
        expected_on=date(2027, 3, 1),
        stage="harmonisasi",
    )
    basis = [item("PMK 81/2024", start=PMK_START), draft]
    result = evaluate(basis, on=date(2026, 12, 6), to_state="automated")
    assert result.allowed_from == date(2027, 3, 1)
    assert result.allowed_from_estimate
    assert result.blockers[0].as_dict()["expected_is_estimate"] is True
    assert "rancangan masih dalam tahap harmonisasi" in result.message
    assert "1 Maret 2027 (perkiraan rancangan)" in result.message
    assert "perkiraan, bukan kepastian" in result.message
    # On and after the expected day the draft still blocks: an estimate is not a law.
    late = evaluate(basis, on=date(2027, 3, 1), to_state="automated")
    assert not late.allowed and late.allowed_from is None


def test_allowed_from_is_none_when_one_row_ends_before_another_starts():
    basis = [
        item("PMK 1/2024", start=date(2024, 1, 1), ends_on=date(2025, 3, 31)),
        item("PER-1/PJ/2025", start=date(2025, 6, 1)),
    ]
    result = evaluate(basis, on=date(2025, 1, 1), to_state="automated")
    assert result.blockers[0].expected_on == date(2025, 6, 1)
    assert result.allowed_from is None


def test_allowed_from_is_the_latest_expected_date():
    basis = [
        item("PMK 2/2026", start=date(2026, 3, 1)),
        item("PER-2/PJ/2026", start=date(2026, 7, 1)),
    ]
    result = evaluate(basis, on=date(2026, 1, 1), to_state="automated")
    assert [b.expected_on for b in result.blockers] == [
        date(2026, 3, 1),
        date(2026, 7, 1),
    ]
    assert result.allowed_from == date(2026, 7, 1)


def test_provision_paths_continue_the_previous_pasal():
    assert provision_paths("Pasal 5 ayat (1) huruf a dan huruf b") == [
        ("pasal 5", "ayat 1", "huruf a"),
        ("pasal 5", "ayat 1", "huruf b"),
    ]
    assert provision_paths("Pasal 4(2)") == [("pasal 4", "ayat 2")]
    assert provision_overlaps(
        "Pasal 5 ayat (1) huruf a dan huruf b", "Pasal 5 ayat (1) huruf b"
    )
    assert not provision_overlaps("Pasal 1", "Pasal 15")


@pytest.mark.parametrize(
    ("on", "lost"),
    [
        (date(2024, 12, 31), None),
        (date(2025, 1, 1), ("revoked", date(2025, 1, 1))),
        (date(2025, 6, 1), ("revoked", date(2025, 1, 1))),
    ],
)
def test_basis_lost_reports_the_revocation_day(on, lost):
    row = item(
        "PMK 147/PMK.03/2017",
        Incoming(kind=R.REPLACES, by="PMK 81/2024", effective_on=PMK_START),
        start=date(2017, 11, 1),
    )
    assert basis_lost(row, on=on) == lost


def test_basis_lost_ignores_rows_not_yet_in_force_and_reports_expiry():
    assert (
        basis_lost(item("PER-7/PJ/2025", start=PER_START), on=PER_START - DAY) is None
    )
    expiring = item(
        "PMK 3/PMK.03/2022", start=date(2022, 1, 21), ends_on=date(2022, 6, 30)
    )
    assert basis_lost(expiring, on=date(2023, 1, 1)) == ("expired", date(2022, 7, 1))
    partly = item("UU 2/2020", PARTIAL, start=date(2020, 5, 18), provision="Pasal 5")
    assert basis_lost(partly, on=date(2022, 1, 1)) == (
        "revoked_part",
        date(2021, 10, 29),
    )
