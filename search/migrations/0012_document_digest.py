"""The digest of each search document, which the search catch-up compares with the
engine's copy (search.catchup).

Added in place with one ALTER TABLE that SQLite and PostgreSQL share, as 0008 does: a
table rebuild on SQLite would drop the FTS5 triggers and hand-made indexes. Existing
rows get an empty digest until the next `update_index`.
"""

from django.db import migrations, models

TABLE = "search_searchdocument"


def add(apps, schema_editor):
    schema_editor.execute(
        f"ALTER TABLE {TABLE} ADD COLUMN digest varchar(32) NOT NULL DEFAULT ''"
    )


def remove(apps, schema_editor):
    schema_editor.execute(f"ALTER TABLE {TABLE} DROP COLUMN digest")


class Migration(migrations.Migration):
    dependencies = [("search", "0011_english_glossary")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(add, remove)],
            state_operations=[
                migrations.AddField(
                    model_name="searchdocument",
                    name="digest",
                    field=models.CharField(blank=True, db_default="", max_length=32),
                )
            ],
        )
    ]
