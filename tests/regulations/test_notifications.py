"""The one notification path: recorded once per user and event, e-mailed through the
task queue in the kind's own words, and retried by the daily check after a failure."""

import datetime
import io
import logging
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from regulations.choices import NotificationKind
from regulations.models import RegulationNotification
from regulations.notifications import user_notify
from tests.regulations.factories import RegulationFactory

D = datetime.date
REVOKED_REASON = (
    "PMK 23/PMK.03/2020 dicabut dengan PMK 44/PMK.03/2020 sejak 27 April 2020"
)
FAILING_BACKEND = "tests.email_backends.FailingEmailBackend"
LOCMEM_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def user(django_user_model):
    return django_user_model.objects.create_user(
        "penerima", email="penerima@example.com", password="x"
    )


@pytest.fixture
def regulation(db):
    return RegulationFactory(number=23, year=2020, unit="PMK.03")


@pytest.fixture
def notify(user, regulation, home_page):
    """user_notify for one event of each kind, as its real sender calls it."""
    calls = {
        NotificationKind.REGULATION_CHANGED: {
            "regulation": regulation,
            "event": "revokes:1",
            "message": "PMK 23/PMK.03/2020 dicabut",
        },
        NotificationKind.BASIS_LAPSED: {
            "regulation": regulation,
            "page": home_page,
            "event": f"service:{home_page.pk}",
            "message": "Dasar hukum layanan tidak lagi berlaku.",
        },
        NotificationKind.SWITCH_BLOCKED: {
            "page": home_page,
            "event": "switch:7",
            "message": "PER-7/PJ/2025 belum berlaku.",
        },
        NotificationKind.DRAFT_CHANGED: {
            "event": "draft:1:harmonisasi:2027-03-01",
            "message": "Rancangan PMK tentang X berubah: tahap usulan → harmonisasi",
        },
    }

    def send(kind, *, to=user):
        return user_notify(user=to, kind=kind, event_on=D(2025, 3, 1), **calls[kind])

    return send


KINDS = list(NotificationKind)


@pytest.mark.parametrize(
    ("kind", "subject", "body"),
    [
        (
            NotificationKind.REGULATION_CHANGED,
            "Perubahan peraturan: PMK 23/PMK.03/2020",
            "karena mengikuti PMK 23/PMK.03/2020 di Tax Knowledge Base DJP. Daftar "
            "notifikasi: http://testserver/admin/notifikasi-peraturan/",
        ),
        (
            NotificationKind.BASIS_LAPSED,
            "Dasar hukum layanan otomatis tidak berlaku: ",
            "sebagai pemilik halaman layanan tersebut. Sunting layanan: "
            "http://testserver/admin/pages/",
        ),
        (
            NotificationKind.SWITCH_BLOCKED,
            "Peralihan terjadwal terhalang: ",
            "PER-7/PJ/2025 belum berlaku.",
        ),
    ],
)
def test_each_kind_is_recorded_and_emailed_in_its_own_words(
    notify, user, home_page, kind, subject, body
):
    assert notify(kind) is True

    notification = RegulationNotification.objects.get()
    assert (notification.user, notification.kind) == (user, kind)
    assert notification.emailed_at is not None
    [email] = mail.outbox
    assert email.to == ["penerima@example.com"]
    assert email.subject.startswith(subject)
    assert body in email.body
    if kind != NotificationKind.REGULATION_CHANGED:
        assert email.subject.endswith(home_page.title)


@pytest.mark.parametrize("kind", KINDS)
def test_the_same_event_is_recorded_and_emailed_once(notify, kind):
    assert notify(kind) is True
    assert notify(kind) is False

    assert RegulationNotification.objects.count() == 1
    assert len(mail.outbox) == 1


def test_an_event_without_a_regulation_is_unique_per_user_in_the_database(notify, user):
    notify(NotificationKind.SWITCH_BLOCKED)
    first = RegulationNotification.objects.get()

    with pytest.raises(IntegrityError), transaction.atomic():
        RegulationNotification.objects.create(
            user=user,
            kind=first.kind,
            event=first.event,
            event_on=first.event_on,
            message="lagi",
        )


