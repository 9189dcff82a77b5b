"""Bring the search engine in step with the site after it was unreachable (cron).

Compares the engine's documents with the database index, writes the missing and
stale ones and deletes those of pages no longer live (search.catchup).
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from search.backends.base import EngineUnavailable
from search.catchup import index_catch_up


class Command(BaseCommand):
    help = (
        "Compare what the search engine holds with what is live and mend the "
        "difference (pages published while it was unreachable)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--backend",
            metavar="ALIAS",
            help="WAGTAILSEARCH_BACKENDS alias to catch up (default: SEARCH_BACKEND).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Report the difference without writing anything.",
        )

    def handle(self, *args, **options):
        alias = options["backend"] or settings.SEARCH_BACKEND
        if alias not in settings.WAGTAILSEARCH_BACKENDS:
            raise CommandError(
                _(
                    "Backend pencarian %(alias)s tidak dikonfigurasi; pilih salah satu: %(all)s."
                )
                % {"alias": alias, "all": ", ".join(settings.WAGTAILSEARCH_BACKENDS)}
            )
        try:
            report = index_catch_up(alias=alias, dry_run=options["dry_run"])
        except EngineUnavailable as err:
            raise CommandError(
                _(
                    "Mesin pencari %(alias)s tidak dapat dihubungi (%(error)s); coba lagi setelah mesin kembali."
                )
                % {"alias": alias, "error": err}
            ) from err
        verb = _("akan ditulis") if options["dry_run"] else _("ditulis")
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "%(alias)s: %(documents)s dokumen di basis data; %(missing)s hilang, "
                    "%(stale)s usang, %(extra)s berlebih; %(written)s pemilik %(verb)s, "
                    "%(deleted)s dihapus."
                )
                % {
                    "alias": alias,
                    "documents": report.documents,
                    "missing": report.missing,
                    "stale": report.stale,
                    "extra": report.extra,
                    "written": len(report.written),
                    "verb": verb,
                    "deleted": 0 if options["dry_run"] else len(report.deleted),
                }
            )
        )
