"""The "Apakah artikel ini membantu?" widget: stored, counted, protected against flooding."""

import pytest
from django.test import override_settings

from kb.models import ArticleFeedback
from tests.factories import ArticlePageFactory


@pytest.fixture
def article(topic):
    return ArticlePageFactory(
        parent=topic, title="Cara daftar NPWP", slug="cara-daftar-npwp"
    )


def post(client, article, **data):
    return client.post(
        f"/umpan-balik/{article.pk}/",
        data,
        HTTP_ACCEPT="application/json",
        REMOTE_ADDR="10.0.0.7",
    )


def test_feedback_is_stored_with_comment(client, article):
    response = post(client, article, helpful="tidak", comment="Langkah 3 kurang jelas")
    assert response.status_code == 200
    assert response.json()["ok"] is True
    feedback = ArticleFeedback.objects.get()
    assert feedback.page_id == article.pk
    assert feedback.helpful is False
    assert feedback.comment == "Langkah 3 kurang jelas"
    assert "10.0.0.7" not in feedback.client_hash


def test_feedback_counts_per_page(client, article, topic):
    other = ArticlePageFactory(parent=topic)
    post(client, article, helpful="ya")
    client.post(
        f"/umpan-balik/{article.pk}/",
        {"helpful": "tidak"},
        HTTP_ACCEPT="application/json",
        REMOTE_ADDR="10.0.0.8",
    )
    client.post(
        f"/umpan-balik/{other.pk}/",
        {"helpful": "ya"},
        HTTP_ACCEPT="application/json",
        REMOTE_ADDR="10.0.0.8",
    )
    counts = {row["page_id"]: row for row in ArticleFeedback.objects.counts_by_page()}
    assert (counts[article.pk]["yes"], counts[article.pk]["no"]) == (1, 1)
    assert (counts[other.pk]["yes"], counts[other.pk]["no"]) == (1, 0)


def test_feedback_rejects_second_answer_on_same_page(client, article):
    post(client, article, helpful="ya")
    response = post(client, article, helpful="tidak")
    assert response.status_code == 409
    assert "sudah memberi umpan balik" in response.json()["message"]
    assert ArticleFeedback.objects.count() == 1


@override_settings(KB_FEEDBACK_RATE_PER_HOUR=3)
def test_feedback_flood_is_refused(client, topic):
    pages = [ArticlePageFactory(parent=topic) for _ in range(5)]
    statuses = [post(client, page, helpful="ya").status_code for page in pages]
    assert statuses == [200, 200, 200, 429, 429]
    assert ArticleFeedback.objects.count() == 3


def test_feedback_requires_a_choice(client, article):
    response = post(client, article, helpful="mungkin")
    assert response.status_code == 400
    assert "Pilih Ya atau Tidak" in response.json()["message"]
    assert not ArticleFeedback.objects.exists()


def test_feedback_on_unknown_or_draft_page_is_404(client, topic):
    draft = ArticlePageFactory(parent=topic, live=False)
    assert post(client, draft, helpful="ya").status_code == 404
    assert client.post("/umpan-balik/999999/", {"helpful": "ya"}).status_code == 404


def test_feedback_get_is_not_allowed(client, article):
    assert client.get(f"/umpan-balik/{article.pk}/").status_code == 405


def test_feedback_from_a_bot_filling_the_hidden_field_is_dropped(client, article):
    response = post(client, article, helpful="ya", website="http://spam.example")
    assert response.status_code == 200
    assert not ArticleFeedback.objects.exists()


# Counting visitors honestly (issue 16) -------------------------------------------------
def test_a_new_user_agent_is_not_a_new_visitor(client, article):
    statuses = [
        client.post(
            f"/umpan-balik/{article.pk}/",
            {"helpful": "ya"},
            HTTP_ACCEPT="application/json",
            REMOTE_ADDR="10.0.0.7",
            HTTP_USER_AGENT=f"Browser/{n}",
        ).status_code
        for n in range(5)
    ]
    assert statuses == [200, 409, 409, 409, 409]
    assert ArticleFeedback.objects.count() == 1


def via_proxy(client, page, forwarded_for):
    return client.post(
        f"/umpan-balik/{page.pk}/",
        {"helpful": "ya"},
        HTTP_ACCEPT="application/json",
        REMOTE_ADDR="127.0.0.1",  # the reverse proxy
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


@override_settings(KB_TRUSTED_PROXY_HOPS=1)
def test_behind_a_proxy_each_visitor_counts_once(client, article):
    assert via_proxy(client, article, "203.0.113.5").status_code == 200
    assert via_proxy(client, article, "198.51.100.9").status_code == 200
    # The client controls entries left of the one the proxy appended: no new visitor.
    assert via_proxy(client, article, "192.0.2.1, 203.0.113.5").status_code == 409
    assert ArticleFeedback.objects.count() == 2


@override_settings(KB_TRUSTED_PROXY_HOPS=0)
def test_without_trusted_proxies_forwarded_for_is_ignored(client, article):
    assert via_proxy(client, article, "203.0.113.5").status_code == 200
    assert via_proxy(client, article, "198.51.100.9").status_code == 409


@pytest.mark.parametrize("page_kind", ["root", "home", "topic"])
def test_feedback_only_on_content_pages(client, home_page, topic, page_kind):
    from wagtail.models import Page

    page = {"root": Page.objects.get(depth=1), "home": home_page, "topic": topic}[
        page_kind
    ]
    assert post(client, page, helpful="ya").status_code == 404
    assert not ArticleFeedback.objects.exists()


def test_feedback_on_faq_pages_too(client, topic):
    from tests.factories import FAQPageFactory

    faq = FAQPageFactory(parent=topic)
    assert post(client, faq, helpful="ya").status_code == 200


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_identical_answers_store_one_row(topic):
    """Four posts at the same moment from one visitor: one row, the rest told so."""
    import threading

    from django.db import connections
    from django.test import Client

    page = ArticlePageFactory(parent=topic, slug="serentak")
    barrier = threading.Barrier(4)
    statuses = []

    def send():
        barrier.wait()
        try:
            statuses.append(post(Client(), page, helpful="ya").status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200, 409, 409, 409]
    assert ArticleFeedback.objects.filter(page=page).count() == 1


@pytest.mark.django_db
def test_feedback_sent_from_another_site_is_refused_in_indonesian(client, topic):
    from tests.factories import ArticlePageFactory

    article = ArticlePageFactory(parent=topic, slug="lupa-efin-lain")
    response = client.post(
        f"/umpan-balik/{article.pk}/",
        {"helpful": "ya"},
        headers={"Origin": "https://jahat.example", "Accept": "application/json"},
    )
    assert response.status_code == 403
    assert "dikirim dari situs lain" in response.json()["message"]
    assert not article.feedback.exists()
