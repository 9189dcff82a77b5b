"""Import regulations and their relations from a JSON Lines file (see regulations.importing).

    python manage.py import_regulations data.jsonl --user hukum1 --reason "ND-12/PJ.01/2025"

Valid lines are imported even when others are rejected; rejected lines are listed as
FILE:LINE: reason and the command then exits non-zero.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ingest import JSONL_SUFFIXES, InputError, input_file, read_jsonl, report_write
from regulations.actions import DEFAULT_IMPORT_REASON
from regulations.importing import regulations_import


class Command(BaseCommand):
    help = (
        "Import regulations (one JSON object per line) into the registry, idempotently."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path of the .jsonl file, UTF-8.")
        parser.add_argument(
            "--user",
            default=None,
            help="Username recorded in the audit log; their permissions are checked "
            "(default: a system import with no user).",
        )
        parser.add_argument(
            "--reason",
            default=None,
            help='Why the data changes, stored in the audit log (default: "Impor data peraturan").',
        )

    def handle(self, *args, file: str, user: str | None, reason: str | None, **options):
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user).first()
            if actor is None:
                raise CommandError(
                    _("Pengguna %(user)r tidak ditemukan.") % {"user": user}
                )
        try:
            path = input_file(file, suffixes=JSONL_SUFFIXES)
            report = regulations_import(
                read_jsonl(path),
                user=actor,
                reason=reason or str(DEFAULT_IMPORT_REASON),
            )
        except InputError as err:
            raise CommandError(str(err)) from err
        report_write(self, report, label=_("Impor peraturan"))
