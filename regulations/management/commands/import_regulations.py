"""Import regulations and their relations from a JSON Lines file (see regulations.importing).

    python manage.py import_regulations data.jsonl --user hukum1 --reason "ND-12/PJ.01/2025"

Valid lines are imported even when others are rejected; rejected lines are listed as
FILE:LINE: reason and the command then exits non-zero.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from regulations.actions import DEFAULT_IMPORT_REASON
from regulations.importing import import_regulations


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
        path = Path(file)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError as err:
            raise CommandError(f"Berkas {path} tidak ditemukan.") from err
        except UnicodeDecodeError as err:
            raise CommandError(
                f"Berkas {path} bukan teks UTF-8; simpan ulang sebagai UTF-8."
            ) from err
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user).first()
            if actor is None:
                raise CommandError(f"Pengguna '{user}' tidak ditemukan.")
        report = import_regulations(
            text.splitlines(),
            filename=str(file),
            user=actor,
            reason=reason or str(DEFAULT_IMPORT_REASON),
        )
        for error in report.errors:
            self.stderr.write(error)
        if report.errors:
            raise CommandError(
                f"{report.summary()} Perbaiki baris yang ditolak lalu jalankan lagi; "
                "baris yang sudah masuk tidak akan diubah dua kali."
            )
        self.stdout.write(self.style.SUCCESS(report.summary()))
