"""The English site at /en/: translated pages in English, every other page in Indonesian
inside it (Indonesian is the fallback), links that stay in it, a language switch and
hreflang for real translations. Indonesian addresses keep working unchanged."""

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.utils import translation
from wagtail.models import Locale

from kb.i18n import url_in_language
from kb.routes import route_slugs
from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def translate(page, *, title: str, **fields):
    """An editor's English translation of `page` (Wagtail's copy for translation), published."""
    english = page.copy_for_translation(Locale.objects.get(language_code="en"))
    english.title = title
    for name, value in fields.items():
        setattr(english, name, value)
    english.save_revision().publish()
    return english.specific_class.objects.get(pk=english.pk)


@pytest.fixture
def article(topic):
    return ArticlePageFactory(
        parent=topic, slug="daftar-npwp", title="Cara daftar NPWP", summary="Ringkas."
    )


@pytest.mark.parametrize(
    ("url", "language", "expected"),
    [
        ("/npwp/daftar/", "en", "/en/npwp/daftar/"),
        ("/en/npwp/daftar/", "id", "/npwp/daftar/"),
        ("/", "en", "/en/"),
        ("/en/", "id", "/"),
        ("/cari/?q=efin#hasil", "en", "/en/cari/?q=efin#hasil"),
        ("/peraturan/pmk/2024/81/", "en", "/en/peraturan/pmk/2024/81/"),
        ("/npwp/faq/#isi-a", "id", "/npwp/faq/#isi-a"),
        # Outside the public site: unchanged.
        ("/admin/pages/", "en", "/admin/pages/"),
        ("/api/v2/pages/", "en", "/api/v2/pages/"),
        ("https://www.pajak.go.id/", "en", "https://www.pajak.go.id/"),
    ],
)
def test_url_in_language_swaps_the_language_prefix_of_public_addresses(
    url, language, expected
):
    assert url_in_language(url, language) == expected


def test_the_language_prefix_is_a_reserved_slug():
    assert "en" in route_slugs()
    assert "id" not in route_slugs()


def test_english_site_shows_untranslated_pages_in_indonesian_inside_it(
    client, topic, article
):
    response = client.get("/en/npwp/daftar-npwp/")
    assert response.status_code == 200
    page = soup(response)
    assert page.html["lang"] == "en"
    assert page.h1.get_text(strip=True) == "Cara daftar NPWP"
    assert page.main["lang"] == "id"  # the content is Indonesian
    assert page.main.find(class_="notice--language")["lang"] == "en"
    # Links stay in the English site; the canonical address is the Indonesian page's.
    crumbs = [a["href"] for a in page.find(class_="breadcrumbs").find_all("a")]
    assert crumbs == ["/en/", "/en/npwp/", "/en/npwp/daftar-npwp/"]
    assert page.find("form", class_="search-form")["action"] == "/en/cari/"
    assert page.find("link", rel="canonical")["href"].endswith("/npwp/daftar-npwp/")
    assert not page.find("link", hreflang=True)  # no real translation: no hreflang
    switch = page.find(class_="language-switch").a
    assert (switch["href"], switch["lang"]) == ("/npwp/daftar-npwp/", "id")


def test_indonesian_addresses_are_unchanged_and_offer_english(client, topic, article):
    response = client.get("/npwp/daftar-npwp/")
    page = soup(response)
    assert page.html["lang"] == "id"
    assert not page.main.has_attr("lang")
    assert not page.find(class_="notice--language")
    switch = page.find(class_="language-switch").a
    assert (switch["href"], switch["lang"], switch.get_text(strip=True)) == (
        "/en/npwp/daftar-npwp/",
        "en",
        "English",
    )


def test_a_translated_page_is_shown_in_english_with_hreflang(
    client, home_page, topic, article
):
    english_home = translate(home_page, title="Tax Knowledge Base (English)")
    english_topic = translate(topic, title="Tax ID")
    english = translate(article, title="How to register for an NPWP")

    page = soup(client.get("/en/npwp/daftar-npwp/"))
    assert page.h1.get_text(strip=True) == "How to register for an NPWP"
    assert not page.main.has_attr("lang")
    alternates = {
        link["hreflang"]: link["href"] for link in page.find_all("link", hreflang=True)
    }
    assert set(alternates) == {"id", "en", "x-default"}
    assert alternates["en"].endswith("/en/npwp/daftar-npwp/")
    assert alternates["x-default"] == alternates["id"]
    assert alternates["id"].endswith("/npwp/daftar-npwp/")
    # The Indonesian page links to its translation, and back.
    indonesian = soup(client.get(article.url))
    assert indonesian.find(class_="language-switch").a["href"] == english.url
    assert page.find(class_="language-switch").a["href"] == "/npwp/daftar-npwp/"
    # The English home lists the Indonesian tree's topics, translated where they are.
    home = soup(client.get("/en/"))
    assert home.h1.get_text(strip=True) == english_home.title
    topics = [a.get_text(strip=True) for a in home.select(".card__title a")]
    assert topics == [english_topic.title]


