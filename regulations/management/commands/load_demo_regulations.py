"""Load the demo regulations (regulations/demo/regulations.jsonl) through the importer.

Idempotent: a second run changes nothing. Every record carries its source and, where a
fact could not be confirmed, a "Catatan verifikasi" saying exactly what is unconfirmed.
"""

from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from ingest import read_jsonl, report_write
from regulations.importing import regulations_import

DEMO_FILE = Path(__file__).resolve().parents[2] / "demo" / "regulations.jsonl"
DEMO_REASON = "Data contoh registri peraturan (demo)"


class Command(BaseCommand):
    help = "Load the demo regulation registry (real chains, with verification notes)."

    def handle(self, *args, **options):
        report = regulations_import(
            read_jsonl(
                DEMO_FILE, source=str(DEMO_FILE.relative_to(DEMO_FILE.parents[2]))
            ),
            reason=DEMO_REASON,
        )
        report_write(self, report, label=_("Peraturan demo"))
