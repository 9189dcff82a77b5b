"""Import the 3C service catalogue from a JSON Lines (.jsonl) or CSV (.csv) file.

Columns: slug, name, handling_unit, target_state, target_year, plan_category,
current_state, state_since, legal_basis (citation texts; ";"-separated in CSV);
optional code, description, illustrative. Works on a freshly migrated database (the
"Layanan" catalogue page is created if missing), is idempotent, and can never bypass
the automation gate: a line claiming a state the gate forbids on its state_since is
rejected with the gate's reason. Rejected lines are listed as ``FILE:LINE: reason``
and make the command exit non-zero after the valid lines are imported.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from catalogue.importing import ImportReport, import_file
from kb.management.commands.import_articles import quiet_page_logs


def write_report(command: BaseCommand, report: ImportReport, *, name: str) -> None:
    """Print the counts; raise CommandError listing ``FILE:LINE: reason`` if any line failed."""
    summary = _(
        "Layanan: %(created)d dibuat, %(updated)d diperbarui, %(unchanged)d tidak "
        "berubah, %(rejected)d ditolak."
    ) % {
        "created": len(report.created),
        "updated": len(report.updated),
        "unchanged": len(report.unchanged),
        "rejected": len(report.rejected),
    }
    style = command.style.WARNING if report.rejected else command.style.SUCCESS
    command.stdout.write(style(summary))
    if report.rejected:
        lines = [f"{name}:{line}: {reason}" for line, reason in report.rejected]
        raise CommandError(
            _("%(count)d baris ditolak (baris yang sah sudah diimpor):")
            % {"count": len(report.rejected)}
            + "\n"
            + "\n".join(lines)
        )


class Command(BaseCommand):
    help = (
        "Import services from a JSON Lines or CSV file; create or update them by slug, "
        "publish them, and check every claimed state against the automation gate."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file", help="Path to a .jsonl (one JSON object per line) or .csv file."
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(
                _("Berkas %(file)s tidak ditemukan. Periksa jalurnya.") % {"file": path}
            )
        try:
            with quiet_page_logs(verbosity=options["verbosity"]):
                report = import_file(path)
        except UnicodeDecodeError as err:
            raise CommandError(
                _("%(file)s bukan teks UTF-8. Simpan ulang sebagai UTF-8.")
                % {"file": path}
            ) from err
        write_report(self, report, name=str(path))
