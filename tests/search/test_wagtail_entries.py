"""Wagtail's PostgreSQL index entries written in one walk equal Wagtail's own."""

from __future__ import annotations

import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from wagtail.search.backends import get_search_backend
from wagtail.search.index import get_indexed_models

from kb.models import ArticlePage

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="PostgreSQL only: Wagtail's PostgreSQL index entries",
    ),
]


def _entries() -> list[tuple]:
    from modelsearch.backends.database.postgres.postgres import IndexEntry

    table = IndexEntry._meta.db_table
    columns = (
        "content_type_id, object_id, title::text, autocomplete::text, body::text,"
        " title_norm, title_text, body_text"
    )
    with connection.cursor() as cursor:
        order = "ORDER BY content_type_id, object_id"
        cursor.execute(f"SELECT {columns} FROM {table} {order}")  # noqa: S608
        return cursor.fetchall()


def _index_every_model(add_items) -> list[tuple]:
    from modelsearch.backends.database.postgres.postgres import IndexEntry

    IndexEntry.objects.all().delete()
    backend = get_search_backend("default")
    for model in get_indexed_models():
        index = backend.get_index_for_model(model)
        objects = list(model.get_indexed_objects())
        if objects:
            add_items(index, model, objects)
    return _entries()


def test_rows_equal_those_of_wagtails_own_add_items(corpus):
    from modelsearch.backends.database.postgres.postgres import PostgresIndex

    article = corpus.articles["lupa-efin"]
    article.tags.add("efin hilang", "kode verifikasi")
    article.save_revision().publish()

    wagtail = _index_every_model(PostgresIndex.add_items)
    ours = _index_every_model(lambda index, model, objs: index.add_items(model, objs))

    assert len(ours) > 10
    assert ours == wagtail
    article_type = ContentType.objects.get_for_model(ArticlePage).pk
    tagged = next(row for row in ours if row[:2] == (article_type, str(article.pk)))
    assert "'hilang'" in tagged[4] and "'verifikasi'" in tagged[4]  # tags in the body


def test_a_rebuild_leaves_the_same_rows_as_indexing_each_object(corpus):
    from modelsearch.backends.database.postgres.postgres import PostgresIndex

    wagtail = _index_every_model(PostgresIndex.add_items)
    call_command(
        "update_index", backend_name="default", verbosity=0, stdout=io.StringIO()
    )
    rebuilt = _entries()

    assert [row[:5] + row[6:] for row in rebuilt] == [
        row[:5] + row[6:] for row in wagtail
    ]
    # Every norm is the one Wagtail's full refresh computes from the final average.
    backend = get_search_backend("default")
    PostgresIndex._refresh_title_norms(
        backend.get_index_for_model(ArticlePage), full=True
    )
    assert _entries() == rebuilt
    assert any(row[5] != 1.0 for row in rebuilt)
