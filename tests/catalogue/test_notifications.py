"""Every notification the system sends takes the same path (regulations.notifications):
followers of a regulation, the owner of a service whose legal basis lapsed and the
requester of a scheduled switch the gate blocked are recorded, left pending when the
e-mail fails, and e-mailed by the next daily check."""

import datetime
import io
import logging

from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command

from catalogue.actions import (
    scheduled_switches_run,
    service_schedule_switch,
    service_set_automation,
    services_flag_lost_basis,
)
from catalogue.choices import BasisRole, SwitchStatus
from regulations.choices import NotificationKind
from regulations.impact.check import impact_check
from regulations.impact.follows import regulation_follow
from regulations.models import RegulationNotification
from tests.catalogue.fixtures import BLOCKED_DAY, ServicePageFactory, add_basis

LAPSED_DAY = datetime.date(2025, 1, 2)


def test_followers_owners_and_requesters_share_one_path(
    data_change, service_index, registry, django_user_model, settings, caplog
):
    follower = django_user_model.objects.create_user(
        "pengikut", email="pengikut@example.com", password="x"
    )
    follower.groups.add(Group.objects.get(name="Editors"))
    owner = django_user_model.objects.create_user(
        "pemilik", email="pemilik@example.com", password="x"
    )
    requester = django_user_model.objects.create_superuser(
        "kasubdit", "kasubdit@example.com", "x"
    )
    regulation_follow(
        user=follower,
        regulation=registry.pmk_147,
        now=datetime.datetime(2018, 1, 1, tzinfo=datetime.UTC),
    )
    lapsed = ServicePageFactory(
        parent=service_index, title="Penetapan WP non-efektif", owner=owner
    )
    add_basis(lapsed, (registry.pmk_147, BasisRole.CURRENT_BASIS, ""))
    service_set_automation(
        service=lapsed, on=datetime.date(2019, 6, 3), today=datetime.date(2019, 6, 3)
    )
    switch = service_schedule_switch(
        service=data_change,
        to_state="automated",
        on=BLOCKED_DAY,
        user=requester,
        today=BLOCKED_DAY,
    )

    settings.EMAIL_BACKEND = "tests.email_backends.FailingEmailBackend"
    with caplog.at_level(logging.WARNING, logger="regulations.notifications"):
        impact_check(on=LAPSED_DAY)
        services_flag_lost_basis(on=LAPSED_DAY)
        assert scheduled_switches_run(on=BLOCKED_DAY).blocked == [switch]

    switch.refresh_from_db()
    assert switch.status == SwitchStatus.BLOCKED
    rows = {
        row.kind: row
        for row in RegulationNotification.objects.select_related("user", "page")
    }
    assert {kind: (row.user, row.page) for kind, row in rows.items()} == {
        NotificationKind.REGULATION_CHANGED: (follower, None),
        NotificationKind.BASIS_LAPSED: (owner, lapsed.page_ptr),
        NotificationKind.SWITCH_BLOCKED: (requester, data_change.page_ptr),
    }
    assert rows[NotificationKind.SWITCH_BLOCKED].message == switch.outcome
    assert all(row.emailed_at is None for row in rows.values())
    # Each queueing retries the ones still pending, so the first row is tried again.
    warned = {
        r.args[0] for r in caplog.records if r.name == "regulations.notifications"
    }
    assert warned == {row.pk for row in rows.values()}
    assert mail.outbox == []

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    out = io.StringIO()
    call_command("check_regulation_impact", "--on", LAPSED_DAY.isoformat(), stdout=out)

    assert "3 e-mail" in out.getvalue()
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == [
        (
            "kasubdit@example.com",
            "Peralihan terjadwal terhalang: Perubahan data wajib pajak",
        ),
        (
            "pemilik@example.com",
            "Dasar hukum layanan otomatis tidak berlaku: Penetapan WP non-efektif",
        ),
        ("pengikut@example.com", "Perubahan peraturan: PMK 147/PMK.03/2017"),
    ]
    assert not RegulationNotification.objects.filter(emailed_at__isnull=True).exists()

    impact_check(on=LAPSED_DAY)
    services_flag_lost_basis(on=LAPSED_DAY)
    call_command("check_regulation_impact", "--on", LAPSED_DAY.isoformat(), stdout=out)
    assert RegulationNotification.objects.count() == 3
    assert len(mail.outbox) == 3
