"""Notifications to users (listed in the admin under "Notifikasi peraturan") and
their e-mails."""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from regulations.models import RegulationNotification

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

logger = logging.getLogger(__name__)


def notifications_send_pending(*, now: datetime | None = None) -> int:
    """E-mail every notification not e-mailed yet to users with an address, each once
    (a notification is claimed before sending; a failed send is retried next run)."""
    now = now or timezone.now()
    pending = (
        RegulationNotification.objects.filter(emailed_at__isnull=True)
        .exclude(user__email="")
        .select_related("user", "regulation")
        .order_by("pk")
    )
    sent = 0
    list_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "regulation_notifications:index"
    )
    for notification in pending:
        claimed = RegulationNotification.objects.filter(
            pk=notification.pk, emailed_at__isnull=True
        ).update(emailed_at=now)
        if not claimed:
            continue
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Perubahan peraturan: %(citation)s") % {
                "citation": notification.regulation.short_citation
            }
            body = _(
                "%(message)s.\n\nAnda menerima pesan ini karena mengikuti %(citation)s "
                "di Tax Knowledge Base DJP. Daftar notifikasi: %(url)s\n"
            ) % {
                "message": notification.message,
                "citation": notification.regulation.short_citation,
                "url": list_url,
            }
        try:
            send_mail(
                subject,
                body,
                settings.DEFAULT_FROM_EMAIL,
                [notification.user.email],
            )
        except (smtplib.SMTPException, OSError) as err:
            logger.warning(
                "Could not e-mail regulation notification %s: %s", notification.pk, err
            )
            RegulationNotification.objects.filter(pk=notification.pk).update(
                emailed_at=None
            )
            continue
        sent += 1
    return sent


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
