# Reading the matches of a query touches as little as possible, per database vendor.
# PostgreSQL: keep document rows narrow. Long text, body terms and the body vector go
# to the TOAST table (they are read only for the candidates kept), while the small
# title-and-keywords vector stays in the row (STORAGE MAIN), so matching a common word
# reads a third of the pages it used to. Rows take the new layout when rewritten
# (`update_index` rewrites every document).
# SQLite: facet values keyed by document id, so counting facets looks up only the
# matching documents instead of scanning an entry for every document.

from django.db import migrations

TABLE = "search_searchdocument"

FORWARD = {
    "postgresql": [
        f"ALTER TABLE {TABLE} SET (toast_tuple_target = 256)",
        f"ALTER TABLE {TABLE} ALTER COLUMN rank_vector SET STORAGE MAIN",
    ],
    "sqlite": [
        f"CREATE INDEX search_document_facets_by_id ON {TABLE}"
        " (id, kind, topic_id, topic_ids, audiences, page_id)",
    ],
}
BACKWARD = {
    "postgresql": [
        f"ALTER TABLE {TABLE} ALTER COLUMN rank_vector SET STORAGE EXTENDED",
        f"ALTER TABLE {TABLE} RESET (toast_tuple_target)",
    ],
    "sqlite": ["DROP INDEX IF EXISTS search_document_facets_by_id"],
}


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0005_postgres_rank_vector")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
