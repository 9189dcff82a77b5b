"""Background tasks (django-tasks) of search: the daily rebuild of readers' signals.

Production queues them in the database (django_tasks_db; run ``manage.py db_worker``);
development and tests run them inline. ``manage.py search_learning refresh`` does the
same work directly.
"""

from __future__ import annotations

import logging

from django.utils import timezone
from django_tasks import task

from search.catchup import index_catch_up_all
from search.learning import learned_signals_refresh

logger = logging.getLogger(__name__)


@task()
def refresh_learned_signals() -> dict[str, int]:
    """Rebuild what readers taught the ranking from the logs; returns the counts."""
    report = learned_signals_refresh(now=timezone.now())
    logger.info(
        "Readers' signals: %s searches, %s clicks, %s query signals, %s page signals, "
        "%s queries with a new first result",
        report.searches,
        report.clicks,
        report.query_signals,
        report.page_signals,
        report.changed_top,
    )
    return {
        "searches": report.searches,
        "clicks": report.clicks,
        "query_signals": report.query_signals,
        "page_signals": report.page_signals,
        "changed_top": report.changed_top,
    }


@task()
def search_catch_up() -> list[dict[str, int]]:
    """Mend what the search engines missed while unreachable (search.catchup)."""
    return [
        {
            "missing": report.missing,
            "stale": report.stale,
            "extra": report.extra,
            "written": len(report.written),
        }
        for report in index_catch_up_all()
    ]
