"""The public search over the database backend (SQLite, or PostgreSQL via DATABASE_URL)."""

from __future__ import annotations

import pytest
from wagtail.contrib.search_promotions.models import Query

from search import queries
from search.models import SearchClick, SearchLog, Synonym
from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


def slugs(outcome) -> list[str]:
    return [hit.slug for hit in outcome.hits]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("cara daftar npwp", "daftar-npwp"),
        ("lupa efin", "lupa-efin"),
        ("cara lapor spt tahunan karyawan", "lapor-spt-pegawai"),
        ("pendaftaran nomor pokok wajib pajak", "daftar-npwp"),
        ("npwp non aktif", "npwp-nonaktif"),
        ("npwp ne", "npwp-nonaktif"),
        ("gimana kalo keberatan sama skp", "keberatan"),
        ("restitusi", "restitusi"),
        ("dipungut ppn", "pemungutan-ppn"),
        ("saya lupa efin dan tidak bisa login, harus bagaimana?", "lupa-efin"),
    ],
)
def test_taxpayer_wording_finds_the_answer_first(corpus, query, expected):
    outcome = queries.search(query, log=False)
    assert slugs(outcome)[0] == expected, slugs(outcome)


def test_any_word_matches_instead_of_every_word(corpus):
    outcome = queries.search("efin kucing", log=False)
    assert set(slugs(outcome)[:2]) == {"lupa-efin", "aktivasi-efin"}


def test_protected_word_is_not_matched_by_its_stem(corpus):
    keberatan = queries.search("keberatan", log=False)
    assert slugs(keberatan) == ["keberatan"]
    berat = queries.search("berat", log=False)
    assert "keberatan" not in slugs(berat)
    assert slugs(berat)[0] == "paket"


def test_each_faq_question_is_its_own_hit_with_its_anchor(corpus):
    outcome = queries.search("aktivasi efaktur", log=False)
    first = outcome.hits[0]
    assert first.kind == "faq"
    assert first.slug == "faq-efaktur"
    assert first.url.endswith("/faq-efaktur/#aktivasi-efaktur")
    assert first.title_text.startswith("Bagaimana cara mengaktifkan e-Faktur")
    nsfp = queries.search("nsfp", log=False)
    assert [hit.url.rsplit("#", 1)[1] for hit in nsfp.hits] == ["nsfp"]


def test_typo_is_tolerated_and_suggested(corpus):
    outcome = queries.search("pengembalan kelebihan pajak", log=False)
    assert outcome.suggestion == "pengembalian kelebihan pajak"
    assert slugs(outcome)[0] == "restitusi"


def test_snippet_and_title_are_highlighted(corpus):
    outcome = queries.search("lupa efin", log=False)
    hit = outcome.hits[0]
    assert "<mark>EFIN</mark>" in hit.title
    assert "<mark>" in hit.snippet


def test_regulations_are_searchable_with_a_stable_slug(corpus):
    outcome = queries.search("insentif pajak terdampak wabah", log=False)
    assert outcome.hits[0].slug == "pmk-23-2020"
    assert outcome.hits[0].kind == "peraturan"


def test_facets_count_types_topics_and_audiences(corpus):
    outcome = queries.search("efin", log=False)
    types = {item["value"]: item["count"] for item in outcome.facets["type"]}
    assert types == {"artikel": 1, "layanan": 1}
    topics = {item["value"]: item["count"] for item in outcome.facets["topic"]}
    assert topics == {"efin": 1}
    audiences = {item["value"] for item in outcome.facets["audience"]}
    assert audiences == {"orang-pribadi", "badan"}


def test_filters_narrow_results_but_keep_other_choices_countable(corpus):
    outcome = queries.search("efin", kinds=["layanan"], log=False)
    assert [hit.kind for hit in outcome.hits] == ["layanan"]
    assert outcome.total == 1
    types = {item["value"]: item["count"] for item in outcome.facets["type"]}
    assert types == {"artikel": 1, "layanan": 1}
    by_topic = queries.search("pajak", topic="spt", log=False)
    assert set(slugs(by_topic)) <= {"lapor-spt-pegawai", "restitusi"}
    by_audience = queries.search("ppn", audience="pkp", log=False)
    assert slugs(by_audience) == ["pemungutan-ppn"]
    unknown_topic = queries.search("efin", topic="tidak-ada", log=False)
    assert unknown_topic.total == 0


