"""A backdated claim cannot put a service in a gated state its basis no longer allows.

The case: "Pengaktifan kembali WP non-efektif", at the counter, whose only basis is
PER-04/PJ/2020 (in force from 11 February 2020, replaced by PER-7/PJ/2025 on 21 May
2025). Claiming it was automated on 1 June 2020 passes the gate on that day, but the
state would hold until today (6 December 2026), when PER-04 is no longer in force.
Every path (admin form, API, import, command, scheduled job, workflow approval) must
refuse with the same text and leave the service and its history as they were.
"""

import datetime
import io
import json

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from wagtail.models import APIToken, WorkflowState

from catalogue.actions import (
    scheduled_switches_run,
    service_schedule_switch,
    service_switch_state,
)
from catalogue.choices import BasisRole, ServiceState, SwitchStatus
from catalogue.importing import import_records
from catalogue.models import ServicePage, ServiceStateChange
from ingest import Record
from tests.catalogue.fixtures import ServicePageFactory, add_basis, edit_form_data

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 6)
CLAIMED = datetime.date(2020, 6, 1)
SINCE = datetime.date(2019, 1, 2)


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(datetime.datetime(2026, 12, 6, 9, 0), tick=False):
        yield TODAY


@pytest.fixture
def reactivation(service_index, registry) -> ServicePage:
    service = ServicePageFactory(
        parent=service_index,
        title="Pengaktifan kembali WP non-efektif",
        slug="pengaktifan-kembali",
        state_since=SINCE,
    )
    add_basis(service, (registry.per_04, BasisRole.CURRENT_BASIS, ""))
    return ServicePage.objects.get(pk=service.pk)


@pytest.fixture
def expected() -> str:
    return (
        "Status yang dicatat sejak 1 Juni 2020 berlaku terus sampai 6 Desember 2026, "
        "jadi dasar hukumnya harus berlaku pada kedua tanggal itu. Layanan tidak dapat "
        "dialihkan ke status otomasi penuh (Click) pada 6 Desember 2026 karena dasar "
        "hukumnya belum lengkap: PER-04/PJ/2020 (status: dicabut; perkiraan berlaku: "
        "tidak diketahui). Lengkapi dasar hukumnya di katalog layanan sebelum "
        "mengalihkan layanan."
    )


def assert_unchanged(service: ServicePage) -> None:
    stored = ServicePage.objects.get(pk=service.pk)
    assert (stored.current_state, stored.state_since) == ("kpp_kanwil", SINCE)
    assert not ServiceStateChange.objects.filter(page=service).exists()


def test_the_claimed_day_alone_would_pass(reactivation):
    """Why this is a hole: the gate allows the claimed day, refuses today."""
    assert reactivation.gate(on=CLAIMED).allowed
    assert not reactivation.gate(on=TODAY).allowed


