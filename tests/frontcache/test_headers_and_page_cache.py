"""What readers may share, the application's page cache, and what a purge forgets
(in-process; tests/deploy runs the same through Varnish)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from frontcache.middleware import seconds_to_midnight, shared_seconds
from frontcache.purge import page_cache_key, page_paths
from tests.factories import ArticlePageFactory

JAKARTA = ZoneInfo("Asia/Jakarta")


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (datetime.datetime(2026, 3, 30, 23, 59, 30, tzinfo=JAKARTA), 30),
        (datetime.datetime(2026, 3, 30, 22, 0, tzinfo=JAKARTA), 3600),
        (datetime.datetime(2026, 3, 30, 12, 0, tzinfo=JAKARTA), 3600),
    ],
)
def test_a_shared_page_never_outlives_local_midnight(settings, now, expected):
    settings.FRONT_CACHE_SECONDS = 3600
    assert shared_seconds(200, now=now) == expected
    assert seconds_to_midnight(now) >= expected


def test_a_missing_page_is_shared_a_minute_at_most(settings):
    now = datetime.datetime(2026, 3, 30, 12, 0, tzinfo=JAKARTA)
    assert shared_seconds(404, now=now) == 60


@pytest.mark.django_db
def test_a_public_page_is_shareable_and_a_readers_session_is_not(client, topic):
    article = ArticlePageFactory(parent=topic, slug="lupa-efin")
    public = client.get(article.url)
    assert public["Cache-Control"].startswith("public, max-age=0, s-maxage=")
    client.cookies["sessionid"] = "x"
    private = client.get(article.url)
    assert "public" not in private.get("Cache-Control", "")


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/cari/?q=efin", "/admin/login/", "/healthz"])
def test_search_pages_the_admin_and_operations_are_never_shared(client, path):
    response = client.get(path)
    assert "public" not in response.get("Cache-Control", "")


@pytest.mark.django_db
def test_the_page_cache_answers_without_queries_until_a_publish_purges_it(
    client, settings, topic, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 300
    article = ArticlePageFactory(parent=topic, slug="lupa-efin", body="Versi pertama.")
    assert "Versi pertama." in client.get(article.url).content.decode()
    with CaptureQueriesContext(connection) as queries:
        cached = client.get(article.url)
    assert len(queries) == 0
    assert "Versi pertama." in cached.content.decode()
    assert cached["X-Request-ID"]  # a fresh id, never the stored one

    article.body = "Versi kedua."
    with django_capture_on_commit_callbacks(execute=True):  # the purge waits for commit
        article.save_revision().publish()
    assert "Versi kedua." in client.get(article.url).content.decode()


@pytest.mark.django_db
def test_a_purge_covers_the_page_and_every_listing_above_it(home_page, topic):
    article = ArticlePageFactory(parent=topic, slug="lupa-efin")
    assert page_paths([article]) == {"/", topic.url, article.url}
    assert page_cache_key(article.url).endswith(article.url)
