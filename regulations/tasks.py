"""Background tasks (django-tasks): the impact check that flags pages and notifies
followers when regulation changes take effect. The task that e-mails notifications
lives beside the rest of their path, in regulations.notifications.

Production queues them in the database (django_tasks_db; run ``manage.py db_worker``);
development and tests run them inline.
"""

from __future__ import annotations

import logging
from datetime import date

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from regulations.impact.check import impact_check

logger = logging.getLogger(__name__)


@task()
def check_regulation_impact(
    on_iso: str, regulation_ids: list[int] | None = None
) -> dict[str, object]:
    """Run the impact check for changes effective on or before `on_iso` (YYYY-MM-DD),
    for all watched regulations or only `regulation_ids`; returns the counts."""
    result = impact_check(on=date.fromisoformat(on_iso), regulation_ids=regulation_ids)
    logger.info(
        "Regulation impact on %s: %s events, %s flags raised, %s notifications, %s e-mails",
        on_iso,
        result.events,
        result.flags_raised,
        result.notifications,
        result.emails_sent,
    )
    return {
        "on": on_iso,
        "events": result.events,
        "flags_raised": result.flags_raised,
        "notifications": result.notifications,
        "emails_sent": result.emails_sent,
    }


def enqueue_impact_check(*, regulation_ids: list[int], on: date | None = None) -> None:
    """Queue the impact check for these regulations once the current transaction
    commits, so the worker sees the relation that triggered it."""
    on_iso = (on or timezone.localdate()).isoformat()
    ids = sorted(set(regulation_ids))
    transaction.on_commit(lambda: check_regulation_impact.enqueue(on_iso, ids))
