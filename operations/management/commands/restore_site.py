"""Restore a backup written by ``backup_site`` into an empty database, rebuild the
search index and prove the content identical to the manifest.

    DATABASE_URL=postgres://…/tkb_new manage.py restore_site /srv/backup/tkb-2026-03-01
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from operations.backup import BackupError, database_is_empty, read_backup, site_restore


class Command(BaseCommand):
    help = (
        "Restore a backup_site folder into this empty database and MEDIA_ROOT, "
        "reindex, and compare counts and content hashes with the backup's manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="A folder written by backup_site.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the backup and the target database; restore nothing.",
        )

    def handle(self, *args, **options):
        folder = Path(options["folder"])
        try:
            if options["dry_run"]:
                backup = read_backup(folder)
                empty = database_is_empty()
                self.stdout.write(
                    _(
                        "Cadangan %(created)s: %(pages)s halaman; basis data tujuan %(state)s."
                    )
                    % {
                        "created": backup["created_at"],
                        "pages": backup["content"]["pages"]["count"],
                        "state": _("kosong") if empty else _("TIDAK kosong"),
                    }
                )
                return
            differences, timing = site_restore(folder=folder)
        except BackupError as err:
            raise CommandError(str(err)) from err
        if differences:
            raise CommandError(
                _("Hasil pemulihan berbeda dari cadangan: %(list)s")
                % {"list": "; ".join(differences)}
            )
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Dipulihkan dan identik dengan cadangan (jumlah dan hash isi cocok): "
                    "basis data %(db).1f s, berkas %(media).1f s, indeks ulang "
                    "%(reindex).1f s, pemeriksaan %(verify).1f s."
                )
                % {
                    "db": timing.database,
                    "media": timing.media,
                    "reindex": timing.reindex,
                    "verify": timing.verify,
                }
            )
        )
