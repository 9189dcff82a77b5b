"""`load_demo` and the demo content files in kb/demo."""

import io
import re
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command
from wagtail.models import Revision

from ingest import Record, read_markdown, read_yaml_mapping
from kb.importing import DEMO_DIR, faq_pages_import, parse_article, parse_faq
from kb.markdown import markdown_to_text
from kb.models import ArticlePage, FAQPage, HomePage, TopicIndexPage
from tests.factories import ArticlePageFactory, TopicIndexPageFactory

ARTICLE_FILES = sorted((DEMO_DIR / "articles").rglob("*.md"))
FAQ_FILES = sorted((DEMO_DIR / "faq").glob("*.yaml"))


def load_demo() -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def body_without_sources(path: Path) -> str:
    return read_markdown(path).data["body"]


# The files themselves (no database)


def test_demo_has_at_least_40_articles_over_8_topics():
    topics = {read_markdown(path).data["topic"] for path in ARTICLE_FILES}

    assert len(ARTICLE_FILES) >= 40
    assert len(topics) >= 8


@pytest.mark.parametrize("path", ARTICLE_FILES, ids=lambda p: p.stem)
def test_demo_article_is_valid_and_complete(path):
    source = read_markdown(path)
    article, errors, unknown = parse_article(source.data)
    words = len(re.findall(r"\w+", markdown_to_text(body_without_sources(path))))

    assert isinstance(source, Record), source
    assert errors == []
    assert unknown == []
    assert 150 <= words <= 400, f"{words} words"
    assert "\n## " in "\n" + body_without_sources(path)
    assert article.summary
    assert article.tags
    assert article.audiences
    assert article.reviewed_on.year in {2025, 2026}
    assert article.content_owner.startswith("Direktorat")
    assert source.data["sources"]


def test_demo_articles_use_lists_tables_and_footnotes():
    bodies = [body_without_sources(path) for path in ARTICLE_FILES]

    assert all(re.search(r"^1\. ", body, re.MULTILINE) for body in bodies)
    assert sum("|---|" in body for body in bodies) >= 10
    assert sum("[^1]:" in body for body in bodies) >= 5


@pytest.mark.parametrize("path", FAQ_FILES, ids=lambda p: p.stem)
def test_demo_faq_file_has_six_to_ten_questions(path):
    faq, errors, unknown = parse_faq(read_yaml_mapping(path))

    assert errors == []
    assert unknown == []
    assert 6 <= len(faq.items) <= 10


# Loading


@pytest.mark.django_db
def test_load_demo_creates_live_demo_content_on_a_fresh_database(home_page):
    out = load_demo()

    articles = ArticlePage.objects.all()
    faqs = FAQPage.objects.all()
    assert f"Artikel demo: {len(ARTICLE_FILES)} dibuat, 0 diperbarui" in out
    assert articles.count() == len(ARTICLE_FILES) >= 40
    assert all(page.live and page.is_demo for page in articles)
    assert all(page.audiences.exists() and page.tags.exists() for page in articles)
    assert faqs.count() == len(FAQ_FILES) >= 3
    assert all(page.live and page.is_demo for page in faqs)
    assert all(6 <= page.items.count() <= 10 for page in faqs)
    topics = TopicIndexPage.objects.all()
    assert topics.count() >= 8
    assert all(topic.live and topic.intro for topic in topics)
    assert ArticlePage.objects.get(
        slug="pph-final-umkm-pp-55-2022"
    ).get_parent().slug == ("pph-final-umkm")
    home = HomePage.objects.get(pk=home_page.pk)
    intro = yaml.safe_load((DEMO_DIR / "home.yaml").read_text())["intro"]
    assert home.intro == intro.strip()
    assert home.live and not home.has_unpublished_changes


@pytest.mark.django_db
def test_load_demo_twice_changes_nothing(home_page):
    load_demo()
    revisions = Revision.objects.count()
    published = dict(ArticlePage.objects.values_list("pk", "last_published_at"))

    out = load_demo()

    assert f"0 dibuat, 0 diperbarui, {len(ARTICLE_FILES)} tidak berubah" in out
    assert f"0 dibuat, 0 diperbarui, {len(FAQ_FILES)} tidak berubah" in out
    assert Revision.objects.count() == revisions
    assert dict(ArticlePage.objects.values_list("pk", "last_published_at")) == published


@pytest.mark.django_db
def test_load_demo_publishes_the_english_home_once(home_page, client):
    out = load_demo()

    english = HomePage.objects.get(locale__language_code="en")
    assert english.translation_key == home_page.translation_key
    assert english.live and not english.has_unpublished_changes
    assert "Terjemahan beranda diperbarui: 1." in out
    response = client.get("/en/")
    assert response.status_code == 200
    assert '<h1 id="judul-beranda">Tax Knowledge Base</h1>' in response.content.decode()
    revisions = Revision.objects.count()

    out = load_demo()

    assert "Terjemahan beranda" not in out
    assert Revision.objects.count() == revisions


@pytest.mark.django_db
def test_load_demo_leaves_non_demo_content_and_editor_intros_alone(home_page):
    topic = TopicIndexPageFactory(
        parent=home_page, title="NPWP", slug="npwp", intro="Tulisan editor."
    )
    official = ArticlePageFactory(
        parent=topic, slug="nik-sebagai-npwp", title="Artikel resmi", body="Asli."
    )
    other = ArticlePageFactory(parent=topic, slug="artikel-lain", body="Tetap.")

    with pytest.raises(CommandError) as excinfo:
        call_command("load_demo", stdout=io.StringIO(), stderr=io.StringIO())

    assert (
        "nik-sebagai-npwp.md:1: slug 'nik-sebagai-npwp' sudah dipakai artikel"
        in str(excinfo.value)
    )
    official.refresh_from_db()
    other.refresh_from_db()
    topic.refresh_from_db()
    assert (official.title, official.body, official.is_demo) == (
        "Artikel resmi",
        "Asli.",
        False,
    )
    assert other.body == "Tetap."
    assert topic.intro == "Tulisan editor."
    assert ArticlePage.objects.filter(is_demo=True).count() == len(ARTICLE_FILES) - 1


@pytest.mark.django_db
def test_faq_import_reports_the_line_of_a_bad_question(tmp_path, topic):
    path = tmp_path / "faq-rusak.yaml"
    path.write_text(
        "title: FAQ rusak\n"
        "topic: NPWP\n"
        "items:\n"
        "  - question: Pertanyaan pertama?\n"
        "    answer: Jawaban.\n"
        "  - question: Pertanyaan tanpa jawaban?\n"
    )

    result = faq_pages_import(paths=[path])

    assert [str(p) for p in result.rejected] == [
        f"{path}:6: pertanyaan ke-2: jawaban (answer) wajib diisi"
    ]
    assert not FAQPage.objects.exists()
