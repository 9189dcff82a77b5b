# Full-text structures over search_searchdocument, per database vendor:
# SQLite: FTS5 tables (external content, kept in sync by triggers);
# PostgreSQL: generated weighted tsvectors with GIN indexes.

from django.db import migrations

TABLE = "search_searchdocument"

SQLITE_FORWARD = [
    f"CREATE VIRTUAL TABLE search_document_fts USING fts5("
    f"title_terms, keyword_terms, body_terms, content='{TABLE}', content_rowid='id')",
    f"CREATE VIRTUAL TABLE search_document_ac USING fts5("
    f"autocomplete, content='{TABLE}', content_rowid='id', prefix='2 3 4')",
    f"""CREATE TRIGGER search_document_ai AFTER INSERT ON {TABLE} BEGIN
        INSERT INTO search_document_fts(rowid, title_terms, keyword_terms, body_terms)
        VALUES (new.id, new.title_terms, new.keyword_terms, new.body_terms);
        INSERT INTO search_document_ac(rowid, autocomplete)
        VALUES (new.id, new.autocomplete);
    END""",
    f"""CREATE TRIGGER search_document_ad AFTER DELETE ON {TABLE} BEGIN
        INSERT INTO search_document_fts(
            search_document_fts, rowid, title_terms, keyword_terms, body_terms)
        VALUES ('delete', old.id, old.title_terms, old.keyword_terms, old.body_terms);
        INSERT INTO search_document_ac(search_document_ac, rowid, autocomplete)
        VALUES ('delete', old.id, old.autocomplete);
    END""",
    f"""CREATE TRIGGER search_document_au AFTER UPDATE ON {TABLE} BEGIN
        INSERT INTO search_document_fts(
            search_document_fts, rowid, title_terms, keyword_terms, body_terms)
        VALUES ('delete', old.id, old.title_terms, old.keyword_terms, old.body_terms);
        INSERT INTO search_document_ac(search_document_ac, rowid, autocomplete)
        VALUES ('delete', old.id, old.autocomplete);
        INSERT INTO search_document_fts(rowid, title_terms, keyword_terms, body_terms)
        VALUES (new.id, new.title_terms, new.keyword_terms, new.body_terms);
        INSERT INTO search_document_ac(rowid, autocomplete)
        VALUES (new.id, new.autocomplete);
    END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_document_au",
    "DROP TRIGGER IF EXISTS search_document_ad",
    "DROP TRIGGER IF EXISTS search_document_ai",
    "DROP TABLE IF EXISTS search_document_ac",
    "DROP TABLE IF EXISTS search_document_fts",
]

POSTGRES_FORWARD = [
    f"""ALTER TABLE {TABLE} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, coalesce(title_terms, '')), 'A')
        || setweight(to_tsvector('simple'::regconfig, coalesce(keyword_terms, '')), 'B')
        || setweight(to_tsvector('simple'::regconfig, coalesce(body_terms, '')), 'D')
    ) STORED""",
    f"CREATE INDEX search_document_vector_gin ON {TABLE} USING gin (search_vector)",
    f"""ALTER TABLE {TABLE} ADD COLUMN autocomplete_vector tsvector GENERATED ALWAYS AS (
        to_tsvector('simple'::regconfig, coalesce(autocomplete, ''))
    ) STORED""",
    f"CREATE INDEX search_document_ac_gin ON {TABLE} USING gin (autocomplete_vector)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_document_ac_gin",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS autocomplete_vector",
    "DROP INDEX IF EXISTS search_document_vector_gin",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS search_vector",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_documents_vocabulary_synonyms_log")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
