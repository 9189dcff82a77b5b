"""Model rules (clean errors) and status as at a date on the real demo chains."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from wagtail.models import Revision

from regulations.choices import RegulationStatus as S
from regulations.choices import RelationType
from regulations.citations import canonical_key
from regulations.models import Regulation, RegulationRelation
from tests.regulations.factories import RegulationFactory, RegulationRelationFactory

D = datetime.date


# Clean rules ---------------------------------------------------------------------


def _refused(instance, field, message):
    model = type(instance)
    before = model.objects.count()
    with pytest.raises(ValidationError) as err:
        instance.full_clean()
    assert err.value.message_dict[field] == [message]
    assert model.objects.count() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"signed_on": D(2024, 10, 14), "effective_on": D(2024, 10, 1)},
            "effective_on",
            "Tanggal mulai berlaku (2024-10-01) sebelum tanggal ditetapkan (2024-10-14). "
            "Periksa kembali kedua tanggal.",
        ),
        (
            {"signed_on": D(2024, 10, 14), "promulgated_on": D(2024, 10, 1)},
            "promulgated_on",
            "Tanggal diundangkan (2024-10-01) sebelum tanggal ditetapkan (2024-10-14).",
        ),
        (
            {"effective_on": D(2022, 1, 21), "ends_on": D(2022, 1, 1)},
            "ends_on",
            "Tanggal akhir berlaku (2022-01-01) sebelum tanggal mulai berlaku (2022-01-21).",
        ),
    ],
)
def test_dates_out_of_order_are_refused(fields, field, message):
    params = {"signed_on": None, "promulgated_on": None, "effective_on": None}
    regulation = RegulationFactory.build(
        type="PMK", number=81, year=2024, unit="", **{**params, **fields}
    )
    _refused(regulation, field, message)


@pytest.mark.django_db
def test_duplicate_citation_is_refused_on_the_number():
    RegulationFactory(type="PER", number=4, year=2020, unit="PJ")
    duplicate = RegulationFactory.build(type="PER", number=4, year=2020, unit="PJ")
    _refused(
        duplicate,
        "number",
        "PER-04/PJ/2020 sudah terdaftar. Buka peraturan yang ada untuk mengubahnya.",
    )


@pytest.mark.django_db
def test_relation_rules_are_enforced_by_clean():
    a = RegulationFactory(number=86)
    b = RegulationFactory(number=110)
    RegulationRelationFactory(source=b, target=a)
    _refused(
        RegulationRelation(source=a, target=a, type=RelationType.AMENDS),
        "target",
        "PMK 86/PMK.03/2020 tidak dapat mengubah dirinya sendiri. Pilih peraturan lain.",
    )
    _refused(
        RegulationRelation(source=a, target=b, type=RelationType.REPLACES),
        "target",
        "Hubungan ini membentuk lingkaran perubahan: PMK 110/PMK.03/2020 sudah "
        "(langsung atau tidak langsung) mengubah atau mencabut PMK 86/PMK.03/2020.",
    )
    # Citing is not part of the amendment graph, so a citation back is fine.
    RegulationRelation(source=a, target=b, type=RelationType.CITES).full_clean()


@pytest.mark.django_db
def test_relation_without_parent_yet_still_checks_what_it_can():
    """An admin inline form validates before its parent exists."""
    target = RegulationFactory()
    relation = RegulationRelation(target=target, type=RelationType.REVOKES_PART)
    with pytest.raises(ValidationError) as err:
        relation.clean()
    assert list(err.value.message_dict) == ["provision"]


@pytest.mark.django_db
def test_citations_read_back_to_the_same_key():
    for kind, number, year, unit in [
        ("PMK", 23, 2020, "PMK.03"),
        ("PMK", 81, 2024, ""),
        ("PER", 4, 2020, "PJ"),
        ("SE", 27, 2020, "PJ"),
        ("UU", 7, 2021, ""),
        ("PERPPU", 1, 2020, ""),
        ("PERPRES", 33, 2012, ""),
    ]:
        regulation = Regulation(type=kind, number=number, year=year, unit=unit)
        assert canonical_key(regulation.short_citation) == (kind, number, year)
        assert canonical_key(regulation.long_citation) == (kind, number, year)


# The demo registry ---------------------------------------------------------------


CASES = [
    # COVID-19 incentives: revoked, replaced, amended and expiring windows.
    ("PMK 23/PMK.03/2020", "2020-03-22", S.UNKNOWN),
    ("PMK 23/PMK.03/2020", "2020-03-23", S.UNKNOWN),
    ("PMK 23/PMK.03/2020", "2020-04-26", S.UNKNOWN),
    ("PMK 23/PMK.03/2020", "2020-04-27", S.REVOKED),
    ("PMK 23/PMK.03/2020", "2020-04-28", S.REVOKED),
    ("PMK 44/PMK.03/2020", "2020-04-26", S.NOT_YET),
    ("PMK 44/PMK.03/2020", "2020-04-27", S.IN_FORCE),
    ("PMK 44/PMK.03/2020", "2020-07-15", S.IN_FORCE),
    ("PMK 44/PMK.03/2020", "2020-07-16", S.REVOKED),
    ("PMK 86/PMK.03/2020", "2020-07-15", S.NOT_YET),
    ("PMK 86/PMK.03/2020", "2020-07-16", S.IN_FORCE),
    ("PMK 86/PMK.03/2020", "2020-08-13", S.IN_FORCE),
    ("PMK 86/PMK.03/2020", "2020-08-14", S.AMENDED),
    ("PMK 86/PMK.03/2020", "2020-12-31", S.AMENDED),
    ("PMK 86/PMK.03/2020", "2021-01-01", S.AMENDED),
    ("PMK 86/PMK.03/2020", "2021-02-01", S.AMENDED),
    ("PMK 86/PMK.03/2020", "2021-02-02", S.REVOKED),
    ("PMK 9/PMK.03/2021", "2021-02-01", S.NOT_YET),
    ("PMK 9/PMK.03/2021", "2021-02-02", S.IN_FORCE),
    ("PMK 9/PMK.03/2021", "2021-06-30", S.IN_FORCE),
    ("PMK 9/PMK.03/2021", "2021-07-01", S.IN_FORCE),
    ("PMK 9/PMK.03/2021", "2021-12-31", S.IN_FORCE),
    ("PMK 9/PMK.03/2021", "2022-01-01", S.IN_FORCE),
    ("PMK 3/PMK.03/2022", "2022-01-20", S.NOT_YET),
    ("PMK 3/PMK.03/2022", "2022-01-21", S.IN_FORCE),
    ("PMK 3/PMK.03/2022", "2022-06-30", S.IN_FORCE),
    ("PMK 3/PMK.03/2022", "2022-07-01", S.IN_FORCE),
    ("PMK 3/PMK.03/2022", "2022-12-31", S.IN_FORCE),
    ("PMK 3/PMK.03/2022", "2023-01-01", S.IN_FORCE),
    # Perppu 1/2020: enacted (no change of status), then partly revoked by UU HPP.
    ("Perppu 1/2020", "2020-03-30", S.NOT_YET),
    ("Perppu 1/2020", "2020-03-31", S.IN_FORCE),
    ("Perppu 1/2020", "2020-05-18", S.IN_FORCE),
    ("Perppu 1/2020", "2021-10-28", S.IN_FORCE),
    ("Perppu 1/2020", "2021-10-29", S.PARTLY_REVOKED),
    ("Perppu 1/2020", "2021-10-30", S.PARTLY_REVOKED),
    # UU Cipta Kerja revoked by Perppu 2/2022; UU KUP amended from 1995.
    ("UU 11/2020", "2020-11-01", S.NOT_YET),
    ("UU 11/2020", "2020-11-02", S.IN_FORCE),
    ("UU 11/2020", "2022-12-29", S.IN_FORCE),
    ("UU 11/2020", "2022-12-30", S.REVOKED),
    ("UU 6/1983", "1983-12-31", S.NOT_YET),
    ("UU 6/1983", "1984-01-01", S.IN_FORCE),
    ("UU 6/1983", "1994-12-31", S.IN_FORCE),
    ("UU 6/1983", "1995-01-01", S.AMENDED),
    # Registration: the PMK and PER bases flip on different days (the gate example).
    ("PMK 147/PMK.03/2017", "2024-12-31", S.UNKNOWN),
    ("PMK 147/PMK.03/2017", "2025-01-01", S.REVOKED),
    ("PMK 81/2024", "2024-12-31", S.NOT_YET),
    ("PMK 81/2024", "2025-01-01", S.IN_FORCE),
    ("PMK 81/2024", "2025-01-02", S.IN_FORCE),
    ("PER-20/PJ/2013", "2020-02-29", S.UNKNOWN),
    ("PER-20/PJ/2013", "2020-03-01", S.UNKNOWN),
    ("PER-04/PJ/2020", "2020-02-29", S.UNKNOWN),
    ("PER-04/PJ/2020", "2020-03-01", S.UNKNOWN),
    ("PER-04/PJ/2020", "2025-05-20", S.UNKNOWN),
    ("PER-04/PJ/2020", "2025-05-21", S.REVOKED),
    ("PP 23/2018", "2018-06-30", S.NOT_YET),
    ("PP 23/2018", "2018-07-01", S.IN_FORCE),
    ("PP 23/2018", "2022-12-19", S.IN_FORCE),
    ("PP 23/2018", "2022-12-20", S.REVOKED),
    # No recorded date: unknown, never "not yet" (the note says why).
    ("PMK 54/2025", "2030-01-01", S.UNKNOWN),
]


def _get(citation):
    return Regulation.objects.with_facts().get(
        **dict(zip(("type", "number", "year"), canonical_key(citation), strict=True))
    )


@pytest.mark.parametrize(("citation", "on", "expected"), CASES)
def test_demo_status_at_boundary_dates(demo_registry, db, citation, on, expected):
    assert _get(citation).status_on(on=D.fromisoformat(on)) == expected


@pytest.mark.parametrize(
    ("citation", "on", "last"),
    [
        ("UU 6/1983", "1994-12-31", None),
        (
            "UU 6/1983",
            "1995-01-01",
            "sebagaimana telah diubah dengan Undang-Undang Nomor 9 Tahun 1994",
        ),
        ("UU 6/1983", "2021-10-28", "Undang-Undang Nomor 11 Tahun 2020"),
        ("UU 6/1983", "2021-10-29", "Undang-Undang Nomor 7 Tahun 2021"),
        ("UU 6/1983", "2022-12-29", "Undang-Undang Nomor 7 Tahun 2021"),
        (
            "UU 6/1983",
            "2023-03-30",
            "Peraturan Pemerintah Pengganti Undang-Undang Nomor 2 Tahun 2022",
        ),
        ("UU 6/1983", "2023-03-31", "Undang-Undang Nomor 6 Tahun 2023"),
        ("UU 7/1983", "2021-12-31", "Undang-Undang Nomor 11 Tahun 2020"),
        ("UU 7/1983", "2022-01-01", "Undang-Undang Nomor 7 Tahun 2021"),
        ("UU 8/1983", "2022-03-31", "Undang-Undang Nomor 11 Tahun 2020"),
        ("UU 8/1983", "2022-04-01", "Undang-Undang Nomor 7 Tahun 2021"),
    ],
)
def test_demo_chain_phrase_moves_with_the_date(demo_registry, db, citation, on, last):
    phrase = _get(citation).chain_phrase_on(on=D.fromisoformat(on))
    if last is None:
        assert phrase == "Undang-Undang Nomor 6 Tahun 1983"
    elif last.startswith("sebagaimana"):
        assert phrase == f"Undang-Undang Nomor 6 Tahun 1983 {last}"
    else:
        assert phrase.endswith(
            f"sebagaimana telah beberapa kali diubah terakhir dengan {last}"
        )


def _event_days():
    days = set()
    for regulation in Regulation.objects.all():
        for day in (regulation.effective_on, regulation.ends_on):
            if day:
                days |= {
                    day - datetime.timedelta(days=1),
                    day,
                    day + datetime.timedelta(days=1),
                }
    for relation in RegulationRelation.objects.select_related("source"):
        if relation.effective_date:
            days.add(relation.effective_date)
            days.add(relation.effective_date - datetime.timedelta(days=1))
            days.add(relation.effective_date + datetime.timedelta(days=1))
    days |= {datetime.date(year, 1, 1) for year in range(1980, 2031)}
    return sorted(days)


def test_demo_querysets_agree_with_status_on(demo_registry, db):
    regulations = list(Regulation.objects.published().with_facts())
    assert len(regulations) >= 30
    days = _event_days()
    assert len(days) > 100
    seen: set[str] = set()
    for day in days:
        expected = {r.pk for r in regulations if r.is_in_force(on=day)}
        assert (
            set(Regulation.objects.in_force(on=day).values_list("pk", flat=True))
            == expected
        ), day
        codes = dict(
            Regulation.objects.with_status(on=day).values_list("pk", "status_code")
        )
        assert codes == {r.pk: r.status_on(on=day).value for r in regulations}, day
        seen |= set(codes.values())
    # Every status the rule knows, unknown included, occurs among the demo days; none
    # expires by itself (incentive periods are time-limited provisions, not ends).
    assert seen == {status.value for status in S} - {S.EXPIRED.value}


def test_demo_records_carry_sources_or_notes(demo_registry, db):
    for regulation in Regulation.objects.all():
        assert regulation.source_url or regulation.verification_note, regulation
    per7 = _get("PER-7/PJ/2025")
    assert "BELUM TERVERIFIKASI" in per7.verification_note
    assert per7.relations.get(type=RelationType.REPLACES).note == "Belum terverifikasi"


def test_demo_load_is_idempotent(demo_registry, db):
    assert "Peraturan demo: 45 dibuat" in demo_registry
    revisions = Revision.objects.count()
    out = io.StringIO()
    call_command("load_demo_regulations", stdout=out)
    assert out.getvalue().strip() == (
        "Peraturan demo: 0 dibuat, 0 diperbarui, 45 tidak berubah, 0 ditolak; "
        "hubungan: 0 ditambahkan, 0 diperbarui, 55 tidak berubah."
    )
    assert Revision.objects.count() == revisions
