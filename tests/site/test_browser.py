"""The public site's scripts, driven as a taxpayer uses them: Debian's Chromium through
Playwright against Django's live server (never `playwright install`)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from kb.models import ArticleFeedback
from tests.factories import ArticlePageFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def articles(topic, settings):
    settings.SEARCH_BACKEND = "default"
    pages = {
        slug: ArticlePageFactory(parent=topic, slug=slug, title=title, body=body)
        for slug, title, body in [
            (
                "lupa-efin",
                "Cara mendapatkan kembali EFIN yang lupa",
                "Minta EFIN lagi lewat Kring Pajak, e-mail atau KPP.",
            ),
            (
                "daftar-npwp",
                "Cara daftar NPWP orang pribadi",
                "Daftar NPWP lewat Coretax dengan NIK.",
            ),
        ]
    }
    call_command(
        "update_index", backend_name="default", verbosity=0, stdout=io.StringIO()
    )
    return pages


def test_header_search_suggests_as_you_type_and_keyboard_opens_a_hit(
    live_server, page, articles
):
    page.goto(live_server.url + articles["daftar-npwp"].url)
    box = page.locator("#cari-header")
    box.type("lupa ef", delay=40)

    options = page.locator(".search-suggest [role=option]")
    options.first.wait_for(timeout=5000)
    assert "Cara mendapatkan kembali EFIN yang lupa" in options.all_inner_texts()[0]
    assert box.get_attribute("aria-expanded") == "true"
    listbox = page.locator(".search-suggest")
    assert listbox.bounding_box()["y"] >= box.bounding_box()["y"] + 10  # below it

    box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == options.first.get_attribute(
        "id"
    )
    box.press("Enter")
    page.wait_for_url("**/lupa-efin/")
    assert page.locator("h1").inner_text() == "Cara mendapatkan kembali EFIN yang lupa"


def test_escape_closes_suggestions_and_enter_submits_the_search(
    live_server, page, articles
):
    page.goto(live_server.url + articles["daftar-npwp"].url)
    box = page.locator("#cari-header")
    box.type("efin", delay=40)
    page.locator(".search-suggest [role=option]").first.wait_for(timeout=5000)

    box.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    assert page.locator(".search-suggest").is_hidden()
    assert box.input_value() == "efin"  # closing the list keeps what was typed

    box.press("Enter")
    page.wait_for_url(lambda url: "/cari/?q=efin" in url)
    assert (
        "Cara mendapatkan kembali EFIN yang lupa" in page.locator("main").inner_text()
    )


def test_feedback_is_sent_without_leaving_the_article(live_server, page, articles):
    article = articles["lupa-efin"]
    page.goto(live_server.url + article.url)
    page.fill("#umpan-balik-komentar", "Jelas, terima kasih")
    page.get_by_role("button", name="Ya", exact=True).click()

    status = page.locator("[data-feedback-status]")
    status.filter(has_text="Terima kasih").wait_for(timeout=5000)
    assert page.url == live_server.url + article.url
    feedback = ArticleFeedback.objects.get(page=article)
    assert (feedback.helpful, feedback.comment) == (True, "Jelas, terima kasih")


def test_public_pages_load_under_the_content_security_policy(
    page, live_server, articles, topic
):
    """The policy is sent and nothing on the pages breaks it (the fixture fails the
    test on any violation the browser reports)."""
    from tests.factories import FAQItemFactory, FAQPageFactory

    faq = FAQPageFactory(parent=topic, slug="faq-uji")
    FAQItemFactory(page=faq)
    for path in ["/", topic.url, articles["lupa-efin"].url, faq.url, "/cari/?q=efin"]:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        policy = response.headers["content-security-policy"]
        assert "script-src 'self'" in policy, path
        assert "unsafe-inline" not in policy, path
        assert "geolocation=()" in response.headers["permissions-policy"], path
        page.wait_for_load_state("networkidle")
