"""A database that refuses every write still serves every public page type (issue 16):
the read counter and the search log skip their write with a logged warning."""

import datetime
import logging

import pytest
from django.urls import reverse

from catalogue.choices import ServiceState
from tests.catalogue.fixtures import ServiceIndexPageFactory, ServicePageFactory
from tests.conftest import read_only_database
from tests.factories import ArticlePageFactory, FAQItemFactory, FAQPageFactory
from tests.regulations.factories import RegulationFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def site_pages(home_page, topic):
    article = ArticlePageFactory(parent=topic, title="Lupa EFIN", slug="lupa-efin")
    faq = FAQPageFactory(parent=topic, slug="faq-efin")
    FAQItemFactory(page=faq, question="Apa itu EFIN?")
    services = ServiceIndexPageFactory(parent=home_page)
    service = ServicePageFactory(
        parent=services,
        slug="permintaan-efin",
        current_state=ServiceState.KPP_KANWIL,
        state_since=datetime.date(2020, 1, 2),
    )
    regulation = RegulationFactory(type="PMK", number=81, year=2024, unit="", live=True)
    return [
        "/",
        topic.url,
        article.url,
        faq.url,
        services.url,
        service.url,
        "/cari/?q=efin",
        "/api/search/?q=efin",
        "/api/search/suggest/?q=ef",
        "/peraturan/",
        regulation.get_absolute_url(),
        "/peraturan/feed.json",
        "/sitemap.xml",
        "/api/v2/pages/?type=kb.ArticlePage",
    ]


def test_every_public_page_type_answers_200(client, site_pages, caplog):
    from kb.models import ArticlePage

    article = ArticlePage.objects.get()
    with read_only_database(), caplog.at_level(logging.WARNING):
        statuses = {url: client.get(url).status_code for url in site_pages}
        # The article page's read beacon (counted in memory, written in a batch).
        beacon = client.post(reverse("kb_read", args=[article.pk]))
    assert statuses == dict.fromkeys(site_pages, 200)
    assert beacon.status_code == 204
    assert "Article reads not recorded" in caplog.text
    assert "Search not logged" in caplog.text


def test_feedback_on_a_read_only_database_is_a_503_with_the_reason(
    client, site_pages, caplog
):
    from kb.models import ArticlePage

    article = ArticlePage.objects.get(slug="lupa-efin")
    with read_only_database(), caplog.at_level(logging.WARNING):
        response = client.post(
            f"/umpan-balik/{article.pk}/",
            {"helpful": "ya"},
            HTTP_ACCEPT="application/json",
        )
    assert response.status_code == 503
    assert "belum dapat disimpan" in response.json()["message"]
