"""Public registry pages: list with filters and badges, detail with timeline and as-at date."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from regulations.choices import RelationType
from tests.regulations.factories import RegulationFactory, RegulationRelationFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def covid_chain():
    """PMK 86/2020 amended by 110/2020 and replaced by 9/2021, with its window to Dec 2020."""
    pmk86 = RegulationFactory(
        number=86,
        title="Insentif Pajak untuk Wajib Pajak Terdampak Pandemi",
        signed_on=D(2020, 7, 15),
        promulgated_on=D(2020, 7, 16),
        effective_on=D(2020, 7, 16),
        ends_on=D(2020, 12, 31),
        abstract="Insentif PPh Pasal 21 DTP.",
        verification_note="Tanggal mulai berlaku belum terverifikasi.",
        source_url="https://peraturan.bpk.go.id/Search?p=383&tema=64",
    )
    pmk86.subjects.add("insentif")
    pmk86.save()
    pmk110 = RegulationFactory(
        number=110,
        title="Perubahan atas PMK 86",
        signed_on=None,
        promulgated_on=None,
        effective_on=D(2020, 8, 14),
    )
    pmk9 = RegulationFactory(
        number=9,
        year=2021,
        title="Insentif 2021",
        signed_on=None,
        promulgated_on=None,
        effective_on=D(2021, 2, 2),
    )
    RegulationRelationFactory(source=pmk110, target=pmk86, type=RelationType.AMENDS)
    RegulationRelationFactory(source=pmk9, target=pmk86, type=RelationType.REPLACES)
    return pmk86, pmk110, pmk9


def page_text(response):
    return " ".join(response.content.decode().split())


def test_list_renders_rows_with_status_badges(client, covid_chain):
    response = client.get("/peraturan/", {"pada": "2020-09-01"})
    assert response.status_code == 200
    assert "regulations/regulation_list.html" in [t.name for t in response.templates]
    text = page_text(response)
    assert "PMK 86/PMK.03/2020" in text
    assert "badge--berlaku-dengan-perubahan" in text
    assert "badge--belum-berlaku" in text  # PMK 9/2021 on 1 Sep 2020


def test_list_status_defaults_to_today(client, covid_chain):
    response = client.get("/peraturan/")
    assert response.context["on"] == timezone.localdate()
    statuses = {
        reg.number: reason.status.value for reg, reason in response.context["rows"]
    }
    assert statuses == {86: "dicabut", 110: "berlaku", 9: "berlaku"}


def test_list_filters_by_type_year_status_and_text(client, covid_chain):
    RegulationFactory(
        type="UU",
        number=7,
        year=2021,
        unit="",
        title="Harmonisasi Peraturan Perpajakan",
    )

    def numbers(**params):
        response = client.get("/peraturan/", params)
        return sorted(reg.number for reg, _ in response.context["rows"])

    assert numbers(jenis="uu") == [7]
    assert numbers(jenis="PMK", tahun=2020) == [86, 110]
    assert numbers(status="dicabut") == [86]
    assert numbers(q="harmonisasi perpajakan") == [7]
    assert numbers(q="PMK 9/PMK.03/2021") == [9]
    assert numbers(q="PMK-110/PMK.03/2020") == [110]


def test_list_reports_bad_filters_without_failing(client, covid_chain):
    response = client.get(
        "/peraturan/", {"tahun": "duaribu", "pada": "kemarin", "page": "x"}
    )
    assert response.status_code == 200
    text = page_text(response)
    assert "Tahun harus berupa angka empat digit, mis. 2020." in text
    assert (
        "Tanggal &#x27;kemarin&#x27; tidak sah; tulis YYYY-MM-DD, mis. 2025-05-21"
        in text
    )
    assert len(response.context["rows"]) == 3


def test_list_paginates(client):
    RegulationFactory.create_batch(30)
    first = client.get("/peraturan/", {"jenis": "pmk"})
    second = client.get("/peraturan/", {"jenis": "pmk", "page": 2})
    assert len(first.context["rows"]) == 25 and len(second.context["rows"]) == 5
    assert "?jenis=pmk&amp;page=2" in first.content.decode()


def test_detail_shows_dates_chain_timeline_and_relations(client, covid_chain):
    response = client.get("/peraturan/pmk/2020/86/", {"pada": "2020-09-01"})
    assert response.status_code == 200
    assert "regulations/regulation_detail.html" in [t.name for t in response.templates]
    text = page_text(response)
    assert "Peraturan Menteri Keuangan Nomor 86/PMK.03/2020" in text
    assert "tentang Insentif Pajak untuk Wajib Pajak Terdampak Pandemi" in text
    for label in ("15 Juli 2020", "16 Juli 2020", "31 Desember 2020"):
        assert label in text
    assert "Status pada 1 September 2020:" in text
    assert "berlaku dengan perubahan" in text
    assert (
        "Peraturan Menteri Keuangan Nomor 86/PMK.03/2020 sebagaimana telah diubah "
        "dengan Peraturan Menteri Keuangan Nomor 110/PMK.03/2020"
    ) in text
    assert "Catatan verifikasi" in text and "belum terverifikasi" in text
    assert "Insentif PPh Pasal 21 DTP." in text
    assert (
        'href="https://peraturan.bpk.go.id/Search?p=383&amp;tema=64"'
        in response.content.decode()
    )
    kinds = [(e.kind, e.on, e.scheduled) for e in response.context["timeline"]]
    assert kinds == [
        ("signed", D(2020, 7, 15), False),
        ("promulgated", D(2020, 7, 16), False),
        ("effective", D(2020, 7, 16), False),
        ("in:amends", D(2020, 8, 14), False),
        ("ends", D(2020, 12, 31), True),
        ("in:replaces", D(2021, 2, 2), True),
    ]
    assert "terjadwal" in text
    assert (
        '<a href="/peraturan/pmk/2020/110/">PMK 110/PMK.03/2020</a>'
        in response.content.decode()
    )
    assert "Diubah dengan" in text and "Dicabut dan diganti dengan" in text


def test_detail_as_at_date_changes_status_and_chain(client, covid_chain):
    before = client.get("/peraturan/pmk/2020/86/", {"pada": "2020-08-13"})
    assert before.context["status"].value == "berlaku"
    assert (
        before.context["chain_phrase"]
        == "Peraturan Menteri Keuangan Nomor 86/PMK.03/2020"
    )
    assert before.context["next_change"] == D(2020, 8, 14)
    after = client.get("/peraturan/pmk/2020/86/", {"pada": "2021-02-02"})
    assert after.context["status"].value == "dicabut"
    assert "Anda melihat keadaan peraturan ini pada 2 Februari 2021." in page_text(
        after
    )


def test_outgoing_relations_are_listed_on_the_acting_regulation(client, covid_chain):
    response = client.get("/peraturan/pmk/2020/110/")
    text = page_text(response)
    assert "Mengubah" in text and "PMK 86/PMK.03/2020" in text
    dated = [(e.kind, e.on) for e in response.context["timeline"] if e.on]
    assert dated == [("effective", D(2020, 8, 14)), ("out:amends", D(2020, 8, 14))]
    undated = [e.kind for e in response.context["timeline"] if not e.on]
    assert undated == ["signed", "promulgated"]  # unknown dates are listed last


def test_detail_bad_date_gets_a_friendly_message(client, covid_chain):
    response = client.get("/peraturan/pmk/2020/86/", {"pada": "2020-02-30"})
    assert response.status_code == 200
    assert response.context["on"] == timezone.localdate()
    text = page_text(response)
    assert (
        "Tanggal &#x27;2020-02-30&#x27; tidak sah; tulis YYYY-MM-DD, mis. 2025-05-21"
        in text
    )
    assert "Ditampilkan keadaan hari ini." in text


@pytest.mark.parametrize(
    "path",
    ["/peraturan/xyz/2020/86/", "/peraturan/pmk/2020/999/", "/peraturan/pmk/2019/86/"],
)
def test_unknown_regulation_is_404(client, covid_chain, path):
    assert client.get(path).status_code == 404


def test_drafts_are_not_public(client):
    RegulationFactory(number=5, live=False)
    assert client.get("/peraturan/pmk/2020/5/").status_code == 404
    assert client.get("/peraturan/").context["rows"] == []


def _regulation_with_relations(number, relations):
    regulation = RegulationFactory(number=number, year=2019)
    regulation.subjects.add("a", "b")
    regulation.save()
    for _ in range(relations):
        RegulationRelationFactory(target=regulation, source=RegulationFactory())
        RegulationRelationFactory(
            source=regulation, target=RegulationFactory(), type=RelationType.CITES
        )
    return f"/peraturan/pmk/2019/{number}/"


def test_detail_query_count_does_not_grow_with_relations(
    client, django_assert_num_queries
):
    few = _regulation_with_relations(500, 3)
    many = _regulation_with_relations(501, 15)
    client.get(few)  # warm per-process caches (content types, site)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(few)
    assert len(response.context["timeline"]) == 3 + 3
    with django_assert_num_queries(len(queries)):
        response = client.get(many)
    assert len(response.context["timeline"]) == 3 + 15
    assert len(response.context["outgoing_groups"][0][1]) == 15


def test_list_query_count_does_not_grow_with_rows(client, django_assert_num_queries):
    def build(n):
        for _ in range(n):
            RegulationRelationFactory(
                target=RegulationFactory(), source=RegulationFactory()
            )

    build(2)
    client.get("/peraturan/")
    with CaptureQueriesContext(connection) as few:
        client.get("/peraturan/")
    build(8)
    with django_assert_num_queries(len(few)):
        response = client.get("/peraturan/")
    assert len(response.context["rows"]) == 20
