"""GET /api/services/<slug>/readiness/ and POST …/switch/: JSON, never a 500."""

import json

import pytest
from wagtail.models import APIToken

from catalogue.models import ServicePage, ServiceStateChange
from tests.catalogue.fixtures import BLOCKED_DAY, PER_START


def url(service, action="readiness"):
    return f"/api/services/{service.slug}/{action}/"


def test_readiness_names_blockers_and_allowed_from(client, data_change):
    response = client.get(url(data_change), {"on": BLOCKED_DAY.isoformat()})
    assert response.status_code == 200
    assert response.json() == {
        "service": "perubahan-data",
        "state": "kpp_kanwil",
        "to_state": "automated",
        "on": "2025-03-01",
        "allowed": False,
        "blockers": [
            {
                "regulation": "PER-07/PJ/2025",
                "status": "belum_berlaku",
                "expected_on": "2025-05-21",
                "expected_is_estimate": False,
            }
        ],
        "allowed_from": "2025-05-21",
        "allowed_from_is_estimate": False,
    }


def test_readiness_on_the_day_of_entry_into_force(client, data_change):
    body = client.get(url(data_change), {"on": PER_START.isoformat()}).json()
    assert (body["allowed"], body["blockers"], body["allowed_from"]) == (
        True,
        [],
        "2025-05-21",
    )


def test_readiness_defaults_to_today(client, data_change):
    body = client.get(url(data_change)).json()
    assert body["allowed"] is True
    assert body["on"] == body["allowed_from"]


@pytest.mark.parametrize("value", ["2025-02-30", "01-03-2025", "kemarin"])
def test_readiness_bad_date_is_a_400_naming_the_field(client, data_change, value):
    response = client.get(url(data_change), {"on": value})
    assert response.status_code == 400
    body = response.json()
    assert body["field"] == "on"
    assert "YYYY-MM-DD" in body["error"]


def test_readiness_unknown_or_draft_service_is_a_json_404(client, data_change):
    response = client.get("/api/services/tidak-ada/readiness/")
    assert response.status_code == 404
    assert "tidak-ada" in response.json()["error"]
    data_change.unpublish()
    assert client.get(url(data_change)).status_code == 404


def test_readiness_for_the_contact_center_and_a_state_that_needs_no_basis(
    client, data_change
):
    body = client.get(
        url(data_change), {"on": BLOCKED_DAY.isoformat(), "to": "contact_center"}
    ).json()
    assert (body["to_state"], body["allowed"]) == ("contact_center", False)
    response = client.get(url(data_change), {"to": "kpp_kanwil"})
    assert response.status_code == 400
    assert response.json()["field"] == "to"
    assert "kpp_kanwil tidak memerlukan dasar hukum" in response.json()["error"]


@pytest.fixture
def token(admin_user) -> str:
    return APIToken.create_token(user=admin_user, name="uji")[1]


def post(client, service, body, token=None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return client.post(
        url(service, "switch"),
        data=json.dumps(body) if isinstance(body, dict) else body,
        content_type="application/json",
        **headers,
    )


def test_switch_needs_a_token(client, data_change, admin_client):
    assert post(client, data_change, {"to": "automated"}).status_code == 401
    # A logged-in session is not enough for a write through the API.
    assert post(admin_client, data_change, {"to": "automated"}).status_code == 401


def test_switch_performs_and_records_the_api_as_source(client, data_change, token):
    response = post(
        client,
        data_change,
        {"to": "automated", "on": PER_START.isoformat(), "reason": "PER berlaku"},
        token,
    )
    assert response.status_code == 200
    assert response.json() == {
        "service": "perubahan-data",
        "state": "automated",
        "on": "2025-05-21",
        "changed": True,
    }
    change = ServiceStateChange.objects.get()
    assert (change.source, change.reason, change.user.username) == (
        "api",
        "PER berlaku",
        "admin",
    )
    assert ServicePage.objects.get(pk=data_change.pk).current_state == "automated"


def test_switch_without_publish_permission_is_a_403(
    client, data_change, django_user_model
):
    user = django_user_model.objects.create_user("tamu", password="x")
    plaintext = APIToken.create_token(user=user, name="tamu")[1]
    response = post(client, data_change, {"to": "automated"}, plaintext)
    assert response.status_code == 403
    assert "perlu izin menerbitkan" in response.json()["error"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"to": "otomatis"}, "to"),
        ({"to": "automated", "on": "2025/05/21"}, "on"),
        ({}, "to"),
        ({"to": "automated", "on": "2999-01-01"}, "state_since"),
    ],
)
def test_switch_bad_input_is_a_400_naming_the_field(
    client, data_change, token, body, field
):
    response = post(client, data_change, body, token)
    assert response.status_code == 400
    assert response.json()["field"] == field
    assert ServicePage.objects.get(pk=data_change.pk).current_state == "kpp_kanwil"


def test_switch_malformed_json_is_a_400(client, data_change, token):
    assert post(client, data_change, "{not json", token).status_code == 400


def test_switch_unknown_service_is_a_404(client, data_change, token):
    response = client.post(
        "/api/services/tidak-ada/switch/",
        data=json.dumps({"to": "automated"}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 404
