"""The search log writer: the rows Wagtail's reports and our analytics read."""

from __future__ import annotations

import datetime
import threading
import time

import pytest
from django.db import connection, connections
from wagtail.contrib.search_promotions.models import (
    Query,
    QueryDailyHits,
    SearchPromotion,
)

from search.actions import search_log_record
from search.models import SearchLog

pytestmark = pytest.mark.django_db

NOON = datetime.datetime(2026, 11, 2, 12, 0, tzinfo=datetime.UTC)


def test_first_page_counts_a_hit_and_every_page_is_logged():
    first = search_log_record(
        query="  Lupa   EFIN ",
        results=7,
        page_number=1,
        backend="sqlite",
        suggestion="lupa efin",
        filters="type=artikel",
        at=NOON,
    )
    second = search_log_record(query="lupa efin", results=7, page_number=2, at=NOON)

    query = Query.objects.get()
    assert query.query_string == "lupa efin"  # normalised as Wagtail's Query.get does
    assert query.hits == 1  # a later page of the same search is not a new search
    entry = SearchLog.objects.get(pk=first)
    assert (
        entry.query_id,
        entry.searched_at,
        entry.searched_on,
        entry.results,
        entry.page_number,
        entry.backend,
        entry.suggestion,
        entry.filters,
    ) == (query.pk, NOON, NOON.date(), 7, 1, "sqlite", "lupa efin", "type=artikel")
    assert SearchLog.objects.get(pk=second).page_number == 2


def test_hits_add_up_per_day_on_one_query_row():
    for _ in range(3):
        search_log_record(query="npwp", results=1, at=NOON)
    search_log_record(query="NPWP", results=1, at=NOON + datetime.timedelta(days=1))

    query = Query.objects.get()
    assert sorted(query.daily_hits.values_list("date", "hits")) == [
        (NOON.date(), 3),
        (NOON.date() + datetime.timedelta(days=1), 1),
    ]
    assert query.hits == 4
    assert SearchLog.objects.filter(query=query).count() == 4


def test_an_existing_query_row_is_reused_with_its_promotions():
    existing = Query.get("efin")
    SearchPromotion.objects.create(
        query=existing, external_link_url="https://pajak.go.id", description="x"
    )
    search_log_record(query="EFIN", results=2, at=NOON)

    assert list(Query.objects.values_list("pk", flat=True)) == [existing.pk]
    assert QueryDailyHits.objects.get().query_id == existing.pk
    assert existing.editors_picks.count() == 1


def test_long_values_are_cut_to_their_columns():
    pk = search_log_record(
        query="pajak " * 100, results=0, suggestion="s" * 400, filters="f" * 400
    )
    entry = SearchLog.objects.select_related("query").get(pk=pk)
    assert len(entry.suggestion) == len(entry.filters) == 255
    assert entry.query.query_string == ("pajak " * 100)[:255].strip()


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="PostgreSQL only: row locks between two connections",
)
# serialized_rollback: leave the database as the browser tests (which restore it from
# the serialized copy) expect, not flushed and re-seeded by post_migrate.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_new_query_added_by_a_concurrent_search_is_still_logged():
    """Another session inserts the same new query string and commits while our
    statement waits on the unique index: our insert finds the conflict, and the
    statement is run again instead of losing the log row."""
    other = connections.create_connection("default")
    try:
        other.set_autocommit(False)
        with other.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {Query._meta.db_table} (query_string) VALUES (%s)",  # noqa: S608
                ["balapan"],
            )
        result: dict = {}

        def log_it() -> None:
            try:
                result["pk"] = search_log_record(query="balapan", results=1, at=NOON)
            finally:
                connections.close_all()

        worker = threading.Thread(target=log_it)
        worker.start()
        waited = False
        for _ in range(100):  # until the worker blocks on the uncommitted row
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT count(*) FROM pg_stat_activity"
                    " WHERE wait_event_type = 'Lock' AND datname = current_database()"
                )
                if cursor.fetchone()[0]:
                    waited = True
                    break
            time.sleep(0.05)
        other.commit()
        worker.join(timeout=10)
    finally:
        other.close()

    assert waited
    query = Query.objects.get(query_string="balapan")
    assert SearchLog.objects.get(pk=result["pk"]).query_id == query.pk
    assert query.hits == 1
