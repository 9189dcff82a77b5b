"""The impact check: flag dependent pages and notify followers for every regulation
change effective by a date (run daily, and queued when a relation is recorded; see
regulations.tasks)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone, translation

from regulations.impact.events import regulation_events
from regulations.impact.flags import review_flags_raise
from regulations.impact.follows import followers_notify
from regulations.models import (
    PageRegulationLink,
    Regulation,
    RegulationFollow,
    ReviewFlag,
)
from regulations.notifications import notifications_queue


@dataclass
class ImpactResult:
    """What one impact check did; `emails_sent` counts e-mails sent in this process
    (none when the database queue's worker sends them)."""

    on: date
    events: int = 0
    flags_raised: int = 0
    notifications: int = 0
    emails_sent: int = 0
    raised: list[ReviewFlag] = field(default_factory=list)


def impact_check(
    *,
    on: date,
    regulation_ids: Iterable[int] | None = None,
    now: datetime | None = None,
) -> ImpactResult:
    """Flag pages and notify followers for every regulation change effective by `on`.

    Covers relations recorded in the registry and dates that arrive (a relation's
    effective date, the end of efficacy). A page is flagged only for events after its
    last review; re-running is harmless (one flag per page, regulation, event and date;
    one notification per follower and event; each notification e-mailed once). Every
    run queues the pending e-mails, so one that failed before is retried. Reasons are
    stored in the site language.
    """
    now = now or timezone.now()
    watched = Regulation.objects.filter(
        Exists(PageRegulationLink.objects.filter(regulation=OuterRef("pk")))
        | Exists(RegulationFollow.objects.filter(regulation=OuterRef("pk")))
    )
    if regulation_ids is not None:
        watched = watched.filter(pk__in=list(regulation_ids))
    with translation.override(settings.LANGUAGE_CODE):
        events = {
            regulation.pk: found
            for regulation in watched.with_facts()
            if (found := regulation_events(regulation, on=on))
        }
    result = ImpactResult(on=on, events=sum(len(found) for found in events.values()))
    if events:
        with transaction.atomic():
            result.raised = review_flags_raise(events, now=now)
            result.flags_raised = len(result.raised)
            result.notifications = followers_notify(events, now=now)
    # Also queues the e-mails an earlier run failed to send.
    result.emails_sent = notifications_queue()
    return result
