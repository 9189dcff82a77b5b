"""Load the demo regulations (regulations/demo/regulations.jsonl) through the importer.

Idempotent: a second run changes nothing. Every record carries its source and, where a
fact could not be confirmed, a "Catatan verifikasi" saying exactly what is unconfirmed.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from regulations.importing import import_regulations

DEMO_FILE = Path(__file__).resolve().parents[2] / "demo" / "regulations.jsonl"
DEMO_REASON = "Data contoh registri peraturan (demo)"


class Command(BaseCommand):
    help = "Load the demo regulation registry (real chains, with verification notes)."

    def handle(self, *args, **options):
        report = import_regulations(
            DEMO_FILE.read_text(encoding="utf-8").splitlines(),
            filename=str(DEMO_FILE.relative_to(DEMO_FILE.parents[2])),
            reason=DEMO_REASON,
        )
        for error in report.errors:
            self.stderr.write(error)
        if report.errors:
            raise CommandError(
                f"Demo data could not be loaded fully: {report.summary()}"
            )
        self.stdout.write(self.style.SUCCESS(report.summary()))
