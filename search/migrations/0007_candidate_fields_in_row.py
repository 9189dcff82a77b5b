# PostgreSQL: the small fields read for every match (facet values) and for every
# candidate kept (key, URL, slug, title and keyword terms) stay in the row. With the
# table's low TOAST target (0006) they were moved out of line one by one, so reading a
# candidate cost a TOAST lookup per field; measured on 20k documents, the ranking
# statement is 3-8% faster, the table 17% larger. Only the body terms, the
# texts and the body vector stay out of line. Rows take the layout when rewritten
# (`update_index` rewrites every document).

from django.db import migrations

TABLE = "search_searchdocument"
IN_ROW = (
    "key",
    "kind",
    "url",
    "slug",
    "topic_ids",
    "audiences",
    "title_terms",
    "keyword_terms",
)


def _storage(kind):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        columns = ", ".join(f"ALTER COLUMN {c} SET STORAGE {kind}" for c in IN_ROW)
        schema_editor.execute(f"ALTER TABLE {TABLE} {columns}")

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0006_narrow_match_reads")]

    operations = [migrations.RunPython(_storage("MAIN"), _storage("EXTENDED"))]
