"""The best answer and editors' promotions, shown above the ranked results."""

from __future__ import annotations

import pytest
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from search import queries
from search.citations import candidate_keys

pytestmark = pytest.mark.django_db


def slugs(outcome) -> list[str]:
    return [hit.slug for hit in outcome.hits]


def test_regulation_citation_in_any_spelling_is_the_best_answer(corpus):
    for query in ["PER-04/PJ/2020", "per 4 2020", "perdirjen nomor 4 tahun 2020"]:
        outcome = queries.search(query, log=False)
        assert outcome.best_answer is not None, query
        assert outcome.best_answer.slug == "per-4-2020"
        assert (
            outcome.best_answer.url
            == corpus.regulations["per-4-2020"].get_absolute_url()
        )
    assert (
        queries.search("PMK 23/PMK.03/2020", log=False).best_answer.slug
        == "pmk-23-2020"
    )


def test_unregistered_or_draft_regulation_is_no_best_answer(corpus):
    assert candidate_keys("pmk 99 2021") == [("PMK", 99, 2021)]
    assert queries.search("pmk 99 2021", log=False).best_answer is None
    assert queries.search("per 5 2020", log=False).best_answer is None


def test_exact_service_name_or_code_is_the_best_answer(corpus):
    for query in ["permohonan aktivasi EFIN", "LYN-010"]:
        best = queries.search(query, log=False).best_answer
        assert best is not None and best.kind == "layanan", query
        assert best.url == corpus.service.url
    assert queries.search("aktivasi", log=False).best_answer is None


def test_promoted_result_is_shown_apart_and_left_out_of_the_list(corpus):
    article = corpus.articles["lupa-efin"]
    SearchPromotion.objects.create(
        query=Query.get("efin"), page=article, description="Panduan resmi"
    )
    outcome = queries.search("EFIN", log=False)
    assert [p["url"] for p in outcome.promotions] == [article.url]
    assert "lupa-efin" not in slugs(outcome)
