"""/peraturan/feed.json: JDIHN fields plus dates, derived status and typed relations."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from regulations.choices import RelationType
from tests.regulations.factories import RegulationFactory, RegulationRelationFactory

pytestmark = pytest.mark.django_db

D = datetime.date
JDIHN_FIELDS = {
    "idData",
    "judul",
    "jenis",
    "singkatanJenis",
    "noPeraturan",
    "tahun_pengundangan",
    "tanggal_pengundangan",
    "tanggal_penetapan",
    "sumber",
    "subjek",
    "status",
    "bahasa",
    "urlDetailPeraturan",
    "urlDownload",
    "abstrak",
}


@pytest.fixture
def hpp():
    perppu = RegulationFactory(
        type="PERPPU",
        number=1,
        year=2020,
        unit="",
        title="Kebijakan Keuangan Negara",
        signed_on=None,
        promulgated_on=None,
        effective_on=D(2020, 3, 31),
    )
    uu = RegulationFactory(
        type="UU",
        number=7,
        year=2021,
        unit="",
        title="Harmonisasi Peraturan Perpajakan",
        signed_on=None,
        promulgated_on=D(2021, 10, 29),
        effective_on=D(2021, 10, 29),
        publication="LN 2021 No. 246, TLN No. 6736",
        abstract="UU HPP.",
    )
    uu.subjects.add("KUP", "PPh")
    uu.save()
    RegulationRelationFactory(
        source=uu,
        target=perppu,
        type=RelationType.REVOKES_PART,
        provision="Pasal 5 ayat (1) huruf b",
    )
    return uu, perppu


def items_by_number(response):
    return {item["noPeraturan"]: item for item in response.json()["data"]}


def test_feed_has_jdihn_fields_and_our_extensions(client, hpp):
    response = client.get("/peraturan/feed.json", {"pada": "2022-01-01"})
    assert (
        response.status_code == 200 and response["Content-Type"] == "application/json"
    )
    body = response.json()
    assert body["pada"] == "2022-01-01" and body["jumlah"] == 2
    items = items_by_number(response)
    uu = items["UU 7/2021"]
    assert set(uu) >= JDIHN_FIELDS
    assert (
        uu["judul"]
        == "Undang-Undang Nomor 7 Tahun 2021 tentang Harmonisasi Peraturan Perpajakan"
    )
    assert (uu["jenis"], uu["singkatanJenis"]) == ("Undang-Undang", "UU")
    assert (uu["tahun_pengundangan"], uu["tanggal_pengundangan"]) == (
        "2021",
        "2021-10-29",
    )
    assert uu["tanggal_penetapan"] is None
    assert uu["sumber"] == "LN 2021 No. 246, TLN No. 6736"
    assert uu["subjek"] == "KUP, PPh"
    assert (uu["status"], uu["bahasa"]) == ("Berlaku", "Indonesia")
    assert uu["urlDetailPeraturan"] == "http://testserver/peraturan/uu/2021/7/"
    assert uu["urlDownload"] == ""
    assert uu["abstrak"] == "UU HPP."
    assert (uu["status_detail"], uu["mulai_berlaku"], uu["berlaku_sampai"]) == (
        "berlaku",
        "2021-10-29",
        None,
    )
    assert uu["relations"] == [
        {
            "type": "revokes_part",
            "label": "mencabut sebagian",
            "target": "Perppu 1/2020",
            "target_url": "http://testserver/peraturan/perppu/2020/1/",
            "provision": "Pasal 5 ayat (1) huruf b",
            "effective_on": "2021-10-29",
        }
    ]
    perppu = items["Perppu 1/2020"]
    assert (
        perppu["status_detail"] == "dicabut_sebagian" and perppu["status"] == "Berlaku"
    )
    assert perppu["incoming_relations"][0]["source"] == "UU 7/2021"


def test_feed_status_follows_the_as_at_date(client, hpp):
    items = items_by_number(client.get("/peraturan/feed.json", {"pada": "2021-10-28"}))
    assert items["UU 7/2021"]["status"] == "Tidak Berlaku"
    assert items["UU 7/2021"]["status_detail"] == "belum_berlaku"
    assert items["Perppu 1/2020"]["status_detail"] == "berlaku"


def test_feed_bad_date_is_a_400_with_a_message(client, hpp):
    response = client.get("/peraturan/feed.json", {"pada": "29-10-2021"})
    assert response.status_code == 400
    assert response.json() == {
        "error": "Tanggal '29-10-2021' tidak sah; tulis YYYY-MM-DD, mis. 2025-05-21"
    }


def test_feed_leaves_out_drafts(client, hpp):
    RegulationFactory(number=5, live=False)
    assert client.get("/peraturan/feed.json").json()["jumlah"] == 2


def test_feed_query_count_is_constant(client, hpp, django_assert_num_queries):
    client.get("/peraturan/feed.json")
    with CaptureQueriesContext(connection) as few:
        client.get("/peraturan/feed.json")
    for _ in range(10):
        source = RegulationFactory()
        source.subjects.add("x")
        source.save()
        RegulationRelationFactory(source=source, target=RegulationFactory())
    with django_assert_num_queries(len(few)):
        response = client.get("/peraturan/feed.json")
    assert response.json()["jumlah"] == 22
