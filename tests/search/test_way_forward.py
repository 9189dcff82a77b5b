"""Every query gets a way forward (issue 11): short-word typos, English words,
suggestions that complete popular questions and titles, a helpful zero-result page,
and results under review demoted with a note."""

import datetime

import pytest

from regulations.choices import RelationType
from regulations.models import PageRegulationLink, RegulationRelation, ReviewFlag
from regulations.models.tracking import LinkSource
from search import queries
from search.actions import search_log_record
from search.suggestions import forget_popular
from tests.regulations.factories import RegulationFactory

pytestmark = pytest.mark.django_db


def test_a_short_typo_is_corrected_and_suggested(corpus):
    outcome = queries.search("lupa efn", log=False)
    assert outcome.suggestion == "lupa efin"
    assert outcome.hits[0].slug == "lupa-efin"
    assert queries.search("efn", log=False).hits


def test_a_short_abbreviation_is_not_turned_into_another(corpus):
    """Only a missing letter is restored in a three-letter word ("efn" -> efin)."""
    outcome = queries.search("ppx", log=False)
    assert outcome.suggestion is None


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("tax refund", "restitusi"),
        ("forgot efin", "lupa-efin"),
        ("how to register tax id", "daftar-npwp"),
        ("objection to tax assessment", "keberatan"),
    ],
)
def test_english_questions_find_the_indonesian_answer(corpus, query, expected):
    slugs = [hit.slug for hit in queries.search(query, log=False).hits[:3]]
    assert expected in slugs


def test_suggestions_complete_popular_questions(corpus):
    for _ in range(3):
        search_log_record(query="cara lapor spt tahunan pegawai", results=4)
    search_log_record(query="cara lapor zzz", results=0)  # found nothing: never offered
    forget_popular()
    titles = [item["title"] for item in queries.suggest("cara lapor")]
    assert titles[0] == "cara lapor spt tahunan pegawai"
    assert "cara lapor zzz" not in titles
    assert queries.suggest("cara lapor")[0]["type"] == "query"


def test_suggestions_read_words_typed_in_another_form(corpus):
    """No title holds "daftar" or "telat": titles saying "mendaftar", "terlambat"
    still complete them."""
    titles = [item["title"] for item in queries.suggest("daftar npwp ")]
    assert titles[0] == "Cara mendaftar NPWP orang pribadi secara online"
    titles = [item["title"] for item in queries.suggest("lupa efin ")]
    assert titles[0] == "Lupa EFIN: cara mendapatkannya kembali"


def test_zero_results_page_offers_a_way_forward(client, corpus):
    response = client.get("/cari/", {"q": "zxqv"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Jelajahi topik" in html
    assert 'href="/keberatan/"' in html  # a topic
    assert 'href="/layanan/"' in html  # the service catalogue
    assert 'href="tel:1500200"' in html


def test_a_page_flagged_for_review_is_demoted_with_a_note(corpus, client):
    """Current guidance first; the page whose cited regulation changed after its last
    review ("perlu ditinjau") stays, saying it is under review."""
    from django.core.management import call_command

    from tests.factories import ArticlePageFactory

    original = corpus.articles["lupa-efin"]
    twin = ArticlePageFactory(
        parent=corpus.topics["efin"],
        title="Lupa EFIN: cara mendapatkannya kembali",
        slug="lupa-efin-terbaru",
        summary=original.summary,
        body=original.body,
    )
    call_command("update_index", backend_name="default", verbosity=0)
    # Two pages answer alike; the one ranked first gets flagged.
    before = [hit.slug for hit in queries.search("lupa efin", log=False).hits][:2]
    assert sorted(before) == ["lupa-efin", "lupa-efin-terbaru"]
    outdated = {"lupa-efin": original, "lupa-efin-terbaru": twin}[before[0]]
    ReviewFlag.objects.create(
        page=outdated,
        regulation=corpus.regulations["pmk-23-2020"],
        event="revoked",
        event_on=datetime.date(2020, 4, 27),
        reason="PMK 23/PMK.03/2020 dicabut.",
    )
    after = queries.search("lupa efin", log=False).hits
    assert [hit.slug for hit in after][:2] == before[::-1]
    demoted = next(hit for hit in after if hit.slug == outdated.slug)
    assert demoted.under_review
    html = client.get("/cari/", {"q": "lupa efin"}).content.decode()
    assert "Sedang ditinjau" in html


def test_a_page_only_citing_a_revoked_regulation_is_not_demoted(corpus):
    """Explaining that a regulation was replaced is current guidance."""
    page = corpus.articles["lupa-efin"]
    revoked = corpus.regulations["pmk-23-2020"]
    revoked.effective_on = datetime.date(2020, 3, 23)
    revoked.save()
    RegulationRelation.objects.create(
        source=RegulationFactory(
            type="PMK", number=44, year=2020, effective_on=datetime.date(2020, 4, 27)
        ),
        type=RelationType.REVOKES,
        target=revoked,
    )
    PageRegulationLink.objects.create(
        page=page, regulation=revoked, source=LinkSource.CITATION
    )
    hits = queries.search("lupa efin", log=False).hits
    assert hits[0].slug == "lupa-efin" and not hits[0].under_review
