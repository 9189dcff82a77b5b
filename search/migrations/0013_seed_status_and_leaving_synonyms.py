# Three more rows for the editor-managed synonym list: an abbreviation taxpayers meet
# when applying for credit or a permit (KSWP), and two everyday words for a PTKP status
# and for an employee who leaves, which articles write in their formal form.

from django.db import migrations

# (terms, one_way, note)
SEED = [
    ("KSWP, konfirmasi status wajib pajak", False, "singkatan"),
    ("resign, berhenti bekerja, mengundurkan diri", False, "pegawai keluar"),
    ("lajang, belum menikah, tidak kawin", False, "status PTKP"),
]


def seed(apps, schema_editor):
    synonym = apps.get_model("search", "Synonym")
    for terms, one_way, note in SEED:
        synonym.objects.get_or_create(
            terms=terms, defaults={"one_way": one_way, "note": note}
        )


def unseed(apps, schema_editor):
    synonym = apps.get_model("search", "Synonym")
    synonym.objects.filter(terms__in=[terms for terms, _one_way, _note in SEED]).delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0012_document_digest")]

    operations = [migrations.RunPython(seed, unseed)]
