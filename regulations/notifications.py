"""The one path of every notification the system sends: record, queue, send, retry.

1. Record: one ``RegulationNotification`` per user and event (listed in the admin under
   "Notifikasi peraturan"); recording the same event again changes nothing.
2. Queue: a django-tasks task that e-mails the pending notifications, enqueued in the
   caller's transaction, so the database queue sees it only with the notifications
   (development and tests run it at once).
3. Send: each notification is claimed before its e-mail goes out, so it is sent once.
4. Failure: the send logs a warning and leaves the notification pending; the next run
   of ``check_regulation_impact`` (daily) queues the pending ones again.

Kinds: followers of a regulation that changed (regulations.impact.follows), the owner of
a service whose legal basis lapsed, the requester of a scheduled switch the gate
blocked (catalogue.actions). E-mails are written in the site language.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import TaskResultStatus, task

from regulations.choices import NotificationKind
from regulations.models import RegulationNotification

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser
    from wagtail.models import Page

    from regulations.models import Regulation

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Notice:
    """What to tell one user about one event; (user, regulation, event, date) is its key.
    The fields are RegulationNotification's, so a notice becomes one as it is."""

    user_id: int
    kind: str
    event: str
    event_on: date
    message: str
    regulation_id: int | None = None
    page_id: int | None = None

    @property
    def key(self) -> tuple[int, int | None, str, date]:
        return (self.user_id, self.regulation_id, self.event, self.event_on)


def notifications_record(
    notices: Iterable[Notice], *, now: datetime | None = None
) -> int:
    """Record a notification for each notice whose user has none for that event yet
    (idempotent); returns how many were new. Sending is `notifications_queue`'s job."""
    wanted = {notice.key: notice for notice in notices}
    if not wanted:
        return 0
    existing = set(
        RegulationNotification.objects.filter(
            user_id__in={notice.user_id for notice in wanted.values()},
            event__in={notice.event for notice in wanted.values()},
        ).values_list("user_id", "regulation_id", "event", "event_on")
    )
    now = now or timezone.now()
    new = [
        RegulationNotification(**asdict(notice), created_at=now)
        for key, notice in wanted.items()
        if key not in existing
    ]
    RegulationNotification.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def notifications_queue() -> int:
    """Queue the e-mails of the pending notifications, if there are any.

    Returns how many were sent in this process: the immediate task backend runs the
    task at once; with the database queue its worker sends them later (0 here).
    """
    if not RegulationNotification.objects.pending().exists():
        return 0
    result = send_pending_notifications.enqueue()
    if result.status == TaskResultStatus.SUCCESSFUL:
        return result.return_value
    return 0


def user_notify(
    *,
    user: AbstractBaseUser | None,
    kind: NotificationKind,
    event: str,
    event_on: date,
    message: str,
    regulation: Regulation | None = None,
    page: Page | None = None,
    now: datetime | None = None,
) -> bool:
    """Record one notification for `user` (nobody: nothing to do) and queue its e-mail;
    False when the user was already told about this event."""
    if user is None:
        return False
    recorded = notifications_record(
        [
            Notice(
                user_id=user.pk,
                kind=kind,
                event=event,
                event_on=event_on,
                message=str(message),
                regulation_id=regulation.pk if regulation else None,
                page_id=page.pk if page else None,
            )
        ],
        now=now,
    )
    if recorded:
        notifications_queue()
    return bool(recorded)


@task()
def send_pending_notifications() -> int:
    """E-mail the pending notifications (queued by `notifications_queue`); returns how
    many were sent."""
    return notifications_send_pending()


def notifications_send_pending(*, now: datetime | None = None) -> int:
    """E-mail every pending notification once: each is claimed before sending, and a
    failed send is logged and left pending for the next run to retry."""
    now = now or timezone.now()
    pending = (
        RegulationNotification.objects.pending()
        .select_related("user", "regulation", "page")
        .order_by("pk")
    )
    sent = 0
    for notification in pending:
        claimed = RegulationNotification.objects.filter(
            pk=notification.pk, emailed_at__isnull=True
        ).update(emailed_at=now)
        if not claimed:
            continue
        with translation.override(settings.LANGUAGE_CODE):
            subject, body = notification_email(notification)
        try:
            send_mail(
                subject, body, settings.DEFAULT_FROM_EMAIL, [notification.user.email]
            )
        except (smtplib.SMTPException, OSError) as err:
            logger.warning("Could not e-mail notification %s: %s", notification.pk, err)
            RegulationNotification.objects.filter(pk=notification.pk).update(
                emailed_at=None
            )
            continue
        sent += 1
    return sent


def notification_email(notification: RegulationNotification) -> tuple[str, str]:
    """Subject and body of the e-mail for a notification, in the active language."""
    admin_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    if notification.kind == NotificationKind.BASIS_LAPSED:
        subject = _("Dasar hukum layanan otomatis tidak berlaku: %(service)s") % {
            "service": notification.page.title
        }
        body = _(
            "%(message)s\n\nAnda menerima pesan ini sebagai pemilik halaman layanan "
            "tersebut. Sunting layanan: %(url)s\n"
        ) % {
            "message": notification.message,
            "url": admin_url
            + reverse("wagtailadmin_pages:edit", args=[notification.page_id]),
        }
        return subject, body
    if notification.kind == NotificationKind.DRAFT_CHANGED:
        subject = _("Rancangan peraturan berubah")
        body = _(
            "%(message)s.\n\nAnda menerima pesan ini karena mengikuti rancangan itu atau "
            "layanan yang menunggunya. Daftar rancangan: %(url)s\n"
        ) % {
            "message": notification.message,
            "url": admin_url
            + reverse("wagtailsnippets_regulations_regulationdraft:list"),
        }
        return subject, body
    if notification.kind == NotificationKind.SWITCH_BLOCKED:
        subject = _("Peralihan terjadwal terhalang: %(service)s") % {
            "service": notification.page.title
        }
        return subject, notification.message
    citation = notification.regulation.short_citation
    subject = _("Perubahan peraturan: %(citation)s") % {"citation": citation}
    body = _(
        "%(message)s.\n\nAnda menerima pesan ini karena mengikuti %(citation)s "
        "di Tax Knowledge Base DJP. Daftar notifikasi: %(url)s\n"
    ) % {
        "message": notification.message,
        "citation": citation,
        "url": admin_url + reverse("regulation_notifications:index"),
    }
    return subject, body


def notifications_mark_read(
    *,
    user: AbstractBaseUser,
    ids: Iterable[int] | None = None,
    now: datetime | None = None,
) -> int:
    """Mark the user's own notifications read (all unread ones when `ids` is None)."""
    unread = RegulationNotification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=now or timezone.now())
