"""Wagtail API v2: KB articles and FAQs expose their source, rendered HTML and metadata."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kb.models import AudienceGroup
from tests.factories import ArticlePageFactory, FAQItemFactory, FAQPageFactory


def api_items(client, page_type: str) -> list[dict]:
    response = client.get("/api/v2/pages/", {"type": page_type, "fields": "*"})
    assert response.status_code == 200
    return response.json()["items"]


def add_article(topic, **kwargs):
    article = ArticlePageFactory(parent=topic, **kwargs)
    article.audiences.set(AudienceGroup.objects.filter(slug__in=["badan", "pkp"]))
    article.tags.add("ppn", "faktur")
    article.save()
    return article


def add_faq(topic, questions: int = 2):
    faq = FAQPageFactory(parent=topic)
    for order in range(questions):
        FAQItemFactory(page=faq, sort_order=order)
    return faq


def test_article_fields_include_markdown_html_and_metadata(client, topic):
    add_article(
        topic,
        summary="Cara membuat faktur pajak.",
        body="## Syarat\n\nPunya **EFIN**.<script>alert(1)</script>",
        content_owner="Direktorat P2Humas",
    )
    (item,) = api_items(client, "kb.ArticlePage")
    assert item["summary"] == "Cara membuat faktur pajak."
    assert item["body"].startswith("## Syarat")
    assert item["body_html"] == (
        '<h2 id="isi-syarat">Syarat</h2>\n<p>Punya <strong>EFIN</strong>.</p>'
    )
    assert sorted(item["audience_codes"]) == ["badan", "pkp"]
    assert sorted(item["tag_names"]) == ["faktur", "ppn"]
    assert item["reviewed_on"] == "2026-01-15"
    assert item["content_owner"] == "Direktorat P2Humas"


def test_faq_items_include_answer_html_and_anchor(client, topic):
    faq = FAQPageFactory(parent=topic, intro="Seputar e-Faktur.")
    FAQItemFactory(
        page=faq, question="Apa itu e-Faktur?", answer="Faktur *elektronik*."
    )
    (item,) = api_items(client, "kb.FAQPage")
    assert item["intro"] == "Seputar e-Faktur."
    (question,) = item["items"]
    assert question["question"] == "Apa itu e-Faktur?"
    assert question["answer"] == "Faktur *elektronik*."
    assert question["answer_html"] == "<p>Faktur <em>elektronik</em>.</p>"
    assert question["anchor"] == "apa-itu-e-faktur"


def test_draft_articles_are_not_in_the_api(client, topic):
    add_article(topic, title="Terbit")
    ArticlePageFactory(parent=topic, title="Draf", live=False)
    assert [item["title"] for item in api_items(client, "kb.ArticlePage")] == ["Terbit"]


@pytest.mark.parametrize(
    ("page_type", "add"), [("kb.ArticlePage", add_article), ("kb.FAQPage", add_faq)]
)
def test_api_listing_query_count_does_not_grow(client, topic, page_type, add):
    for _ in range(3):
        add(topic)
    api_items(client, page_type)  # warm the site-root cache
    with CaptureQueriesContext(connection) as with_three:
        assert len(api_items(client, page_type)) == 3
    for _ in range(12):
        add(topic)
    with CaptureQueriesContext(connection) as with_fifteen:
        assert len(api_items(client, page_type)) == 15
    assert len(with_fifteen) == len(with_three)
