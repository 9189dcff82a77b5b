# PostgreSQL only: a small title-and-keywords tsvector, stored inline, so ranking never
# de-TOASTs the full document vector; it also serves title-only matching (GIN).

from django.db import migrations

TABLE = "search_searchdocument"

FORWARD = [
    f"""ALTER TABLE {TABLE} ADD COLUMN rank_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, coalesce(title_terms, '')), 'A')
        || setweight(to_tsvector('simple'::regconfig, coalesce(keyword_terms, '')), 'B')
    ) STORED""",
    f"CREATE INDEX search_document_rank_gin ON {TABLE} USING gin (rank_vector)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS search_document_rank_gin",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS rank_vector",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0004_facet_index")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
