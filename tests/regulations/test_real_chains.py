"""Boundary tests from the real chains in the demo registry: the status the day before,
on and after each event, from the pure rule and from its SQL twin."""

import datetime

import pytest

from regulations.choices import RegulationStatus as S
from regulations.citations import canonical_key
from regulations.models import Regulation

D = datetime.date
DAY = datetime.timedelta(days=1)

# (citation, event day, status the day before, on the day, the day after)
EVENTS = [
    # UU KUP through its amendments, Perppu 2/2022 (tax cluster) and UU 6/2023.
    ("UU 6/1983", D(1984, 1, 1), S.NOT_YET, S.IN_FORCE, S.IN_FORCE),
    ("UU 6/1983", D(1995, 1, 1), S.IN_FORCE, S.AMENDED, S.AMENDED),
    ("UU 6/1983", D(2022, 12, 30), S.AMENDED, S.AMENDED, S.AMENDED),
    ("UU 11/2020", D(2020, 11, 2), S.NOT_YET, S.IN_FORCE, S.IN_FORCE),
    ("UU 11/2020", D(2022, 12, 30), S.IN_FORCE, S.REVOKED, S.REVOKED),
    ("Perppu 2/2022", D(2022, 12, 30), S.NOT_YET, S.IN_FORCE, S.IN_FORCE),
    ("Perppu 2/2022", D(2023, 3, 31), S.IN_FORCE, S.IN_FORCE, S.IN_FORCE),
    ("UU 6/2023", D(2023, 3, 31), S.NOT_YET, S.IN_FORCE, S.IN_FORCE),
    # The COVID-19 incentive PMKs: the end of an incentive period is not an end.
    ("PMK 23/PMK.03/2020", D(2020, 4, 27), S.UNKNOWN, S.REVOKED, S.REVOKED),
    ("PMK 44/PMK.03/2020", D(2020, 4, 27), S.NOT_YET, S.IN_FORCE, S.IN_FORCE),
    ("PMK 44/PMK.03/2020", D(2020, 7, 16), S.IN_FORCE, S.REVOKED, S.REVOKED),
    ("PMK 86/PMK.03/2020", D(2020, 7, 16), S.NOT_YET, S.IN_FORCE, S.IN_FORCE),
    ("PMK 86/PMK.03/2020", D(2020, 8, 14), S.IN_FORCE, S.AMENDED, S.AMENDED),
    ("PMK 86/PMK.03/2020", D(2021, 1, 1), S.AMENDED, S.AMENDED, S.AMENDED),
    ("PMK 86/PMK.03/2020", D(2021, 2, 2), S.AMENDED, S.REVOKED, S.REVOKED),
    ("PMK 9/PMK.03/2021", D(2021, 2, 2), S.NOT_YET, S.IN_FORCE, S.IN_FORCE),
    ("PMK 9/PMK.03/2021", D(2022, 1, 1), S.IN_FORCE, S.IN_FORCE, S.IN_FORCE),
    ("PMK 3/PMK.03/2022", D(2022, 1, 21), S.NOT_YET, S.IN_FORCE, S.IN_FORCE),
    ("PMK 3/PMK.03/2022", D(2023, 1, 1), S.IN_FORCE, S.IN_FORCE, S.IN_FORCE),
    # Perppu 1/2020, enacted by UU 2/2020, partly revoked by UU 7/2021 Pasal 18.
    ("Perppu 1/2020", D(2020, 3, 31), S.NOT_YET, S.IN_FORCE, S.IN_FORCE),
    ("Perppu 1/2020", D(2020, 5, 18), S.IN_FORCE, S.IN_FORCE, S.IN_FORCE),
    ("UU 2/2020", D(2020, 5, 18), S.NOT_YET, S.IN_FORCE, S.IN_FORCE),
    ("Perppu 1/2020", D(2021, 10, 29), S.IN_FORCE, S.PARTLY_REVOKED, S.PARTLY_REVOKED),
    # PP 23/2018 and PP 30/2020, both revoked by PP 55/2022.
    ("PP 23/2018", D(2018, 7, 1), S.NOT_YET, S.IN_FORCE, S.IN_FORCE),
    ("PP 23/2018", D(2022, 12, 20), S.IN_FORCE, S.REVOKED, S.REVOKED),
    ("PP 30/2020", D(2022, 12, 20), S.UNKNOWN, S.REVOKED, S.REVOKED),
    ("PP 55/2022", D(2022, 12, 20), S.NOT_YET, S.IN_FORCE, S.IN_FORCE),
    # PMK 147/2017 (in-force date not recorded) revoked by PMK 81/2024.
    ("PMK 147/PMK.03/2017", D(2025, 1, 1), S.UNKNOWN, S.REVOKED, S.REVOKED),
    ("PMK 81/2024", D(2025, 1, 1), S.NOT_YET, S.IN_FORCE, S.IN_FORCE),
    # PMK 167/2018 (no recorded dates) replaced by PMK 66/2023.
    ("PMK 167/PMK.03/2018", D(2023, 7, 1), S.UNKNOWN, S.REVOKED, S.REVOKED),
]


