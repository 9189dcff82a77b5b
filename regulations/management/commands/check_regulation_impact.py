"""The scheduled entry point of the impact check (run daily by cron).

Queues ``regulations.tasks.check_regulation_impact`` for a date (default today): pages
citing or depending on a regulation changed by then are flagged "perlu ditinjau",
followers are notified, and the e-mails of every pending notification are queued again
(retrying sends that failed). With the database task backend a ``db_worker`` runs it;
with ``--now`` (or the immediate backend) it runs in this process.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django_tasks import TaskResultStatus

from ingest import date_option
from regulations.tasks import check_regulation_impact


class Command(BaseCommand):
    help = (
        "Flag pages affected by regulation changes effective on or before a date, "
        "notify followers and retry notification e-mails that failed (queued as a "
        "background task)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--on",
            metavar="YYYY-MM-DD",
            help="Check changes effective on or before this date (default: today, "
            "in the site's time zone).",
        )
        parser.add_argument(
            "--now",
            action="store_true",
            help="Run the check in this process instead of queueing it.",
        )

    def handle(self, *args, **options):
        on = date_option(options["on"])
        if options["now"]:
            counts = check_regulation_impact.call(on.isoformat())
            self.report(counts)
            return
        result = check_regulation_impact.enqueue(on.isoformat())
        if result.status == TaskResultStatus.SUCCESSFUL:
            self.report(result.return_value)
        elif result.status == TaskResultStatus.FAILED:
            raise CommandError(
                _("Pemeriksaan dampak per %(on)s gagal: %(error)s")
                % {
                    "on": on.isoformat(),
                    "error": result.errors[-1].traceback if result.errors else "",
                }
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    _("Pemeriksaan dampak per %(on)s diantrekan (tugas %(id)s).")
                    % {"on": on.isoformat(), "id": result.id}
                )
            )

    def report(self, counts: dict) -> None:
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Dampak per %(on)s: %(events)s peristiwa, %(flags)s halaman ditandai "
                    "perlu ditinjau, %(notifications)s notifikasi, %(emails)s e-mail."
                )
                % {
                    "on": counts["on"],
                    "events": counts["events"],
                    "flags": counts["flags_raised"],
                    "notifications": counts["notifications"],
                    "emails": counts["emails_sent"],
                }
            )
        )
