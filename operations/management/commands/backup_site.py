"""Back up the site: the database and the uploaded files, with a content manifest.

    manage.py backup_site /srv/backup/tkb-2026-03-01

Restore with ``manage.py restore_site`` into an empty database (README, Deploying).
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from operations.backup import BackupError, site_backup


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump custom format, or SQLite's online backup) and "
        "MEDIA_ROOT into a new folder, with counts and hashes of the content."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "folder", help="A new or empty folder to write the backup into."
        )

    def handle(self, *args, **options):
        folder = Path(options["folder"])
        try:
            manifest, timing = site_backup(to=folder)
        except BackupError as err:
            raise CommandError(str(err)) from err
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Cadangan ditulis ke %(folder)s: %(pages)s halaman, %(revisions)s "
                    "revisi, %(regulations)s peraturan (basis data %(db).1f s, berkas "
                    "%(media).1f s)."
                )
                % {
                    "folder": folder,
                    "pages": manifest["pages"]["count"],
                    "revisions": manifest["revisions"]["count"],
                    "regulations": manifest["regulations"]["count"],
                    "db": timing.database,
                    "media": timing.media,
                }
            )
        )
