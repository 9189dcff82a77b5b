"""Public KB pages: what each page type shows, its metadata, and the query budget of listings."""

import json

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kb.models import ArticleDailyViews, ArticleFeedback, AudienceGroup, TopicIndexPage
from tests.factories import (
    ArticlePageFactory,
    FAQItemFactory,
    FAQPageFactory,
    TopicIndexPageFactory,
)


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def json_ld_blocks(soup: BeautifulSoup) -> list[dict]:
    return [
        json.loads(script.string)
        for script in soup.find_all("script", type="application/ld+json")
    ]


def json_ld_of_type(soup: BeautifulSoup, schema_type: str) -> dict:
    (block,) = [b for b in json_ld_blocks(soup) if b["@type"] == schema_type]
    return block


def section_text(soup: BeautifulSoup, heading_id: str) -> str:
    """The text of the <section> labelled by the heading with this id."""
    return soup.find("section", attrs={"aria-labelledby": heading_id}).get_text(" ")


@pytest.fixture
def article(topic):
    article = ArticlePageFactory(
        parent=topic,
        title="Cara daftar NPWP",
        slug="cara-daftar-npwp",
        summary="Langkah mendaftar NPWP orang pribadi secara daring.",
        body="## Persiapan\n\nSiapkan KTP.\n\n<script>alert('x')</script>",
        content_owner="Direktorat P2Humas",
    )
    article.audiences.set(AudienceGroup.objects.filter(slug__in=["orang-pribadi"]))
    article.tags.add("npwp", "pendaftaran")
    article.save()
    return article


# Home


def test_home_shows_search_form_topics_and_recent_articles(client, article, topic):
    response = client.get("/")
    assert response.status_code == 200
    assert "kb/home_page.html" in [t.name for t in response.templates]
    soup = soup_of(response)
    form = soup.find("form", attrs={"role": "search", "action": "/cari/"})
    assert form["method"] == "get"
    field = form.find("input", attrs={"name": "q"})
    assert form.find("label", attrs={"for": field["id"]}).get_text(strip=True)
    assert topic.title in section_text(soup, "judul-topik")
    assert "Cara daftar NPWP" in section_text(soup, "judul-terbaru")
    assert "Belum ada data kunjungan" in section_text(soup, "judul-populer")


def test_every_search_form_offers_suggestions_as_you_type(client, article):
    for url in ("/", article.url):
        soup = soup_of(client.get(url))
        forms = soup.find_all("form", attrs={"role": "search"})
        assert forms, url
        for form in forms:
            assert form["action"] == "/cari/"
            assert form["data-suggest-url"] == "/api/search/suggest/"
        scripts = [s.get("src", "") for s in soup.find_all("script")]
        assert sum(src.endswith("js/search.js") for src in scripts) == 1, url
    suggestions = client.get("/api/search/suggest/", {"q": "np"})
    assert suggestions.status_code == 200


def test_reading_an_article_counts_a_view_and_lists_it_as_most_read(client, article):
    read_url = reverse("kb_read", args=[article.pk])
    for _ in range(2):
        assert client.get(article.url).status_code == 200
        assert client.post(read_url).status_code == 204  # the page's read beacon
    assert ArticleDailyViews.objects.get(page=article).count == 2

    popular = section_text(soup_of(client.get("/")), "judul-populer")
    assert "Cara daftar NPWP" in popular
    assert "Dibaca 2 kali" in popular


def test_previews_and_posts_do_not_count_views(client, article):
    response = article.make_preview_request()
    assert response.status_code == 200
    client.post(article.url)
    assert not ArticleDailyViews.objects.exists()


# Topic


def test_topic_lists_subtopics_articles_with_audiences_and_faqs(client, topic, article):
    TopicIndexPageFactory(parent=topic, title="NPWP Badan", intro="Untuk badan.")
    FAQPageFactory(parent=topic, title="FAQ NPWP")
    response = client.get(topic.url)
    assert response.status_code == 200
    assert "kb/topic_index_page.html" in [t.name for t in response.templates]
    soup = soup_of(response)
    assert soup.h1.get_text(strip=True) == "NPWP"
    assert "Panduan topik." in soup.find(class_="lead").get_text()
    assert "NPWP Badan" in section_text(soup, "judul-subtopik")
    articles = section_text(soup, "judul-artikel")
    assert "Cara daftar NPWP" in articles
    assert "Langkah mendaftar NPWP orang pribadi" in articles
    assert "Orang Pribadi" in articles
    assert "FAQ NPWP" in section_text(soup, "judul-faq")


