"""Site-wide URLs: sitemap, robots.txt and the friendly error pages."""

from xml.etree import ElementTree

from bs4 import BeautifulSoup
from django.template.loader import render_to_string
from django.test import RequestFactory

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


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


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