def test_admin_form(admin_client, reactivation, expected):
    response = admin_client.post(
        f"/admin/pages/{reactivation.pk}/edit/",
        edit_form_data(
            reactivation,
            current_state="automated",
            state_since=CLAIMED.isoformat(),
            **{"action-publish": "action-publish"},
        ),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["current_state"] == [expected]
    assert_unchanged(reactivation)


def test_api(client, admin_user, reactivation, expected):
    _token, plaintext = APIToken.create_token(user=admin_user, name="uji")
    response = client.post(
        f"/api/services/{reactivation.slug}/switch/",
        data=json.dumps({"to": "automated", "on": CLAIMED.isoformat()}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {plaintext}",
    )
    assert response.status_code == 409
    assert response.json()["error"] == expected
    assert response.json()["blockers"] == [
        {
            "regulation": "PER-04/PJ/2020",
            "status": "dicabut",
            "expected_on": None,
            "expected_is_estimate": False,
        }
    ]
    assert_unchanged(reactivation)


def test_import_line(reactivation, expected):
    record = {
        "slug": reactivation.slug,
        "name": reactivation.title,
        "handling_unit": "kpp_kanwil",
        "target_state": "automated",
        "target_year": 2020,
        "plan_category": "renstra",
        "current_state": "automated",
        "state_since": CLAIMED.isoformat(),
        "legal_basis": ["PER-04/PJ/2020"],
    }
    report = import_records([Record("layanan.jsonl", 7, record)])
    assert [(p.line, p.message) for p in report.rejected] == [(7, expected)]
    assert_unchanged(reactivation)


def test_import_of_a_new_service(service_index, registry, expected):
    record = {
        "slug": "layanan-baru",
        "name": "Layanan baru",
        "handling_unit": "system",
        "target_state": "automated",
        "target_year": 2020,
        "plan_category": "renstra",
        "current_state": "automated",
        "state_since": CLAIMED.isoformat(),
        "legal_basis": ["PER-04/PJ/2020"],
    }
    report = import_records([Record("layanan.jsonl", 2, record)])
    assert [(p.line, p.message) for p in report.rejected] == [(2, expected)]
    assert not ServicePage.objects.filter(slug="layanan-baru").exists()


def test_command(reactivation, expected):
    with pytest.raises(CommandError) as caught:
        call_command(
            "services",
            "switch",
            reactivation.slug,
            "--to",
            "automated",
            "--on",
            CLAIMED.isoformat(),
            stdout=io.StringIO(),
        )
    assert str(caught.value) == expected
    assert_unchanged(reactivation)


def test_scheduled_job_run_for_a_past_day(reactivation, expected):
    switch = service_schedule_switch(
        service=reactivation, to_state="automated", on=None
    )
    out = io.StringIO()
    call_command("services", "run_scheduled", "--on", CLAIMED.isoformat(), stdout=out)
    switch.refresh_from_db()
    assert (switch.status, switch.outcome) == (SwitchStatus.PENDING, expected)
    assert "0 dilaksanakan" in out.getvalue()
    assert_unchanged(reactivation)


def test_scheduled_dated_switch_run_late(reactivation, expected):
    """A dated switch planned while the basis was in force, run (late) for its day."""
    switch = service_schedule_switch(
        service=reactivation, to_state="automated", on=CLAIMED, today=CLAIMED
    )
    run = scheduled_switches_run(on=CLAIMED)
    assert run.blocked == [switch]
    switch.refresh_from_db()
    assert (switch.status, switch.outcome) == (SwitchStatus.BLOCKED, expected)
    assert_unchanged(reactivation)


def test_workflow_approval(client, reactivation, expected, django_user_model):
    reviewer = django_user_model.objects.create_user("peninjau", password="x")
    reviewer.groups.add(Group.objects.get(name="Moderators"))
    draft = ServicePage.objects.get(pk=reactivation.pk)
    draft.current_state, draft.state_since = ServiceState.AUTOMATED, CLAIMED
    # Saved without validation: a draft sent for review back when it passed the gate.
    draft.save_revision(user=reviewer, clean=False)
    state = reactivation.get_workflow().start(draft, reviewer)
    client.force_login(reviewer)

    response = client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[reactivation.pk, "approve", state.current_task_state.pk],
        ),
        {"comment": "Setuju"},
    )

    assert response.status_code == 302
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert any(expected in message for message in shown), shown
    assert_unchanged(reactivation)
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS


# What a past switch may still do -------------------------------------------------------
def test_backdated_switch_whose_basis_still_holds_becomes_current(
    service_index, registry
):
    service = ServicePageFactory(parent=service_index, state_since=SINCE)
    add_basis(service, (registry.uu_kup, BasisRole.CURRENT_BASIS, "Pasal 2"))
    change = service_switch_state(service=service, to_state="automated", on=CLAIMED)
    stored = ServicePage.objects.get(pk=service.pk)
    assert (stored.current_state, stored.state_since) == ("automated", CLAIMED)
    assert (change.from_state, change.to_state, change.on) == (
        "kpp_kanwil",
        "automated",
        CLAIMED,
    )


def test_past_switch_older_than_the_last_change_is_history_only(
    service_index, registry
):
    """A switch dated before the last recorded change is filed in date order; the
    current state (the later change) stays."""
    service = ServicePageFactory(parent=service_index, state_since=SINCE)
    add_basis(service, (registry.pmk_147, BasisRole.CURRENT_BASIS, ""))
    service_switch_state(
        service=service, to_state="other_process", on=datetime.date(2024, 1, 1)
    )

    change = service_switch_state(service=service, to_state="automated", on=CLAIMED)

    stored = ServicePage.objects.get(pk=service.pk)
    assert (stored.current_state, stored.state_since) == (
        "other_process",
        datetime.date(2024, 1, 1),
    )
    assert (change.from_state, change.to_state) == ("", "automated")
    history = list(
        ServiceStateChange.objects.filter(page=service).values_list("on", "to_state")
    )
    assert history == [
        (datetime.date(2024, 1, 1), "other_process"),
        (CLAIMED, "automated"),
    ]


