"""Article reads are counted without a write on the reader's request (issue 14), and a
database that refuses writes never breaks reading (issue 16)."""

import datetime
import logging
import threading
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kb.actions import article_record_view, read_counts_flush
from kb.models import ArticleDailyViews
from tests.conftest import read_only_database
from tests.factories import ArticlePageFactory

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def writes(context: CaptureQueriesContext) -> list[str]:
    return [
        q["sql"]
        for q in context.captured_queries
        if q["sql"].lstrip().upper().startswith(WRITES)
    ]


def read_url(page) -> str:
    return reverse("kb_read", args=[page.pk])


@pytest.fixture
def article(topic):
    return ArticlePageFactory(parent=topic, title="Lupa EFIN", slug="lupa-efin")


@pytest.mark.django_db
def test_reads_are_buffered_and_written_in_one_batch(client, settings, topic, article):
    settings.KB_READ_COUNT_FLUSH_SECONDS = 3600
    read_counts_flush()  # start from an empty buffer
    other = ArticlePageFactory(parent=topic, slug="daftar-npwp")
    with CaptureQueriesContext(connection) as context:
        for _ in range(3):
            assert client.get(article.url).status_code == 200
            assert client.post(read_url(article)).status_code == 204
        assert client.get(other.url).status_code == 200
        assert client.post(read_url(other)).status_code == 204
    assert writes(context) == []
    assert not ArticleDailyViews.objects.exists()

    day = datetime.date(2026, 3, 30)
    article_record_view(page_id=article.pk, on=day)
    with CaptureQueriesContext(connection) as context:
        assert read_counts_flush() == 5
    assert len(writes(context)) == 1
    counts = {
        (row.page_id, row.day): row.count for row in ArticleDailyViews.objects.all()
    }
    today = datetime.date.today()
    assert counts[(article.pk, today)] == 3
    assert counts[(other.pk, today)] == 1
    assert counts[(article.pk, day)] == 1

    # A second batch adds to the first.
    article_record_view(page_id=article.pk, on=day)
    read_counts_flush()
    assert ArticleDailyViews.objects.get(page=article, day=day).count == 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_due_buffer_is_written_by_a_background_thread(client, settings, article):
    settings.KB_READ_COUNT_FLUSH_SECONDS = 0.01
    read_counts_flush()
    time.sleep(0.02)
    before = threading.active_count()
    assert client.post(read_url(article)).status_code == 204
    deadline = time.monotonic() + 5
    while not ArticleDailyViews.objects.filter(page=article).exists():
        assert time.monotonic() < deadline, "the background flush never wrote"
        time.sleep(0.01)
    assert ArticleDailyViews.objects.get(page=article).count == 1
    assert threading.active_count() <= before + 1


@pytest.mark.django_db
def test_reads_of_a_deleted_page_are_dropped(settings, article):
    settings.KB_READ_COUNT_FLUSH_SECONDS = 3600
    read_counts_flush()
    article_record_view(page_id=article.pk)
    article.delete()
    assert read_counts_flush() == 0
    assert not ArticleDailyViews.objects.exists()


# Outside a test transaction, so the session setting applies to every statement.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_read_only_database_still_serves_articles(client, article, caplog):
    """The counter cannot write: the reader still gets the page, the loss is logged."""
    with (
        read_only_database(),
        caplog.at_level(logging.WARNING, logger="kb.actions"),
    ):
        response = client.get(article.url)
        beacon = client.post(read_url(article))
    assert response.status_code == 200
    assert beacon.status_code == 204
    assert "Lupa EFIN" in response.content.decode()
    assert "Article reads not recorded (1 reads)" in caplog.text


@pytest.mark.django_db
def test_the_article_page_sends_its_read_and_counts_nothing_itself(
    client, settings, article
):
    settings.KB_READ_COUNT_FLUSH_SECONDS = 3600
    read_counts_flush()
    html = client.get(article.url).content.decode()
    assert f'data-read-url="{read_url(article)}"' in html
    assert read_counts_flush() == 0


@pytest.mark.django_db
def test_a_read_beacon_from_another_site_is_refused_in_indonesian(client, article):
    response = client.post(read_url(article), headers={"Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 403
    assert "dikirim dari situs lain" in response.content.decode()
    assert read_counts_flush() == 0