def test_a_page_not_yet_translated_under_a_translated_parent_falls_back(
    client, home_page, topic, article
):
    translate(home_page, title="Tax Knowledge Base (English)")
    # The topic is not translated: /en/npwp/… is found through the Indonesian topic.
    response = client.get("/en/npwp/daftar-npwp/")
    assert response.status_code == 200
    assert soup(response).main["lang"] == "id"
    assert client.get("/en/tidak-ada/").status_code == 404


def test_english_404_page_is_in_the_english_site(client, home_page):
    response = client.get("/en/tidak-ada-halaman-ini/")
    assert response.status_code == 404
    page = soup(response)
    assert page.html["lang"] == "en"
    assert page.main.find("form")["action"] == "/en/cari/"


def test_suggestions_asked_from_the_english_site_lead_to_it(client, topic, settings):
    settings.SEARCH_BACKEND = "default"
    ArticlePageFactory(parent=topic, slug="lupa-efin", title="Lupa EFIN")
    from django.core.management import call_command

    call_command("update_index", backend_name="default", verbosity=0)
    body = client.get("/en/api/search/suggest/", {"q": "lupa ef"}).json()
    urls = [item["url"] for item in body["suggestions"]]
    assert "/en/npwp/lupa-efin/" in urls
    with translation.override("id"):
        indonesian = client.get("/api/search/suggest/", {"q": "lupa ef"}).json()
    assert "/npwp/lupa-efin/" in [item["url"] for item in indonesian["suggestions"]]


# One language per screen: the English interface has no Indonesian left in it --------
def untranslated_english() -> list[re.Pattern]:
    """Patterns of the interface strings locale/en leaves untranslated (editor-only)."""
    path = Path(__file__).resolve().parents[2] / "locale/en/LC_MESSAGES/django.po"
    blocks = path.read_text(encoding="utf-8").split("\n\n")
    # A few editor-only msgids are English words already ("Regulations").
    english = set(re.findall(r'^msgstr(?:\[\d\])? "(.+)"$', "\n".join(blocks), re.M))
    patterns = []
    for block in blocks:
        msgid = re.search(r'^msgid "(.+)"$', block, re.M)
        if msgid and msgid.group(1) in english:
            continue
        if msgid and re.search(r'^msgstr(\[0\])? ""$', block, re.M):
            text = msgid.group(1).replace('\\"', '"')
            if " " not in text:
                continue  # one word ("status") proves little: it may be English too
            words = [re.escape(part) for part in re.split(r"%\(\w+\)\w|%\w", text)]
            if len("".join(words)) > 3:
                patterns.append(re.compile(r"\S*".join(words)))
    return patterns


def english_text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code in {200, 404}, url
    page = BeautifulSoup(response.content.decode(), "html.parser")
    assert page.html["lang"] == "en", url
    for element in page(["script", "style"]):
        element.decompose()
    # Editors' content shown untranslated is marked as Indonesian; the interface is not.
    for element in page.select("[lang=id]"):
        element.decompose()
    return " ".join(page.get_text(" ").split())


def test_english_pages_show_no_untranslated_interface_text(client, topic, article):
    from tests.factories import FAQItemFactory, FAQPageFactory

    faq = FAQPageFactory(parent=topic, slug="faq-npwp")
    FAQItemFactory(page=faq)
    patterns = untranslated_english()
    assert patterns  # editor-only strings exist and stay Indonesian
    for url in [
        "/en/",
        "/en/npwp/",
        "/en/cari/?q=npwp",
        "/en/cari/?q=zzzyyyxxx",
        "/en/peraturan/",
        "/en/tidak-ada/",
    ]:
        text = english_text(client, url)
        leftovers = [p.pattern for p in patterns if p.search(text)]
        assert leftovers == [], url
    assert "Skip to main content" in english_text(client, "/en/")


def test_language_comes_from_the_path_so_pages_do_not_vary_on_browser_language(
    client, article
):
    indonesian = client.get(article.url, HTTP_ACCEPT_LANGUAGE="en")
    english = client.get("/en" + article.url, HTTP_ACCEPT_LANGUAGE="id")

    assert indonesian["Content-Language"] == "id"
    assert english["Content-Language"] == "en"
    for response in (indonesian, english):
        assert "accept-language" not in response.get("Vary", "").lower()