def test_history_only_switch_is_judged_until_the_next_change(service_index, registry):
    """PER-04/PJ/2020 lapsed on 21 May 2025, before the next change (1 January 2026):
    the automated state could not have held that long."""
    service = ServicePageFactory(parent=service_index, state_since=SINCE)
    add_basis(service, (registry.per_04, BasisRole.CURRENT_BASIS, ""))
    service_switch_state(
        service=service, to_state="other_process", on=datetime.date(2026, 1, 1)
    )
    with pytest.raises(ValidationError) as caught:
        service_switch_state(service=service, to_state="automated", on=CLAIMED)
    message = caught.value.message_dict["current_state"][0]
    assert message.startswith(
        "Status yang dicatat sejak 1 Juni 2020 berlaku terus sampai 31 Desember 2025"
    )
    assert ServiceStateChange.objects.filter(page=service).count() == 1


def test_claimed_current_state_before_the_last_change_is_refused(
    admin_client, service_index, registry
):
    service = ServicePageFactory(parent=service_index, state_since=SINCE)
    add_basis(service, (registry.uu_kup, BasisRole.CURRENT_BASIS, "Pasal 2"))
    service = ServicePage.objects.get(pk=service.pk)
    response = admin_client.post(
        f"/admin/pages/{service.pk}/edit/",
        edit_form_data(service, current_state="automated", state_since="2018-05-01"),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["state_since"] == [
        "Tanggal status (2018-05-01) lebih awal dari perubahan status yang sudah "
        "tercatat pada 2019-01-02, jadi status ini bukan lagi status saat ini. Isi "
        "tanggal 2019-01-02 atau sesudahnya, atau catat peralihan lampau itu sebagai "
        "riwayat (`manage.py services switch --on`)."
    ]


# A new basis for a service that stays automated ---------------------------------------
@pytest.fixture
def automated(service_index, registry) -> ServicePage:
    service = ServicePageFactory(parent=service_index, slug="layanan-otomatis")
    add_basis(service, (registry.per_7, BasisRole.CURRENT_BASIS, ""))
    service_switch_state(
        service=service, to_state="automated", on=datetime.date(2025, 6, 2)
    )
    return ServicePage.objects.get(pk=service.pk)


BASIS_REFUSAL = (
    "Layanan ini berstatus otomasi penuh (Click), jadi dasar hukum yang baru harus "
    "memungkinkan status itu hari ini. Layanan tidak dapat dialihkan ke status otomasi "
    "penuh (Click) pada 6 Desember 2026 karena dasar hukumnya belum lengkap: "
    "PER-04/PJ/2020 (status: dicabut; perkiraan berlaku: tidak diketahui)."
)


def test_admin_cannot_swap_in_a_revoked_basis(admin_client, automated, registry):
    data = edit_form_data(automated)
    data["legal_basis-0-regulation"] = str(registry.per_04.pk)
    response = admin_client.post(f"/admin/pages/{automated.pk}/edit/", data)
    assert response.status_code == 200
    assert response.context["form"].errors["current_state"][0].startswith(BASIS_REFUSAL)
    assert list(
        ServicePage.objects.get(pk=automated.pk).legal_basis.values_list(
            "regulation__number", flat=True
        )
    ) == [7]


def test_action_and_import_cannot_swap_in_a_revoked_basis(automated, registry):
    from catalogue.actions import BasisSpec, service_set_legal_basis

    with pytest.raises(ValidationError) as caught:
        service_set_legal_basis(
            service=automated,
            basis=[BasisSpec(registry.per_04, BasisRole.CURRENT_BASIS)],
        )
    assert caught.value.message_dict["current_state"][0].startswith(BASIS_REFUSAL)
    record = {
        "slug": automated.slug,
        "name": automated.title,
        "handling_unit": "kpp_kanwil",
        "target_state": "automated",
        "target_year": 2020,
        "plan_category": "renstra",
        "current_state": "automated",
        "state_since": "2025-06-02",
        "legal_basis": ["PER-04/PJ/2020"],
    }
    [problem] = import_records([Record("layanan.jsonl", 4, record)]).rejected
    line, message = problem.line, problem.message
    assert line == 4 and message.startswith(BASIS_REFUSAL)
    assert list(automated.legal_basis.values_list("regulation__number", flat=True)) == [
        7
    ]


def test_editing_other_fields_of_a_flagged_service_is_not_blocked(
    admin_client, automated, registry
):
    """A basis that lapsed with nobody editing is the flag's business: the editor may
    still correct the description."""
    automated.legal_basis.update(regulation=registry.per_04)
    response = admin_client.post(
        f"/admin/pages/{automated.pk}/edit/",
        edit_form_data(
            automated,
            description="Teks yang diperbaiki.",
            **{"action-publish": "action-publish"},
        ),
    )
    assert response.status_code == 302
    assert (
        ServicePage.objects.get(pk=automated.pk).description == "Teks yang diperbaiki."
    )
