"""Small shared fixtures: the site root created by migrations and a topic under it."""

import os

import pytest
from wagtail.models import Site

from kb.models import HomePage
from tests.factories import TopicIndexPageFactory


def pytest_collection_modifyitems(config, items):
    """Skip engine tests, with the reason, when no OpenSearch node is configured."""
    if os.environ.get("OPENSEARCH_URL"):
        return
    skip = pytest.mark.skip(
        reason="OPENSEARCH_URL is not set: no OpenSearch node to test against"
    )
    for item in items:
        if "opensearch" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def home_page(db) -> HomePage:
    """The KB home that the data migration created as the default site's root."""
    return Site.objects.get(is_default_site=True).root_page.specific


@pytest.fixture
def topic(home_page):
    """A live topic directly under the KB home."""
    return TopicIndexPageFactory(parent=home_page, title="NPWP", slug="npwp")
