"""Every entry point refuses a blocked switch with the same reason: the gate's message.

The blocked case: "Perubahan data wajib pajak" switched to automated on 1 March 2025,
when PMK 81/2024 is in force but the PER-7/PJ/2025 it requires is not (21 May 2025).
"""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import APIToken

from catalogue.actions import scheduled_switches_run, service_schedule_switch
from catalogue.choices import SwitchStatus
from catalogue.importing import import_records
from catalogue.models import ServicePage, ServiceStateChange
from ingest import Record
from tests.catalogue.fixtures import BLOCKED_DAY, edit_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def expected(data_change) -> str:
    """The gate's own words for the blocked switch."""
    message = data_change.gate(on=BLOCKED_DAY, to_state="automated").message
    assert "PER-07/PJ/2025 (status: belum berlaku; perkiraan berlaku: 21 Mei 2025)" in (
        message
    )
    return message


def assert_nothing_changed(service: ServicePage) -> None:
    stored = ServicePage.objects.get(pk=service.pk)
    assert stored.current_state == "kpp_kanwil"
    assert not ServiceStateChange.objects.filter(to_state="automated").exists()


def test_admin_edit_form_shows_the_gate_error_on_the_state_field(
    admin_client, data_change, expected
):
    response = admin_client.post(
        f"/admin/pages/{data_change.pk}/edit/",
        edit_form_data(
            data_change, current_state="automated", state_since=BLOCKED_DAY.isoformat()
        ),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["current_state"] == [expected]
    assert_nothing_changed(data_change)


def test_admin_sees_the_legal_basis_it_is_submitting(
    admin_client, data_change, registry
):
    """Removing the PER row in the same submission is judged on the submitted basis."""
    data = edit_form_data(
        data_change, current_state="automated", state_since=BLOCKED_DAY.isoformat()
    )
    data["legal_basis-2-DELETE"] = "1"
    data["action-publish"] = "action-publish"
    response = admin_client.post(f"/admin/pages/{data_change.pk}/edit/", data)
    assert response.status_code == 302
    stored = ServicePage.objects.get(pk=data_change.pk)
    assert (stored.current_state, stored.state_since) == ("automated", BLOCKED_DAY)
    assert list(stored.legal_basis.values_list("regulation__number", flat=True)) == [
        6,
        81,
    ]
    change = ServiceStateChange.objects.get(to_state="automated")
    assert (change.on, change.source) == (BLOCKED_DAY, "admin")
    assert [row["regulation"] for row in change.legal_basis_snapshot] == [
        "UU 6/1983",
        "PMK 81/2024",
    ]


def test_api_refuses_with_the_gate_reason(client, data_change, expected, admin_user):
    _token, plaintext = APIToken.create_token(user=admin_user, name="uji")
    response = client.post(
        f"/api/services/{data_change.slug}/switch/",
        data=json.dumps({"to": "automated", "on": BLOCKED_DAY.isoformat()}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {plaintext}",
    )
    assert response.status_code == 409
    body = response.json()
    assert body["error"] == expected
    assert body["blockers"] == [
        {
            "regulation": "PER-07/PJ/2025",
            "status": "belum_berlaku",
            "expected_on": "2025-05-21",
            "expected_is_estimate": False,
        }
    ]
    assert_nothing_changed(data_change)


def test_import_rejects_the_line_with_the_gate_reason(data_change, expected):
    record = {
        "slug": data_change.slug,
        "name": data_change.title,
        "handling_unit": "kpp_kanwil",
        "target_state": "automated",
        "target_year": 2020,
        "plan_category": "renstra",
        "current_state": "automated",
        "state_since": BLOCKED_DAY.isoformat(),
        "legal_basis": [
            "Pasal 2 UU 6/1983",
            "PMK 81/2024",
            "required_change: PER-7/PJ/2025",
        ],
    }
    report = import_records([Record("layanan.jsonl", 3, record)])
    assert [(p.line, p.message) for p in report.rejected] == [(3, expected)]
    assert_nothing_changed(data_change)


def test_command_exits_with_the_gate_reason(data_change, expected):
    with pytest.raises(CommandError) as caught:
        call_command(
            "services",
            "switch",
            data_change.slug,
            "--to",
            "automated",
            "--on",
            BLOCKED_DAY.isoformat(),
            stdout=io.StringIO(),
        )
    assert str(caught.value) == expected
    assert_nothing_changed(data_change)


def test_scheduled_job_marks_the_switch_blocked_with_the_gate_reason(
    data_change, expected
):
    switch = service_schedule_switch(
        service=data_change, to_state="automated", on=BLOCKED_DAY, today=BLOCKED_DAY
    )
    run = scheduled_switches_run(on=BLOCKED_DAY)
    assert run.blocked == [switch]
    switch.refresh_from_db()
    assert (switch.status, switch.outcome) == (SwitchStatus.BLOCKED, expected)
    assert_nothing_changed(data_change)
