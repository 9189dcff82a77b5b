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

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from catalogue.importing import import_file
from ingest import (
    CSV_SUFFIXES,
    JSONL_SUFFIXES,
    InputError,
    input_file,
    quiet_page_logs,
    report_write,
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
        try:
            path = input_file(options["file"], suffixes=JSONL_SUFFIXES | CSV_SUFFIXES)
            with quiet_page_logs(verbosity=options["verbosity"]):
                report = import_file(path)
        except InputError as err:
            raise CommandError(str(err)) from err
        report_write(self, report, label=_("Impor layanan"))
