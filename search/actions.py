"""Writes of the search layer that happen on every search: the search log.

A search writes three things: Wagtail's `Query` row for the query string (search
promotions hang on it), the day's hit counter Wagtail's "popular searches" report
reads (`QueryDailyHits`), and our own `SearchLog` row that clicks refer to. Done
through the ORM (`Query.get()` + `add_hit()` + `create()`) that is a round trip for
every read and write, a sizeable part of each answer; here it is one statement on
PostgreSQL and four cheap ones on SQLite, with the same rows and the same race
safety (unique constraints decide, never a read-then-write).
"""

from __future__ import annotations

import datetime

from django.db import connections, router, transaction
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits
from wagtail.search.utils import normalise_query_string

from search.models import SearchLog

__all__ = ["search_log_record"]

_QUERY = Query._meta.db_table
_HITS = QueryDailyHits._meta.db_table
_LOG = SearchLog._meta.db_table
_LOG_COLUMNS = (
    "query_id, searched_at, searched_on, results, page_number, backend,"
    " suggestion, filters, shown"
)
_ATTEMPTS = 3

# PostgreSQL: find or add the query, count the day's hit, add the log row. When the
# query string is new and another search adds it at the same moment, `added` finds a
# conflict and `found` (read before it) is empty, so no row is returned and the
# statement is simply run again.
_PG_RECORD = f"""
WITH found AS (SELECT id FROM {_QUERY} WHERE query_string = %(query)s),
added AS (
    INSERT INTO {_QUERY} (query_string) SELECT %(query)s
    WHERE NOT EXISTS (SELECT 1 FROM found)
    ON CONFLICT (query_string) DO NOTHING RETURNING id
),
q AS (SELECT id FROM found UNION ALL SELECT id FROM added),
hit AS (
    INSERT INTO {_HITS} (query_id, date, hits) SELECT id, %(hit_date)s, 1 FROM q
    WHERE %(count_hit)s
    ON CONFLICT (query_id, date) DO UPDATE SET hits = {_HITS}.hits + 1
)
INSERT INTO {_LOG} ({_LOG_COLUMNS})
SELECT id, %(at)s, %(on)s, %(results)s, %(page_number)s, %(backend)s, %(suggestion)s,
    %(filters)s, %(shown)s
FROM q {{quiet}} RETURNING id
"""  # noqa: S608 (table names come from the models, values are parameters)
# Outside a transaction the statement commits alone; losing the last log rows in a
# crash is acceptable, waiting for the disk on every search is not. (set_config's
# `true` limits the setting to this statement's own transaction.)
_PG_QUIET = ", (SELECT set_config('synchronous_commit', 'off', true)) AS quiet"


def search_log_record(
    *,
    query: str,
    results: int,
    page_number: int = 1,
    backend: str = "",
    suggestion: str = "",
    filters: str = "",
    shown: str = "",
    at: datetime.datetime | None = None,
) -> int:
    """Log one search and return its `SearchLog` id.

    The first page of a search counts as a hit for Wagtail's popular-searches report
    (later pages of the same search do not); the query string is normalised the way
    Wagtail's `Query` does, so promotions and reports see one row per query.
    """
    at = at or timezone.now()
    values = {
        "query": normalise_query_string(query),
        # Wagtail counts hits per date of timezone.now() (UTC); the log keeps both.
        "hit_date": at.date(),
        "count_hit": page_number == 1,
        "at": at,
        "on": timezone.localdate(at),
        "results": results,
        "page_number": page_number,
        "backend": backend[:32],
        "suggestion": suggestion[:255],
        "filters": filters[:255],
        "shown": shown[:200].rpartition(",")[0] if len(shown) > 200 else shown,
    }
    using = router.db_for_write(SearchLog)
    connection = connections[using]
    if connection.vendor == "postgresql":
        sql = _PG_RECORD.format(quiet="" if connection.in_atomic_block else _PG_QUIET)
        with connection.cursor() as cursor:
            for _attempt in range(_ATTEMPTS):
                cursor.execute(sql, values)
                row = cursor.fetchone()
                if row is not None:
                    return row[0]
        raise RuntimeError(f"search log: no query row for {values['query']!r}")
    return _record_portable(using, values)


def _record_portable(using: str, values: dict) -> int:
    """The same rows in four statements (SQLite has no data-modifying WITH)."""
    connection = connections[using]
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {_QUERY} (query_string) VALUES (%s)"  # noqa: S608
            " ON CONFLICT (query_string) DO NOTHING",
            [values["query"]],
        )
        cursor.execute(
            f"SELECT id FROM {_QUERY} WHERE query_string = %s",  # noqa: S608
            [values["query"]],
        )
        query_id = cursor.fetchone()[0]
        if values["count_hit"]:
            cursor.execute(
                f"INSERT INTO {_HITS} (query_id, date, hits) VALUES (%s, %s, 1)"  # noqa: S608
                f" ON CONFLICT (query_id, date) DO UPDATE SET hits = {_HITS}.hits + 1",
                [query_id, values["hit_date"]],
            )
        entry = SearchLog.objects.using(using).create(
            query_id=query_id,
            searched_at=values["at"],
            searched_on=values["on"],
            results=values["results"],
            page_number=values["page_number"],
            backend=values["backend"],
            suggestion=values["suggestion"],
            filters=values["filters"],
            shown=values["shown"],
        )
    return entry.pk
