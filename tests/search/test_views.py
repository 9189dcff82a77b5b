"""The /cari/ page and the JSON endpoints, through the URLconf."""

from __future__ import annotations

import pytest
from django.urls import reverse

from search.models import SearchClick, SearchLog

pytestmark = pytest.mark.django_db

HOSTILE = [
    "",
    "x" * 5000,
    'npwp "efin',
    "efin OR NOT spt* NEAR/2 {title}:x",
    "npwp & !efin | spt:* <-> (",
    "1' OR '1'='1'; DROP TABLE search_searchdocument; --",
    "😀🔥🙏",
    "пароль EFIN 税务",
    "\x00efin\x07",
]


def assert_shared_briefly(response) -> None:
    """The front may share the answer for SEARCH_CACHE_SECONDS whatever the cookies."""
    cache_control = response["Cache-Control"]
    assert "public" in cache_control and "s-maxage=30" in cache_control
    assert response["Vary"] == "Accept-Encoding"


def assert_never_cached(response) -> None:
    cache_control = response.headers["Cache-Control"]
    assert "no-cache" in cache_control and "no-store" in cache_control


def test_search_page_shows_highlighted_results_and_facets(client, corpus):
    response = client.get(reverse("search"), {"q": "lupa efin"})
    assert response.status_code == 200
    assert "search/search.html" in [t.name for t in response.templates]
    assert_never_cached(response)
    html = response.content.decode()
    assert "<mark>EFIN</mark>" in html
    assert 'href="/efin/lupa-efin/"' in html
    assert 'data-search-position="1"' in html
    assert "?q=lupa+efin&amp;type=layanan" in html  # facet link keeps the query
    assert "js/search.js" in html


def test_search_page_offers_the_spelling_suggestion(client, corpus):
    html = client.get(reverse("search"), {"q": "pengembalan pajak"}).content.decode()
    assert "Mungkin maksud Anda:" in html
    assert "?q=pengembalian+pajak" in html


def test_search_page_shows_the_best_answer_box(client, corpus):
    html = client.get(reverse("search"), {"q": "PER-04/PJ/2020"}).content.decode()
    assert "Peraturan yang Anda cari" in html
    assert corpus.regulations["per-4-2020"].get_absolute_url() in html


def test_editor_markup_in_titles_is_escaped(client, corpus):
    from tests.factories import ArticlePageFactory

    ArticlePageFactory(
        parent=corpus.topics["lainnya"],
        title='Meterai <img src=x onerror="alert(1)">',
        summary="Bea meterai <script>alert(1)</script>",
    )
    html = client.get(reverse("search"), {"q": "meterai"}).content.decode()
    assert "<img src=x" not in html and "<script>alert" not in html
    assert "&lt;img src=x" in html


@pytest.mark.parametrize("query", HOSTILE)
def test_search_page_answers_bad_input_normally(client, corpus, query):
    response = client.get(
        reverse("search"), {"q": query, "page": "99999999999999", "type": "nope"}
    )
    assert response.status_code == 200
    assert "Jenis “nope” tidak dikenal" in response.content.decode()


def test_search_page_without_query_shows_examples(client, corpus):
    response = client.get(reverse("search"))
    assert response.status_code == 200
    assert "lupa EFIN" in response.content.decode()
    assert not SearchLog.objects.exists()


def test_api_returns_the_results_contract(client, corpus):
    response = client.get(reverse("search_api"), {"q": "aktivasi efaktur"})
    assert response.status_code == 200
    assert_shared_briefly(response)
    data = response.json()
    assert {"query", "total", "results", "facets", "suggestion"} <= set(data)
    assert data["query"] == "aktivasi efaktur"
    first = data["results"][0]
    assert {"title", "url", "slug", "type", "snippet", "score"} <= set(first)
    assert first["slug"] == "faq-efaktur"
    assert first["type"] == "faq"
    assert first["url"].endswith("#aktivasi-efaktur")
    assert data["total"] >= 1
    assert {facet["value"] for facet in data["facets"]["type"]} >= {"faq"}


def test_api_filters_by_type_and_topic(client, corpus):
    data = client.get(
        reverse("search_api"), {"q": "efin", "type": "layanan", "topic": ""}
    ).json()
    assert [r["type"] for r in data["results"]] == ["layanan"]
    data = client.get(reverse("search_api"), {"q": "pajak", "topic": "spt"}).json()
    assert data["results"]
    assert {r["slug"] for r in data["results"]} <= {"lapor-spt-pegawai", "restitusi"}


@pytest.mark.parametrize("query", HOSTILE)
def test_api_answers_bad_input_normally(client, corpus, query):
    response = client.get(
        reverse("search_api"), {"q": query, "page": "-3", "audience": "alien"}
    )
    assert response.status_code == 200
    data = response.json()
    assert data["total"] >= 0
    assert any("Kelompok “alien” tidak dikenal" in e for e in data["errors"])


def test_api_rejects_other_methods(client, corpus):
    assert client.post(reverse("search_api"), {"q": "efin"}).status_code == 405


def test_suggest_returns_at_most_ten_titles(client, corpus):
    response = client.get(reverse("search_suggest"), {"q": "lupa ef"})
    assert response.status_code == 200
    assert_shared_briefly(response)
    items = response.json()["suggestions"]
    assert items[0]["title"].startswith("Lupa EFIN")
    assert set(items[0]) >= {"title", "url", "type"}
    for query in ["p", "pa", "x" * 5000, "😀", '"']:
        data = client.get(reverse("search_suggest"), {"q": query}).json()
        assert len(data["suggestions"]) <= 10


def test_click_is_recorded_once_per_position(client, corpus):
    data = client.get(reverse("search_api"), {"q": "lupa efin"}).json()
    payload = {"search_id": data["search_id"], "position": 1, "url": "/efin/lupa-efin/"}
    first = client.post(reverse("search_click"), payload)
    again = client.post(reverse("search_click"), payload)
    assert (first.status_code, again.status_code) == (201, 200)
    click = SearchClick.objects.get()
    assert (click.search_id, click.position) == (data["search_id"], 1)


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"search_id": "x", "position": 1, "url": "/a/"}, "search_id"),
        ({"search_id": 1, "position": 0, "url": "/a/"}, "position"),
        ({"search_id": 1, "position": 1, "url": "https://evil.example/"}, "url"),
        ({"search_id": 1, "position": 1, "url": "//evil.example/"}, "url"),
    ],
)
def test_click_with_bad_data_is_refused_with_the_field(client, payload, field):
    response = client.post(reverse("search_click"), payload)
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not SearchClick.objects.exists()


def test_click_on_unknown_search_is_not_stored(client, db):
    response = client.post(
        reverse("search_click"), {"search_id": 999, "position": 1, "url": "/a/"}
    )
    assert response.status_code == 200
    assert response.json() == {"ok": False}
