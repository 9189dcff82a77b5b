"""Wagtail's own PostgreSQL index entries (the admin's search), written in one walk.

modelsearch's `PostgresIndex.add_items` builds each entry with an `ObjectIndexer` that
walks every search field five times (title, body, autocomplete and the two plain
texts), opening the tags manager on each walk, and compiles a Django `SearchVector`
expression for every text, a large part of a rebuild's time. `write_entries` writes
the same rows from one walk per object, with the SQL fragments Django would render
(tests compare every column with Wagtail's own `add_items`), through Wagtail's own
statement and ON CONFLICT clause.
"""

from __future__ import annotations

from django.db.models import Manager
from django.utils.encoding import force_str
from modelsearch.backends.database.postgres.postgres import IndexEntry
from modelsearch.backends.database.postgres.weights import get_weight
from modelsearch.index import AutocompleteField, RelatedFields, SearchField
from modelsearch.utils import get_content_type_pk

__all__ = ["PostgresEntriesMixin", "write_entries"]

_EMPTY_VECTOR = ("to_tsvector(COALESCE(%s, %s))", ["", ""])


def _prepare_value(value) -> str:
    """A field's value as text, as modelsearch's `ObjectIndexer.prepare_value`."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return ", ".join(_prepare_value(item) for item in value)
    if isinstance(value, dict):
        return ", ".join(_prepare_value(item) for item in value.values())
    return force_str(value)


def _walk(obj, field, out: list) -> None:
    """(field, weight, text) for each searchable value, as `ObjectIndexer.prepare_field`."""
    if isinstance(field, SearchField):
        out.append(
            (field, get_weight(field.boost), _prepare_value(field.get_value(obj)))
        )
    elif isinstance(field, AutocompleteField):
        out.append((field, "D", _prepare_value(field.get_value(obj))))
    elif isinstance(field, RelatedFields):
        related = field.get_value(obj)
        if related is None:
            return
        if isinstance(related, Manager):
            related_objects = related.all()
        else:
            if callable(related):
                related = related()
            related_objects = [related]
        for related_object in related_objects:
            for sub_field in field.fields:
                _walk(related_object, sub_field, out)


def _vector(texts: list[tuple[str, str]], config: str | None) -> tuple[str, list]:
    """SQL for the weighted vector of `texts`, as modelsearch's `as_vector` renders it."""
    texts = [(text.strip(), weight) for text, weight in texts]
    texts = [(text, weight) for text, weight in texts if text]
    if not texts:
        return _EMPTY_VECTOR
    parts: list[str] = []
    params: list = []
    for text, weight in texts:
        if config is None:
            parts.append("setweight(to_tsvector(COALESCE(%s, %s)), %s)")
            params += [text, "", weight]
        else:
            parts.append("setweight(to_tsvector(%s::regconfig, COALESCE(%s, %s)), %s)")
            params += [config, text, "", weight]
    sql = parts[0] if len(parts) == 1 else "(" + " || ".join(parts) + ")"
    return sql, params


def write_entries(
    connection, model, objs, *, config: str | None, autocomplete_config: str | None
) -> int:
    """Insert or update the Wagtail index entries of `objs` (instances of `model`);
    returns how many were written."""
    if not model.get_search_fields() or not objs:
        return 0
    content_type_pk = get_content_type_pk(model)
    fields_by_class: dict[type, list] = {}
    rows: list[str] = []
    params: list = []
    for obj in objs:
        search_fields = fields_by_class.get(type(obj))
        if search_fields is None:
            search_fields = fields_by_class[type(obj)] = obj.get_search_fields()
        values: list = []
        for field in search_fields:
            _walk(obj, field, values)
        title = [
            (text, weight)
            for field, weight, text in values
            if isinstance(field, SearchField) and field.field_name == "title"
        ]
        body = [
            (text, weight)
            for field, weight, text in values
            if isinstance(field, SearchField) and field.field_name != "title"
        ]
        autocomplete = [
            (text, weight)
            for field, weight, text in values
            if isinstance(field, AutocompleteField)
        ]
        vectors = [
            _vector(title, config),
            _vector(autocomplete, autocomplete_config),
            _vector(body, config),
        ]
        rows.append(
            f"(%s, %s, {vectors[0][0]}, {vectors[1][0]}, {vectors[2][0]}, 1.0, %s, %s)"
        )
        params += [content_type_pk, force_str(obj.pk)]
        for _sql, vector_params in vectors:
            params += vector_params
        params.append(" ".join(t for t in (text.strip() for text, _w in title) if t))
        params.append(" ".join(t for t in (text.strip() for text, _w in body) if t))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {IndexEntry._meta.db_table} (content_type_id, object_id,"
            " title, autocomplete, body, title_norm, title_text, body_text)"
            f" (VALUES {', '.join(rows)})"
            " ON CONFLICT (content_type_id, object_id)"
            " DO UPDATE SET title = EXCLUDED.title, title_norm = 1.0,"
            " autocomplete = EXCLUDED.autocomplete, body = EXCLUDED.body,"
            " title_text = EXCLUDED.title_text, body_text = EXCLUDED.body_text",
            params,
        )
    return len(rows)


class PostgresEntriesMixin:
    """`add_items` for modelsearch's `PostgresIndex` through `write_entries`.

    Outside a rebuild, new entries get their title norms at once, as in Wagtail; a
    rebuild leaves them to its finish, which refreshes every entry's norm anyway
    (`PostgresSearchRebuilder.finish`), instead of after every chunk.
    """

    session = None  # set by DocumentRebuilderMixin while a rebuild runs

    def add_items(self, model, objs):
        written = write_entries(
            self.write_connection,
            model,
            objs,
            config=self.backend.config,
            autocomplete_config=self.backend.autocomplete_config,
        )
        if written and self.session is None:
            self._refresh_title_norms()