def test_pagination_clamps_huge_and_invalid_page_numbers(corpus):
    for number in range(25):
        ArticlePageFactory(
            parent=corpus.topics["lainnya"],
            title=f"Kode billing nomor {number}",
            summary="billing",
        )
    first = queries.search("billing", log=False)
    assert first.total == 25
    assert first.page.paginator.num_pages == 3
    last = queries.search("billing", page="999999999999", log=False)
    assert last.page.number == 3
    assert len(last.hits) == 5
    assert last.hits[0].position == 21
    assert queries.search("billing", page="abc", log=False).page.number == 1


@pytest.mark.parametrize(
    "query",
    [
        "",
        "x" * 5000,
        'npwp "efin',
        "efin AND NOT (npwp OR spt*) NEAR/2 ^title:x",
        "npwp & !efin | spt:* <-> (x",
        "'; DROP TABLE search_searchdocument; --",
        "😀🔥 efin 🙏",
        "пароль EFIN 税务 ضريبة",
    ],
)
def test_hostile_or_odd_queries_get_a_normal_answer(corpus, query):
    outcome = queries.search(query)
    assert outcome.total >= 0
    assert outcome.page.number == 1
    if "efin" in query.lower():
        assert "lupa-efin" in slugs(outcome)


def test_search_is_logged_for_promotions_report_and_analytics(corpus):
    for number in range(12):
        ArticlePageFactory(parent=corpus.topics["efin"], title=f"EFIN badan {number}")
    outcome = queries.search("efin")
    assert Query.get("efin").hits == 1
    log = SearchLog.objects.get(pk=outcome.log_id)
    assert (log.results, log.page_number, log.backend) == (
        outcome.total,
        1,
        outcome.backend,
    )
    second = queries.search("efin", page=2)
    assert SearchLog.objects.get(pk=second.log_id).page_number == 2
    assert Query.get("efin").hits == 1  # a later page is not a new search
    assert queries.record_click(search_id=log.pk, position=1, url="/efin/lupa-efin/")
    assert not queries.record_click(
        search_id=log.pk, position=1, url="/efin/lupa-efin/"
    )
    assert SearchClick.objects.get().position == 1


def test_editor_synonym_takes_effect_without_reindexing(corpus):
    assert queries.search("kucing", log=False).total == 0
    Synonym.objects.create(terms="kucing, efin")
    assert set(slugs(queries.search("kucing", log=False))) == {
        "lupa-efin",
        "aktivasi-efin",
    }


def test_english_glossary_finds_the_indonesian_answer(corpus):
    assert slugs(queries.search("how do I file a tax objection?", log=False))[0] == (
        "keberatan"
    )
    assert slugs(queries.search("objection", log=False))[0] == "keberatan"
    # The glossary rows are synonyms like any other: an editor can switch one off.
    for row in Synonym.objects.filter(terms__icontains="objection"):
        row.active = False
        row.save()
    assert "keberatan" not in slugs(queries.search("objection", log=False))


def test_suggestions_complete_the_last_word(corpus):
    items = queries.suggest("lupa ef")
    assert items[0]["title"].startswith("Lupa EFIN")
    assert len(queries.suggest("pa")) <= 10
    assert queries.suggest("") == []
    assert queries.suggest("😀") == []


def test_query_count_does_not_grow_with_results(corpus, django_assert_max_num_queries):
    queries.search("pajak", log=False)
    # PostgreSQL adds a savepoint and SET LOCAL around each engine query.
    with django_assert_max_num_queries(25) as captured:
        queries.search("pajak", log=False)
    before = len(captured.captured_queries)
    for number in range(15):
        ArticlePageFactory(
            parent=corpus.topics["lainnya"],
            title=f"Pajak daerah {number}",
            summary="pajak",
        )
    queries.search("pajak", log=False)
    with django_assert_max_num_queries(before):
        outcome = queries.search("pajak", log=False)
    assert len(outcome.hits) == 10
