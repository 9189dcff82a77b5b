"""What readers taught the ranking (search.learning), from the command line.

    manage.py search_learning refresh [--enqueue]
    manage.py search_learning reset [--query TEXT]

`refresh` rebuilds the signals from the search log, the clicks and the feedback (run
it daily, e.g. from cron); `reset` forgets one query's signals, or all of them.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from search.learning import learned_signals_refresh, learning_reset
from search.tasks import refresh_learned_signals


class Command(BaseCommand):
    help = (
        "Rebuild or reset the ranking signals learnt from readers' clicks and feedback."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(
            dest="action", required=True, metavar="{refresh,reset}"
        )
        refresh = actions.add_parser(
            "refresh", help="Rebuild the signals from the logs."
        )
        refresh.add_argument(
            "--enqueue",
            action="store_true",
            help="Queue the rebuild as a background task (django-tasks) instead.",
        )
        reset = actions.add_parser("reset", help="Forget the signals (all by default).")
        reset.add_argument(
            "--query", default="", help="Only this query's signals (as typed)."
        )

    def handle(self, *args, **options):
        if options["action"] == "reset":
            removed = learning_reset(query=options["query"], now=timezone.now())
            self.stdout.write(
                self.style.SUCCESS(
                    _(
                        "%(count)d sinyal dihapus; log sebelum saat ini tidak dihitung lagi."
                    )
                    % {"count": removed}
                )
            )
            return
        if options["enqueue"]:
            result = refresh_learned_signals.enqueue()
            self.stdout.write(
                _("Dijadwalkan sebagai tugas %(id)s.") % {"id": result.id}
            )
            return
        report = learned_signals_refresh(now=timezone.now())
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "%(searches)d pencarian dan %(clicks)d klik dibaca: %(query)d sinyal "
                    "per kata kunci, %(page)d per halaman; %(changed)d kata kunci "
                    "berubah hasil pertamanya."
                )
                % {
                    "searches": report.searches,
                    "clicks": report.clicks,
                    "query": report.query_signals,
                    "page": report.page_signals,
                    "changed": report.changed_top,
                }
            )
        )
