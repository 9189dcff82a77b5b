"""The read API (Wagtail API v2) answers any query string with a 200 or a 4xx and a
reason, never a 500 (issue 16: quotes, NULs, bad operators, overflowing numbers)."""

import pytest

from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(topic):
    return ArticlePageFactory(parent=topic, title="Cara daftar NPWP", slug="npwp")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("search=npwp%00", "Parameter search berisi karakter kontrol"),
        ("title=a%01b", "Parameter title berisi karakter kontrol"),
        ("search=npwp&search_operator=x", "search_operator 'x' tidak dikenal"),
        ("offset=9223372036854775808", "Parameter offset=9223372036854775808 di luar"),
        ("offset=10001", "gunakan bilangan 0 sampai 10000"),
        ("id=9223372036854775808", "Parameter id=9223372036854775808 di luar batas"),
        ("child_of=99999999999999999999", "Parameter child_of=99999999999999999999"),
        ("descendant_of=-5", "Parameter descendant_of=-5 di luar batas"),
    ],
)
def test_bad_parameters_are_a_400_with_the_reason(client, article, query, message):
    response = client.get(f"/api/v2/pages/?{query}")
    assert response.status_code == 400
    assert message in response.json()["message"]


def test_wagtails_own_checks_still_answer(client, article):
    response = client.get("/api/v2/pages/?limit=500")
    assert response.status_code == 400
    assert response.json()["message"] == "limit cannot be higher than 100"


def test_detail_of_an_overflowing_id_is_a_404(client, article):
    assert client.get("/api/v2/pages/99999999999999999999/").status_code == 404


def test_valid_bounds_still_list(client, article):
    response = client.get(
        "/api/v2/pages/", {"offset": "0", "child_of": str(article.get_parent().pk)}
    )
    assert response.status_code == 200
    assert [item["id"] for item in response.json()["items"]] == [article.pk]


@pytest.fixture
def searchable(topic, settings):
    from django.core.management import call_command

    settings.SEARCH_BACKEND = "default"
    pages = {
        slug: ArticlePageFactory(parent=topic, title=title, slug=slug, body=body)
        for slug, title, body in [
            ("lupa-efin", "Lupa EFIN", "Minta EFIN lagi lewat Kring Pajak."),
            ("daftar-npwp", "Cara daftar NPWP", "Daftar NPWP pribadi di Coretax."),
        ]
    }
    call_command("update_index", backend_name="default", verbosity=0)
    return pages


@pytest.mark.parametrize(
    "search",
    ['"', 'npwp OR "pajak', 'a"b', "npwp)(", "*", "NEAR(npwp efin)", "😀"],
)
def test_search_text_of_any_shape_answers_200(client, searchable, search):
    response = client.get("/api/v2/pages/", {"search": search})
    assert response.status_code == 200


def test_search_uses_the_sites_own_search(client, searchable):
    """Stemming and synonyms of /cari/: "mendaftar nomor pokok" finds the NPWP page."""
    response = client.get(
        "/api/v2/pages/", {"search": "mendaftar nomor pokok wajib pajak"}
    )
    assert response.status_code == 200
    slugs = [item["meta"]["slug"] for item in response.json()["items"]]
    assert slugs[0] == "daftar-npwp"
    response = client.get(
        "/api/v2/pages/",
        {"search": 'npwp OR "pajak', "type": "kb.ArticlePage", "fields": "title"},
    )
    assert response.json()["items"][0]["title"] == "Cara daftar NPWP"


def test_search_with_an_order_keeps_the_order(client, searchable):
    response = client.get("/api/v2/pages/", {"search": "efin npwp", "order": "-title"})
    titles = [item["title"] for item in response.json()["items"]]
    assert titles == sorted(titles, reverse=True)