def test_topic_listing_query_count_does_not_grow_with_articles(
    client, topic, django_assert_num_queries
):
    audiences = list(AudienceGroup.objects.all())

    def add_articles(count: int) -> None:
        for _ in range(count):
            page = ArticlePageFactory(parent=topic)
            page.audiences.set(audiences[:2])
            page.save()

    add_articles(3)
    client.get(topic.url)  # warm the site-root cache
    with CaptureQueriesContext(connection) as with_three:
        response = client.get(topic.url)
    assert len(response.context["articles_page"]) == 3

    add_articles(27)
    with django_assert_num_queries(len(with_three)):
        response = client.get(topic.url)
    assert len(response.context["articles_page"]) == 30
    assert response.content.decode().count("Orang Pribadi") == 30


@pytest.mark.parametrize("page_param", ["abc", "-1", "999", ""])
def test_topic_bad_page_number_shows_a_valid_page(
    client, topic, monkeypatch, page_param
):
    monkeypatch.setattr(TopicIndexPage, "ARTICLES_PER_PAGE", 2)
    for title in ("Alfa", "Beta", "Gama"):
        ArticlePageFactory(parent=topic, title=title)
    response = client.get(topic.url, {"page": page_param})
    assert response.status_code == 200
    assert response.context["articles_page"].number in {1, 2}


def test_topic_pagination_links_to_the_next_page(client, topic, monkeypatch):
    monkeypatch.setattr(TopicIndexPage, "ARTICLES_PER_PAGE", 2)
    for title in ("Alfa", "Beta", "Gama"):
        ArticlePageFactory(parent=topic, title=title)
    first = soup_of(client.get(topic.url))
    assert first.find("a", rel="next")["href"] == "?page=2#artikel"
    assert "Gama" not in section_text(first, "judul-artikel")
    second = soup_of(client.get(topic.url, {"page": 2}))
    assert "Gama" in section_text(second, "judul-artikel")
    assert "Halaman 2 dari 2" in second.find("nav", class_="pagination").get_text()


# Article


def test_article_shows_metadata_body_and_related(client, topic, article):
    related = ArticlePageFactory(parent=topic, title="Cara aktivasi EFIN")
    article.related_articles.add(related)
    article.save()
    response = client.get(article.url)
    assert response.status_code == 200
    assert "kb/article_page.html" in [t.name for t in response.templates]
    soup = soup_of(response)
    assert soup.h1.get_text(strip=True) == "Cara daftar NPWP"
    meta = soup.find(class_="article-meta").get_text(" ", strip=True)
    assert "Ditujukan untuk: Orang Pribadi" in meta
    assert "Terakhir ditinjau: 15 Januari 2026" in meta
    assert "Pemilik konten: Direktorat P2Humas" in meta
    assert soup.find(class_="prose").h2.get_text() == "Persiapan"
    assert {t.get_text() for t in soup.select(".tags .tag")} == {"npwp", "pendaftaran"}
    assert "Cara aktivasi EFIN" in section_text(soup, "judul-terkait")
    assert "Konten contoh (demo)" not in response.content.decode()


def test_article_body_is_rendered_sanitised(client, article):
    html = client.get(article.url).content.decode()
    assert "alert('x')" not in html.split('<div class="prose">')[1].split("</div>")[0]
    assert "<script>alert" not in html


def test_article_feedback_widget_posts_to_the_feedback_url(client, article):
    soup = soup_of(client.get(article.url))
    section = soup.find(id="umpan-balik")
    assert "Apakah halaman ini membantu?" in section.h2.get_text()
    form = section.form
    assert form["method"] == "post"
    assert form["action"] == f"/umpan-balik/{article.pk}/"
    # Shared by every reader through the front cache: no per-reader token in it.
    assert not form.find("input", attrs={"name": "csrfmiddlewaretoken"})
    assert [b["value"] for b in form.find_all("button")] == ["ya", "tidak"]
    comment = form.find("textarea", attrs={"name": "comment"})
    assert form.find("label", attrs={"for": comment["id"]})
    honeypot = form.find("input", attrs={"name": "website"})
    assert honeypot.find_parent(class_="honeypot")["aria-hidden"] == "true"
    assert form.find(attrs={"aria-live": "polite"}) is not None
    assert soup.find("script", src="/static/js/feedback.js")


