# The English-Indonesian tax glossary (search/glossary/, 1,007 phrases written by a
# helper who never saw the code or the judgment sets) as one-way synonyms: the English
# phrase also finds the Indonesian terms, not the reverse. Editors change or switch off
# each row like any other synonym. Where 0009 (or an editor) already expands the same
# English phrase one way, the glossary's terms are added to that row instead of a
# second row; rows an editor switched off stay off.

import csv
from pathlib import Path

from django.db import migrations

NOTE = "glosarium bahasa Inggris"
GLOSSARY = Path(__file__).resolve().parent.parent / "glossary" / "english-indonesian.tsv"


def _phrases(terms: str) -> list[str]:
    return [phrase.strip() for phrase in terms.split(",") if phrase.strip()]


def _rows() -> list[tuple[str, list[str]]]:
    with GLOSSARY.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [(row[0].strip(), _phrases(row[1])) for row in reader if len(row) >= 2]


def seed(apps, schema_editor):
    synonym = apps.get_model("search", "Synonym")
    existing = {}
    for row in synonym.objects.filter(one_way=True):
        phrases = _phrases(row.terms)
        if phrases:
            existing.setdefault(phrases[0].casefold(), row)
    created = []
    for english, indonesian in _rows():
        row = existing.get(english.casefold())
        if row is None:
            created.append(
                synonym(
                    terms=", ".join([english, *indonesian]),
                    one_way=True,
                    note=NOTE,
                )
            )
            continue
        phrases = _phrases(row.terms)
        known = {phrase.casefold() for phrase in phrases}
        added = [phrase for phrase in indonesian if phrase.casefold() not in known]
        if added:
            row.terms = ", ".join([*phrases, *added])
            row.save(update_fields=["terms", "updated_at"])
    synonym.objects.bulk_create(created, batch_size=500)


def unseed(apps, schema_editor):
    # Terms merged into older rows stay: they cannot be told from an editor's own.
    apps.get_model("search", "Synonym").objects.filter(note=NOTE).delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0010_learned_signals")]

    operations = [migrations.RunPython(seed, unseed)]