def _regulation(citation: str) -> Regulation:
    kind, number, year = canonical_key(citation)
    return Regulation.objects.with_facts().get(type=kind, number=number, year=year)


@pytest.mark.parametrize(("citation", "day", "before", "on", "after"), EVENTS)
def test_real_chain_status_around_each_event(
    demo_registry, db, citation, day, before, on, after
):
    regulation = _regulation(citation)
    for when, expected in ((day - DAY, before), (day, on), (day + DAY, after)):
        assert regulation.status_on(on=when) == expected, when
        twin = (
            Regulation.objects.filter(pk=regulation.pk)
            .with_status(on=when)
            .values_list("status_code", flat=True)
            .get()
        )
        assert twin == expected.value, when
        in_twin = Regulation.objects.in_force(on=when).filter(pk=regulation.pk)
        assert in_twin.exists() == regulation.is_in_force(on=when), when


def test_incentive_periods_are_on_the_timeline_not_the_end(demo_registry, db):
    pmk86 = Regulation.objects.with_relations().get(type="PMK", number=86, year=2020)
    assert pmk86.ends_on is None
    events = pmk86.timeline(on=D(2021, 1, 15))
    ends = [e for e in events if e.kind == "period_end"]
    assert [(e.on, e.scheduled) for e in ends] == [(D(2020, 12, 31), False)]
    assert ends[0].label.startswith("Hari terakhir: Masa insentif")
    assert not [e for e in events if e.kind == "ends"]


def test_relations_the_sources_state_are_recorded(demo_registry, db):
    pmk86 = _regulation("PMK 86/PMK.03/2020")
    implemented = {
        (r.target.short_citation, r.provision)
        for r in pmk86.relations.filter(type="implements").select_related("target")
    }
    assert implemented == {
        ("UU 6/1983", "Pasal 17C ayat (7)"),
        ("UU 6/1983", "Pasal 17D ayat (3)"),
        ("UU 7/1983", "Pasal 22 ayat (2)"),
        ("UU 7/1983", "Pasal 25"),
        ("UU 8/1983", "Pasal 9 ayat (4d)"),
    }
    pp55 = _regulation("PP 55/2022")
    assert set(
        pp55.relations.filter(type="revokes").values_list(
            "target__number", "target__year"
        )
    ) == {
        (23, 2018),
        (30, 2020),
    }
    assert (
        _regulation("PMK 53/2025").relations.get().target.short_citation
        == "PMK 81/2024"
    )
    uu2 = _regulation("UU 2/2020")
    assert uu2.publication == "LN 2020 No. 134, TLN No. 6516"
    assert "Terverifikasi" not in uu2.verification_note
    assert not _regulation("PMK 167/PMK.03/2018").title.startswith("Perubahan")
