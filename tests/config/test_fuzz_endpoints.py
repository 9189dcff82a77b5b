"""No generated request to any public endpoint is answered with a server error (issue
16). A few hundred requests here; bench/fuzz_endpoints.py sends ten thousand."""

import datetime

import pytest
from django.core.management import call_command
from django.test import Client
from hypothesis import HealthCheck, given, settings

from catalogue.choices import ServiceState
from tests.catalogue.fixtures import ServiceIndexPageFactory, ServicePageFactory
from tests.config.fuzz import is_server_error, requests, send
from tests.factories import ArticlePageFactory, FAQItemFactory, FAQPageFactory
from tests.regulations.factories import RegulationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(home_page, topic, settings):
    settings.SEARCH_BACKEND = "default"
    ArticlePageFactory(parent=topic, title="Lupa EFIN", slug="lupa-efin")
    faq = FAQPageFactory(parent=topic, slug="faq-efin")
    FAQItemFactory(page=faq, question="Apa itu EFIN?")
    services = ServiceIndexPageFactory(parent=home_page)
    ServicePageFactory(
        parent=services,
        slug="permintaan-efin",
        current_state=ServiceState.KPP_KANWIL,
        state_since=datetime.date(2020, 1, 2),
    )
    RegulationFactory(type="PMK", number=81, year=2024, unit="", live=True)
    call_command("update_index", backend_name="default", verbosity=0)
    return home_page


@settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(request=requests())
def test_no_request_gets_a_server_error(site, request):
    method, path, params = request
    response = send(Client(raise_request_exception=False), method, path, params)
    assert not is_server_error(response), (method, path, params, response.status_code)


@pytest.mark.parametrize(
    "path",
    [
        "/peraturan/pmk/99999999999999999999/81/",
        "/peraturan/pmk/2024/9223372036854775808/",
        "/api/v2/pages/99999999999999999999/",
    ],
)
def test_overflowing_numbers_in_the_path_are_not_found(client, site, path):
    assert client.get(path).status_code == 404


def test_feedback_on_an_overflowing_page_id_is_not_found(client, site):
    assert (
        client.post("/umpan-balik/99999999999999999999/", {"helpful": "ya"}).status_code
        == 404
    )
