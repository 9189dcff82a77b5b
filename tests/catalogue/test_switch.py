"""Switching a service's state through the gate, its history, and scheduled switches."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from catalogue.actions import (
    scheduled_switches_run,
    service_schedule_switch,
    service_set_automation,
    service_switch_state,
    services_flag_lost_basis,
)
from catalogue.choices import BasisRole, ChangeSource, ServiceState, SwitchStatus
from catalogue.gatekeeping import GateRefusal
from catalogue.models import ScheduledSwitch, ServicePage, ServiceStateChange
from regulations.models import PageRegulationLink, RegulationNotification, ReviewFlag
from regulations.models.tracking import LinkSource
from tests.catalogue.fixtures import (
    BLOCKED_DAY,
    PER_START,
    ServicePageFactory,
    add_basis,
)

DAY = datetime.timedelta(days=1)


@pytest.mark.parametrize(
    ("on", "allowed"),
    [(PER_START - DAY, False), (PER_START, True), (PER_START + DAY, True)],
)
def test_switch_to_automated_follows_the_per_entry_into_force(data_change, on, allowed):
    if allowed:
        change = service_set_automation(service=data_change, on=on, reason="PER terbit")
        data_change.refresh_from_db()
        assert data_change.current_state == ServiceState.AUTOMATED
        assert data_change.state_since == on
        assert change.from_state == ServiceState.KPP_KANWIL
    else:
        with pytest.raises(GateRefusal) as caught:
            service_set_automation(service=data_change, on=on)
        assert "PER-07/PJ/2025" in caught.value.messages[0]
        data_change.refresh_from_db()
        assert data_change.current_state == ServiceState.KPP_KANWIL
        assert not ServiceStateChange.objects.exists()


def test_switch_records_who_when_why_and_the_basis_snapshot(
    data_change, django_user_model
):
    user = django_user_model.objects.create_superuser("kasubdit", "k@example.com", "x")
    change = service_switch_state(
        service=data_change,
        to_state=ServiceState.AUTOMATED,
        on=PER_START,
        user=user,
        reason="PER-7/PJ/2025 berlaku",
        source=ChangeSource.API,
    )
    stored = ServiceStateChange.objects.get()
    assert stored == change
    assert (stored.from_state, stored.to_state, stored.on) == (
        ServiceState.KPP_KANWIL,
        ServiceState.AUTOMATED,
        PER_START,
    )
    assert (stored.user, stored.reason, stored.source) == (
        user,
        "PER-7/PJ/2025 berlaku",
        ChangeSource.API,
    )
    assert [
        (row["regulation"], row["role"], row["provision"], row["status"])
        for row in stored.legal_basis_snapshot
    ] == [
        ("UU 6/1983", BasisRole.CURRENT_BASIS, "Pasal 2", "berlaku"),
        ("PMK 81/2024", BasisRole.CURRENT_BASIS, "", "berlaku"),
        ("PER-07/PJ/2025", BasisRole.REQUIRED_CHANGE, "", "berlaku"),
    ]
    page = ServicePage.objects.get(pk=data_change.pk)
    assert page.live_revision.as_object().current_state == ServiceState.AUTOMATED
    assert not page.has_unpublished_changes


def test_history_snapshot_keeps_the_basis_as_it_was(data_change, registry):
    service_set_automation(service=data_change, on=PER_START)
    data_change.legal_basis.filter(regulation=registry.per_7).update(
        regulation=registry.per_04
    )
    snapshot = ServiceStateChange.objects.get().legal_basis_snapshot
    assert snapshot[2]["regulation"] == "PER-07/PJ/2025"


def test_switch_refuses_future_dates_and_unknown_states(data_change):
    with pytest.raises(ValidationError) as caught:
        service_switch_state(
            service=data_change, to_state="automated", on=datetime.date(2999, 1, 1)
        )
    assert "state_since" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        service_switch_state(service=data_change, to_state="otomatis", on=PER_START)
    assert "otomatis" in caught.value.message_dict["current_state"][0]


def test_switch_to_the_same_state_changes_nothing(data_change):
    assert (
        service_switch_state(
            service=data_change, to_state=ServiceState.KPP_KANWIL, on=PER_START
        )
        is None
    )
    assert not ServiceStateChange.objects.exists()


def test_switch_keeps_a_pending_draft_and_copies_the_state_into_it(data_change):
    draft = ServicePage.objects.get(pk=data_change.pk)
    draft.description = "Draf baru yang belum ditinjau."
    draft.save_revision()
    service_set_automation(service=data_change, on=PER_START)
    page = ServicePage.objects.get(pk=data_change.pk)
    assert page.current_state == ServiceState.AUTOMATED
    assert page.description == ""  # the draft text is not published by the switch
    latest = page.get_latest_revision_as_object()
    assert latest.description == "Draf baru yang belum ditinjau."
    assert latest.current_state == ServiceState.AUTOMATED


def test_publishing_a_service_syncs_legal_basis_links(data_change, registry):
    data_change.save_revision().publish()
    links = PageRegulationLink.objects.filter(
        page_id=data_change.pk, source=LinkSource.LEGAL_BASIS
    )
    assert sorted(links.values_list("regulation__number", "provision")) == [
        (6, "Pasal 2"),
        (7, ""),
        (81, ""),
    ]
    data_change.legal_basis.filter(regulation=registry.uu_kup).delete()
    ServicePage.objects.get(pk=data_change.pk).save_revision().publish()
    assert sorted(links.values_list("regulation__number", flat=True)) == [7, 81]


def test_publishing_a_draft_past_the_gate_is_refused(data_change):
    draft = ServicePage.objects.get(pk=data_change.pk)
    draft.current_state = ServiceState.AUTOMATED
    draft.state_since = BLOCKED_DAY
    revision = draft.save_revision(clean=False)
    with pytest.raises(ValidationError) as caught:
        revision.publish()
    expected = data_change.gate(on=BLOCKED_DAY).message
    assert caught.value.message_dict["current_state"] == [expected]
    assert ServicePage.objects.get(pk=data_change.pk).current_state == "kpp_kanwil"


# Scheduled switches ------------------------------------------------------------------
def test_scheduled_switch_fires_on_its_day_and_not_before(data_change):
    switch = service_schedule_switch(
        service=data_change,
        to_state=ServiceState.AUTOMATED,
        on=PER_START,
        reason="Sesuai rencana 2025",
        today=datetime.date(2025, 5, 1),
    )
    before = scheduled_switches_run(on=PER_START - DAY)
    assert before.done == before.blocked == []
    switch.refresh_from_db()
    assert switch.status == SwitchStatus.PENDING
    assert ServicePage.objects.get(pk=data_change.pk).current_state == "kpp_kanwil"

    run = scheduled_switches_run(on=PER_START)
    assert run.done == [switch]
    switch.refresh_from_db()
    assert (switch.status, switch.done_on) == (SwitchStatus.DONE, PER_START)
    page = ServicePage.objects.get(pk=data_change.pk)
    assert (page.current_state, page.state_since) == ("automated", PER_START)
    change = ServiceStateChange.objects.get()
    assert (change.source, change.reason) == (
        ChangeSource.SCHEDULED,
        "Sesuai rencana 2025",
    )
    assert scheduled_switches_run(on=PER_START + DAY).done == []


def test_switch_when_allowed_waits_for_the_basis(data_change):
    switch = service_schedule_switch(
        service=data_change, to_state=ServiceState.AUTOMATED, on=None
    )
    waiting = scheduled_switches_run(on=PER_START - DAY)
    assert waiting.waiting == [switch]
    switch.refresh_from_db()
    assert switch.status == SwitchStatus.PENDING
    assert "21 Mei 2025" in switch.outcome
    assert scheduled_switches_run(on=PER_START).done == [switch]
    assert ServicePage.objects.get(pk=data_change.pk).state_since == PER_START


def test_a_newer_schedule_replaces_the_pending_one(data_change):
    first = service_schedule_switch(service=data_change, to_state="automated", on=None)
    second = service_schedule_switch(
        service=data_change, to_state="contact_center", on=None
    )
    first.refresh_from_db()
    assert first.status == SwitchStatus.CANCELLED
    assert list(ScheduledSwitch.objects.due(on=PER_START)) == [second]


def test_schedule_in_the_past_is_refused(data_change):
    with pytest.raises(ValidationError) as caught:
        service_schedule_switch(
            service=data_change,
            to_state="automated",
            on=datetime.date(2025, 1, 1),
            today=datetime.date(2025, 2, 1),
        )
    assert "2025-01-01" in caught.value.message_dict["on"][0]


# Losing the basis ---------------------------------------------------------------------
def test_automated_service_that_loses_its_basis_is_flagged_and_owner_emailed(
    service_index, registry, django_user_model
):
    owner = django_user_model.objects.create_user(
        "pemilik", email="pemilik@example.com", password="x"
    )
    service = ServicePageFactory(
        parent=service_index, title="Penetapan WP non-efektif", owner=owner
    )
    add_basis(service, (registry.pmk_147, BasisRole.CURRENT_BASIS, ""))
    # Switched in 2019, when PMK 147/2017 was in force (it no longer is today).
    service_set_automation(
        service=service, on=datetime.date(2019, 6, 3), today=datetime.date(2019, 6, 3)
    )
    counter = ServicePageFactory(parent=service_index, owner=owner)
    add_basis(counter, (registry.pmk_147, BasisRole.CURRENT_BASIS, ""))

    assert services_flag_lost_basis(on=datetime.date(2024, 12, 31)) == []
    flags = services_flag_lost_basis(on=datetime.date(2025, 1, 2))
    assert [(f.page_id, f.regulation_id, f.event_on) for f in flags] == [
        (service.pk, registry.pmk_147.pk, datetime.date(2025, 1, 1))
    ]
    flag = ReviewFlag.objects.get()
    assert "Penetapan WP non-efektif" in flag.reason
    assert "PMK 147/PMK.03/2017" in flag.reason
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["pemilik@example.com"]
    assert "Penetapan WP non-efektif" in mail.outbox[0].subject
    assert RegulationNotification.objects.filter(user=owner).count() == 1

    assert services_flag_lost_basis(on=datetime.date(2025, 2, 1)) == []
    assert len(mail.outbox) == 1
    assert ReviewFlag.objects.count() == 1


def test_history_report_lists_changes_with_their_basis(admin_client, data_change):
    service_set_automation(service=data_change, on=PER_START, reason="PER berlaku")
    response = admin_client.get("/admin/reports/riwayat-status-layanan/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Perubahan data wajib pajak" in html
    assert "PER berlaku" in html
    assert "PER-07/PJ/2025 (berlaku)" in html
