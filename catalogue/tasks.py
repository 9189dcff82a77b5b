"""Background tasks (django-tasks) of the service catalogue: the daily scheduled-switch run.

Production queues them in the database (django_tasks_db; run ``manage.py db_worker``);
development and tests run them inline. ``manage.py services run_scheduled`` does the
same work directly.
"""

from __future__ import annotations

import logging
from datetime import date

from django_tasks import task

from catalogue.actions import scheduled_switches_run, services_flag_lost_basis

logger = logging.getLogger(__name__)


@task()
def run_scheduled_switches(on_iso: str) -> dict[str, object]:
    """Perform the switches due on `on_iso` (YYYY-MM-DD) and flag services whose legal
    basis lapsed by then; returns the counts."""
    on = date.fromisoformat(on_iso)
    run = scheduled_switches_run(on=on)
    flags = services_flag_lost_basis(on=on)
    logger.info(
        "Scheduled service switches on %s: %s done, %s blocked, %s waiting, %s flags",
        on_iso,
        len(run.done),
        len(run.blocked),
        len(run.waiting),
        len(flags),
    )
    return {
        "on": on_iso,
        "done": len(run.done),
        "blocked": len(run.blocked),
        "waiting": len(run.waiting),
        "flags": len(flags),
    }
