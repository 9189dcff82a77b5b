"""Site-wide URLs: sitemap, robots.txt and the friendly error pages."""

from xml.etree import ElementTree

from bs4 import BeautifulSoup
from django.template.loader import render_to_string
from django.test import RequestFactory
from wagtail.models import Site

from kb import views as kb_views
from tests.factories import ArticlePageFactory, FAQPageFactory


def test_sitemap_lists_live_article_urls(client, topic):
    article = ArticlePageFactory(parent=topic, slug="cara-daftar-npwp")
    faq = FAQPageFactory(parent=topic, slug="faq-npwp")
    ArticlePageFactory(parent=topic, slug="masih-draf", live=False)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    sitemap = ElementTree.fromstring(response.content)  # noqa: S314 - our own response
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = {loc.text for loc in sitemap.findall("s:url/s:loc", namespace)}
    assert article.full_url in locations
    assert faq.full_url in locations
    assert topic.full_url in locations
    assert not any("masih-draf" in loc for loc in locations)


def test_robots_txt_points_to_the_sitemap_on_the_site_host(client, home_page):
    Site.objects.update(hostname="www.pajak.go.id", port=443)
    response = client.get("/robots.txt")  # asked as "testserver"
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Disallow: /admin/" in lines
    assert "Sitemap: https://www.pajak.go.id/sitemap.xml" in lines


def test_unknown_url_gets_a_friendly_404(client, home_page):
    response = client.get("/tidak-ada-halaman-ini/")
    assert response.status_code == 404
    assert "404.html" in [t.name for t in response.templates]
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    assert soup.html["lang"] == "id"
    assert soup.h1.get_text(strip=True) == "Halaman tidak ditemukan"
    assert "halaman yang Anda cari tidak ada" in soup.main.get_text()
    assert soup.main.find("form", attrs={"action": "/cari/"})
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"


def test_500_page_renders_without_touching_the_database():
    # No `db` fixture: pytest-django makes any query in this test raise.
    request = RequestFactory().get("/")
    response = kb_views.server_error(request)
    html = render_to_string("500.html")
    assert response.status_code == 500
    assert "Terjadi gangguan" in response.content.decode()
    assert "<link" not in html
    assert "Maaf, terjadi kesalahan di server kami." in html


def test_sitemap_lists_regulations_and_uses_the_site_host(client, topic):
    from tests.regulations.factories import RegulationFactory

    Site.objects.update(hostname="www.pajak.go.id", port=443)
    article = ArticlePageFactory(parent=topic, slug="cara-daftar-npwp")
    regulation = RegulationFactory(type="PMK", number=81, year=2024)
    RegulationFactory(type="PMK", number=82, year=2024, live=False)  # a draft
    response = client.get("/sitemap.xml")  # asked as "testserver"
    sitemap = ElementTree.fromstring(response.content)  # noqa: S314 - our own response
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = {loc.text for loc in sitemap.findall("s:url/s:loc", namespace)}
    assert "https://www.pajak.go.id/npwp/cara-daftar-npwp/" in locations
    assert (
        f"https://www.pajak.go.id{regulation.get_absolute_url()}" in locations
        and "https://www.pajak.go.id/peraturan/pmk/2024/82/" not in locations
    )
    assert all(loc.startswith("https://www.pajak.go.id/") for loc in locations)
    assert article.full_url in locations


def test_canonical_and_og_url_use_the_site_host(client, topic):
    from tests.regulations.factories import RegulationFactory

    Site.objects.update(hostname="www.pajak.go.id", port=443)
    article = ArticlePageFactory(parent=topic, slug="cara-daftar-npwp")
    regulation = RegulationFactory(type="PMK", number=81, year=2024)
    for path, expected in [
        (article.url, "https://www.pajak.go.id/npwp/cara-daftar-npwp/"),
        ("/peraturan/", "https://www.pajak.go.id/peraturan/"),
        (
            regulation.get_absolute_url(),
            "https://www.pajak.go.id/peraturan/pmk/2024/81/",
        ),
    ]:
        soup = BeautifulSoup(
            client.get(path, HTTP_HOST="localhost").content, "html.parser"
        )
        assert soup.find("link", rel="canonical")["href"] == expected, path
        og_url = soup.find("meta", property="og:url")
        assert og_url is None or og_url["content"] == expected, path