@pytest.mark.parametrize("kind", KINDS)
def test_failed_send_is_logged_left_pending_and_retried_by_the_daily_check(
    notify, kind, settings, caplog
):
    settings.EMAIL_BACKEND = FAILING_BACKEND
    with caplog.at_level(logging.WARNING, logger="regulations.notifications"):
        assert notify(kind) is True

    notification = RegulationNotification.objects.get()
    assert notification.emailed_at is None
    assert f"Could not e-mail notification {notification.pk}" in caplog.text
    assert mail.outbox == []

    settings.EMAIL_BACKEND = LOCMEM_BACKEND
    out = io.StringIO()
    call_command("check_regulation_impact", "--on", "2025-03-02", stdout=out)

    notification.refresh_from_db()
    assert notification.emailed_at is not None
    assert len(mail.outbox) == 1
    assert "1 e-mail" in out.getvalue()
    call_command("check_regulation_impact", "--on", "2025-03-03", stdout=io.StringIO())
    assert len(mail.outbox) == 1


def test_users_without_an_address_see_the_notification_but_get_no_email(
    notify, django_user_model
):
    no_address = django_user_model.objects.create_user("tanpa-email", password="x")

    assert notify(NotificationKind.SWITCH_BLOCKED, to=no_address) is True

    assert RegulationNotification.objects.get().user == no_address
    assert mail.outbox == []


def test_nobody_to_notify_records_nothing(notify):
    assert notify(NotificationKind.SWITCH_BLOCKED, to=None) is False

    assert not RegulationNotification.objects.exists()


# The admin list -----------------------------------------------------------------------
def test_notification_list_and_mark_as_read(
    client, regulation, editor, django_user_model
):
    other = django_user_model.objects.create_user("lain", password="x")
    mine = RegulationNotification.objects.create(
        user=editor,
        regulation=regulation,
        event="revokes:1",
        event_on=D(2020, 4, 27),
        message=REVOKED_REASON,
    )
    theirs = RegulationNotification.objects.create(
        user=other,
        regulation=RegulationFactory(number=44, year=2020, unit="PMK.03"),
        event="expired",
        event_on=D(2020, 4, 27),
        message="Pesan untuk orang lain",
    )
    client.force_login(editor)

    listing = client.get(reverse("regulation_notifications:index")).content.decode()
    assert REVOKED_REASON in listing
    assert "Pesan untuk orang lain" not in listing
    assert "1 notifikasi belum dibaca" in listing

    client.post(reverse("regulation_notifications:mark_read"), {"id": theirs.pk})
    theirs.refresh_from_db()
    assert theirs.read_at is None

    client.post(reverse("regulation_notifications:mark_read"), {"id": mine.pk})
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert (
        "0 notifikasi belum dibaca"
        in client.get(reverse("regulation_notifications:index")).content.decode()
    )


def test_notification_list_names_the_page_of_a_notification_without_regulation(
    client, notify, editor, home_page
):
    notify(NotificationKind.SWITCH_BLOCKED, to=editor)
    client.force_login(editor)

    response = client.get(reverse("regulation_notifications:index"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "PER-7/PJ/2025 belum berlaku." in html
    assert home_page.title in html
    cells = re.findall(r"<td[^>]*>\s*(.*?)\s*</td>", html, re.DOTALL)
    assert "" in cells  # the empty "Peraturan" cell
    assert "None" not in cells


# The worker closes "old" connections between tasks, which on PostgreSQL ends a test
# wrapped in a transaction; run this one with real commits and restore the data after.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_production_queue_sends_the_email_from_the_db_worker(notify, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    notify(NotificationKind.REGULATION_CHANGED)

    assert RegulationNotification.objects.get().emailed_at is None
    assert DBTaskResult.objects.filter(
        task_path="regulations.notifications.send_pending_notifications"
    ).exists()
    assert mail.outbox == []

    call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO())

    assert RegulationNotification.objects.get().emailed_at is not None
    assert len(mail.outbox) == 1
