"""The answer kind of each search document (what it answers about its subject).

SQLite cannot add a NOT NULL column through Django without rebuilding the table, and a
rebuild would drop the FTS5 triggers (0002) and the facet index (0006) made by hand, so
the column is added in place with one ALTER TABLE that SQLite and PostgreSQL share.
"""

from django.db import migrations, models

TABLE = "search_searchdocument"


def _field():
    return models.CharField(blank=True, db_default="", max_length=16)


def add(apps, schema_editor):
    schema_editor.execute(
        f"ALTER TABLE {TABLE} ADD COLUMN answer_kind varchar(16) NOT NULL DEFAULT ''"
    )


def remove(apps, schema_editor):
    schema_editor.execute(f"ALTER TABLE {TABLE} DROP COLUMN answer_kind")


class Migration(migrations.Migration):
    dependencies = [("search", "0007_candidate_fields_in_row")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(add, remove)],
            state_operations=[
                migrations.AddField(
                    model_name="searchdocument", name="answer_kind", field=_field()
                )
            ],
        )
    ]
