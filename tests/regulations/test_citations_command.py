"""`manage.py citations parse` (JSON lines on stdout) and `citations sync`."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from regulations.models import PageRegulationLink, Regulation, UnregisteredCitation
from tests.factories import ArticlePageFactory, FAQItemFactory, FAQPageFactory

KEYS = [
    "start",
    "end",
    "text",
    "type",
    "number",
    "year",
    "unit",
    "provision",
    "regulation_url",
]


def make_regulation(kind, number, year, unit="", **fields) -> Regulation:
    fields.setdefault("title", f"Peraturan contoh {number}")
    fields.setdefault("effective_on", datetime.date(year, 1, 1))
    fields.setdefault("live", True)
    return Regulation.objects.create(
        type=kind, number=number, year=year, unit=unit, **fields
    )


def parse(text: str) -> list[dict]:
    out = io.StringIO()
    call_command("citations", "parse", stdin=io.StringIO(text), stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


@pytest.mark.django_db
def test_parse_prints_one_json_object_per_citation_with_registry_urls():
    make_regulation("PMK", 23, 2020, "PMK.03")
    text = (
        "Insentif diatur PMK-23/PMK.03/2020; pendaftaran kini mengikuti "
        "Pasal 4 ayat (2) huruf a PMK 81 Tahun 2024."
    )

    records = parse(text)

    assert [list(record) for record in records] == [KEYS, KEYS]
    registered, unregistered = records
    assert registered == {
        "start": text.index("PMK-23"),
        "end": text.index("PMK-23") + len("PMK-23/PMK.03/2020"),
        "text": "PMK-23/PMK.03/2020",
        "type": "PMK",
        "number": 23,
        "year": 2020,
        "unit": "PMK.03",
        "provision": None,
        "regulation_url": "/peraturan/pmk/2020/23/",
    }
    assert unregistered["text"] == "Pasal 4 ayat (2) huruf a PMK 81 Tahun 2024"
    assert text[unregistered["start"] : unregistered["end"]] == unregistered["text"]
    assert (unregistered["type"], unregistered["number"], unregistered["year"]) == (
        "PMK",
        81,
        2024,
    )
    assert unregistered["provision"] == "Pasal 4 ayat (2) huruf a"
    assert unregistered["unit"] is None
    assert unregistered["regulation_url"] is None


@pytest.mark.django_db
def test_parse_treats_draft_regulations_as_unregistered():
    make_regulation("UU", 7, 2021, live=False)

    (record,) = parse("UU HPP (UU 7/2021) berlaku bertahap.")[1:]

    assert record["text"] == "UU 7/2021"
    assert record["regulation_url"] is None


@pytest.mark.django_db
def test_parse_prints_nothing_for_look_alikes():
    assert parse("PPh 21 tahun 2024, PTKP 54 juta, hubungi 1500200.") == []


@pytest.mark.django_db
def test_parse_looks_registry_up_in_one_query():
    for number in range(1, 8):
        make_regulation("PP", number, 2021)
    text = " ".join(f"PP {number} Tahun 2021," for number in range(1, 8))

    with CaptureQueriesContext(connection) as queries:
        records = parse(text)

    assert len(records) == 7
    assert all(record["regulation_url"] for record in records)
    assert len(queries) == 1


def test_sync_rebuilds_links_for_all_live_pages(topic):
    pmk23 = make_regulation("PMK", 23, 2020, "PMK.03")
    article = ArticlePageFactory(parent=topic, body="Dasar: PMK 23/PMK.03/2020.")
    draft = ArticlePageFactory(parent=topic, body="PMK 23/PMK.03/2020", live=False)
    faq = FAQPageFactory(parent=topic)
    FAQItemFactory(page=faq, answer="Lihat PER-04/PJ/2020 dan PMK-23/PMK.03/2020.")
    stale = UnregisteredCitation.objects.create(
        page=article, type="PP", number=1, year=1990, cited_text="PP 1/1990"
    )

    out = io.StringIO()
    call_command("citations", "sync", stdout=out)

    assert set(
        PageRegulationLink.objects.values_list("page_id", "regulation_id", "source")
    ) == {(article.pk, pmk23.pk, "citation"), (faq.pk, pmk23.pk, "citation")}
    assert not PageRegulationLink.objects.filter(page=draft).exists()
    assert not UnregisteredCitation.objects.filter(pk=stale.pk).exists()
    assert list(
        UnregisteredCitation.objects.values_list("page_id", "type", "number", "year")
    ) == [(faq.pk, "PER", 4, 2020)]
    assert "2 tautan ke peraturan terdaftar, 1 kutipan belum terdaftar" in (
        out.getvalue()
    )

    call_command("citations", "sync", stdout=io.StringIO())
    assert PageRegulationLink.objects.count() == 2
    assert UnregisteredCitation.objects.count() == 1


def test_sync_query_count_does_not_grow_with_pages(topic):
    make_regulation("PMK", 23, 2020, "PMK.03")

    def queries_for_sync() -> int:
        with CaptureQueriesContext(connection) as queries:
            call_command("citations", "sync", stdout=io.StringIO())
        return len(queries)

    for _ in range(2):
        faq = FAQPageFactory(parent=topic)
        FAQItemFactory(page=faq, answer="PMK 23/PMK.03/2020")
        ArticlePageFactory(parent=topic, body="PMK 23/PMK.03/2020 dan PP 9/2021")
    few = queries_for_sync()
    for _ in range(6):
        faq = FAQPageFactory(parent=topic)
        FAQItemFactory(page=faq, answer="PMK 23/PMK.03/2020")
        ArticlePageFactory(parent=topic, body="PMK 23/PMK.03/2020 dan PP 9/2021")

    assert queries_for_sync() == few
    assert PageRegulationLink.objects.count() == 16
