"""Small shared fixtures: the site root created by migrations and a topic under it.

Tests that need a service outside Python (an OpenSearch node, Debian's Chromium) skip,
with the reason, where it is missing, unless the run says it must be there:
`TKB_REQUIRE_OPENSEARCH=1` / `TKB_REQUIRE_BROWSER=1` / `TKB_REQUIRE_FRONTCACHE=1` /
`TKB_REQUIRE_CLUSTER=1` (set by .ci/run) turn the missing
service into an error, so CI can never pass by skipping them. Tests marked `postgres`
skip on other databases; `make test` runs them again on PostgreSQL when
`POSTGRES_TEST_URL` is set.
"""

import contextlib
import os
import shutil

import pytest
from django.conf import settings
from django.db import connection
from django.utils import translation
from wagtail.models import Site

from kb.models import HomePage
from tests.factories import TopicIndexPageFactory

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
VARNISHD = shutil.which("varnishd") or (
    "/usr/sbin/varnishd" if os.path.exists("/usr/sbin/varnishd") else None
)


def _required(name: str) -> bool:
    return os.environ.get(f"TKB_REQUIRE_{name}", "") not in {"", "0"}


def pytest_collection_modifyitems(config, items):
    """Skip engine and browser tests, with the reason, when their service is missing;
    fail the run instead when the environment requires it."""
    missing = {}
    if not os.environ.get("OPENSEARCH_URL"):
        missing["opensearch"] = (
            "OPENSEARCH_URL is not set: no OpenSearch node to test against"
        )
    if not CHROMIUM:
        missing["browser"] = (
            "Chromium not found (install Debian's chromium or set CHROMIUM_PATH)"
        )
    if not VARNISHD:
        missing["frontcache"] = "Varnish not found (install Debian's varnish)"
    if not os.environ.get("OPENSEARCH_CLUSTER_URLS"):
        missing["cluster"] = (
            "OPENSEARCH_CLUSTER_URLS is not set: no OpenSearch cluster "
            "(source .ci/start-opensearch-cluster)"
        )
    if connection.vendor != "postgresql":
        missing["postgres"] = (
            "PostgreSQL only: set DATABASE_URL=postgres://… (or POSTGRES_TEST_URL for "
            "`make test`)"
        )
    for marker, reason in missing.items():
        selected = [item for item in items if marker in item.keywords]
        if selected and _required(marker.upper()):
            raise pytest.UsageError(
                f"TKB_REQUIRE_{marker.upper()} is set but {reason}; "
                f"{len(selected)} tests would have been skipped."
            )
        for item in selected:
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in Indonesian: Django's LocaleMiddleware leaves the language of
    the last request (English after an /en/ one) active in the thread."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (renderings, lexicon, rate limits)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def home_page(db) -> HomePage:
    """The KB home that the data migration created as the default site's root."""
    return Site.objects.get(is_default_site=True).root_page.specific


@pytest.fixture
def topic(home_page):
    """A live topic directly under the KB home."""
    return TopicIndexPageFactory(parent=home_page, title="NPWP", slug="npwp")


@contextlib.contextmanager
def read_only_database():
    """Every statement of this connection read-only for the duration (PostgreSQL's
    default_transaction_read_only, SQLite's query_only); use outside a test
    transaction (`django_db(transaction=True, serialized_rollback=True)`)."""
    on, off = (
        (
            "SET default_transaction_read_only = on",
            "SET default_transaction_read_only = off",
        )
        if connection.vendor == "postgresql"
        else ("PRAGMA query_only = ON", "PRAGMA query_only = OFF")
    )
    with connection.cursor() as cursor:
        cursor.execute(on)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(off)