def test_feedback_without_javascript_shows_the_message_once(client, article):
    response = client.post(
        f"/umpan-balik/{article.pk}/", {"helpful": "ya", "comment": "Jelas."}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{article.url}#umpan-balik"

    status = soup_of(client.get(article.url)).find(attrs={"data-feedback-status": True})
    assert status.get_text(strip=True) == "Terima kasih atas umpan balik Anda."
    status = soup_of(client.get(article.url)).find(attrs={"data-feedback-status": True})
    assert status.get_text(strip=True) == ""


@pytest.mark.parametrize("factory", [ArticlePageFactory, FAQPageFactory])
def test_demo_content_is_marked(client, topic, factory):
    page = factory(parent=topic, is_demo=True)
    soup = soup_of(client.get(page.url))
    assert "Konten contoh (demo)" in soup.find(class_="demo-notice").get_text()


# FAQ


def test_faq_items_have_anchors_and_json_ld(client, topic):
    faq = FAQPageFactory(parent=topic, title="FAQ NPWP", intro="Jawaban singkat.")
    questions = [
        "Apakah NPWP wajib?",
        "Bagaimana jika </script><script>alert(1)</script>?",
    ]
    for order, question in enumerate(questions):
        FAQItemFactory(
            page=faq, question=question, answer="**Ya**, wajib.", sort_order=order
        )
    response = client.get(faq.url)
    assert response.status_code == 200
    assert "kb/faq_page.html" in [t.name for t in response.templates]
    html = response.content.decode()
    assert "<script>alert(1)" not in html
    soup = soup_of(response)
    assert "Jawaban singkat." in soup.find(class_="lead").get_text()
    items = soup.select(".faq-item")
    assert [i["id"] for i in items] == [
        "apakah-npwp-wajib",
        "bagaimana-jika-scriptscriptalert1script",
    ]
    for item in items:
        assert item.find("a", href=f"#{item['id']}").get_text() == "#"
        assert item.find(class_="prose").strong.get_text() == "Ya"

    data = json_ld_of_type(soup, "FAQPage")
    assert data["@context"] == "https://schema.org"
    assert [q["@type"] for q in data["mainEntity"]] == ["Question", "Question"]
    assert [q["name"] for q in data["mainEntity"]] == questions
    assert data["mainEntity"][0]["acceptedAnswer"]["text"] == "Ya, wajib."


# Metadata shared by every page


def test_pages_have_breadcrumbs_with_json_ld(client, home_page, topic, article):
    soup = soup_of(client.get(article.url))
    nav = soup.find("nav", attrs={"aria-label": "Breadcrumb"})
    links = nav.find_all("a")
    assert [a.get_text() for a in links] == [home_page.title, "NPWP", article.title]
    assert links[-1]["aria-current"] == "page"
    assert [a.get("aria-current") for a in links[:-1]] == [None, None]

    crumbs = json_ld_of_type(soup, "BreadcrumbList")["itemListElement"]
    assert [c["position"] for c in crumbs] == [1, 2, 3]
    assert [c["name"] for c in crumbs] == [home_page.title, "NPWP", article.title]
    assert crumbs[-1]["item"] == article.full_url


@pytest.mark.parametrize(
    ("page_name", "description", "og_type"),
    [
        ("home", None, "website"),
        ("topic", "Panduan topik.", "website"),
        ("article", "Langkah mendaftar NPWP orang pribadi secara daring.", "article"),
    ],
)
def test_pages_have_canonical_and_open_graph(
    request, client, article, page_name, description, og_type
):
    page = request.getfixturevalue(
        f"{page_name}_page" if page_name == "home" else page_name
    )
    soup = soup_of(client.get(page.url))
    head = soup.head
    assert soup.html["lang"] == "id"
    assert head.find("link", rel="canonical")["href"] == page.full_url

    def og(prop: str) -> str:
        return head.find("meta", property=f"og:{prop}")["content"]

    assert og("url") == page.full_url
    assert og("title") == page.title
    assert og("type") == og_type
    assert og("locale") == "id_ID"
    assert og("site_name") == "Tax Knowledge Base DJP"
    if page_name == "home":
        description = page.intro
    assert og("description") == description
    assert head.find("meta", attrs={"name": "description"})["content"] == description


def test_search_description_overrides_summary(client, article):
    article.search_description = "Deskripsi khusus mesin pencari."
    article.save()
    head = soup_of(client.get(article.url)).head
    assert head.find("meta", attrs={"name": "description"})["content"] == (
        "Deskripsi khusus mesin pencari."
    )


def test_every_page_has_landmarks_and_a_skip_link(client, article):
    soup = soup_of(client.get(article.url))
    skip = soup.body.find("a")
    assert skip["href"] == "#konten"
    assert soup.find("main")["id"] == "konten"
    for landmark in ("header", "nav", "main", "footer"):
        assert soup.find(landmark) is not None


def test_faq_page_shows_its_review_date_and_takes_feedback(client, topic):
    faq = FAQPageFactory(parent=topic, slug="faq-npwp")
    FAQItemFactory(page=faq, question="Apa itu NPWP?")
    faq.save_revision().publish()
    soup = BeautifulSoup(client.get(faq.url).content, "html.parser")
    reviewed = soup.find(class_="article-meta").find("time")
    assert reviewed["datetime"] == timezone.localdate().isoformat()
    form = soup.find("form", attrs={"data-feedback-form": True})
    assert form["action"] == f"/umpan-balik/{faq.pk}/"
    response = client.post(form["action"], {"helpful": "ya"})
    assert response.status_code == 302
    assert response["Location"] == faq.url + "#umpan-balik"
    assert ArticleFeedback.objects.filter(page=faq, helpful=True).count() == 1
