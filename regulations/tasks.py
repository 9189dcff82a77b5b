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

from frontcache.purge import front_cache_purge
from regulations.impact.check import impact_check
from regulations.impact.status import regulations_status_changed
from regulations.models import Regulation

logger = logging.getLogger(__name__)


@task()
def check_regulation_impact(
    on_iso: str, regulation_ids: list[int] | None = None
) -> dict[str, object]:
    """Run the impact check for changes effective on or before `on_iso` (YYYY-MM-DD),
    for all watched regulations or only `regulation_ids`; returns the counts.

    Pages whose cited regulation changed status that day, or that were just flagged,
    look different now: they are purged from the front cache (the midnight case).
    """
    on = date.fromisoformat(on_iso)
    result = impact_check(on=on, regulation_ids=regulation_ids)
    changes = regulations_status_changed(on=on)
    pages_purged = front_cache_pages_changed(
        page_ids={flag.page_id for flag in result.raised} | set(changes.page_ids),
        regulation_ids=changes.regulation_ids,
    )
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
        "pages_purged": pages_purged,
    }


def front_cache_pages_changed(*, page_ids: set[int], regulation_ids: list[int]) -> int:
    """Purge these pages and the registry pages of these regulations from the front
    cache; returns how many content pages were purged."""
    from wagtail.models import Page

    pages = list(Page.objects.filter(pk__in=page_ids))
    regulations = Regulation.objects.filter(pk__in=regulation_ids, live=True)
    if pages or regulation_ids:
        front_cache_purge(
            pages=pages,
            paths=[regulation.get_absolute_url() for regulation in regulations],
        )
    return len(pages)


def enqueue_impact_check(*, regulation_ids: list[int], on: date | None = None) -> None:
    """Queue the impact check for these regulations once the current transaction
    commits, so the worker sees the relation that triggered it."""
    on_iso = (on or timezone.localdate()).isoformat()
    ids = sorted(set(regulation_ids))
    transaction.on_commit(lambda: check_regulation_impact.enqueue(on_iso, ids))
