"""Import knowledge-base articles from JSON Lines files and folders of Markdown files.

Every record is validated and written on its own; rejected records are listed as
``file:line: reason`` and make the command exit with an error after the valid ones
have been imported. Running the same import twice changes nothing.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ingest import InputError, quiet_page_logs, report_write
from kb.importing import DEFAULT_TOPIC, articles_import


class Command(BaseCommand):
    help = (
        "Import articles from JSON Lines files (.jsonl) and folders of Markdown files "
        "with YAML front matter; create or update them by slug and publish them."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths",
            nargs="+",
            help="JSON Lines files, Markdown files, or folders searched recursively for *.md.",
        )
        parser.add_argument(
            "--demo",
            action="store_true",
            help="Mark the imported articles as demo content (is_demo).",
        )
        parser.add_argument(
            "--default-topic",
            default=DEFAULT_TOPIC,
            help=f"Topic for records without a 'topic' field (default: {DEFAULT_TOPIC}).",
        )
        parser.add_argument(
            "--no-index",
            action="store_true",
            help="Do not update the search index at the end; run update_index later.",
        )
        parser.add_argument(
            "--progress-every",
            type=int,
            default=500,
            metavar="N",
            help="Report progress every N records (default: 500).",
        )
        parser.add_argument(
            "--quiet",
            action="store_true",
            help="Do not report progress.",
        )

    def handle(
        self,
        *args,
        paths,
        demo,
        default_topic,
        no_index,
        progress_every,
        quiet,
        **options,
    ):
        if progress_every < 1:
            raise CommandError(_("--progress-every harus bilangan bulat positif."))
        progress = None if quiet else self.progress
        try:
            with quiet_page_logs(verbosity=options["verbosity"]):
                result = articles_import(
                    paths=paths,
                    demo=demo,
                    default_topic=default_topic,
                    update_search_index=not no_index,
                    progress=progress,
                    progress_every=progress_every,
                )
        except InputError as err:
            raise CommandError(str(err)) from err
        report_write(self, result, label=_("Impor artikel"), fail=False)
        if result.index_pending:
            self.stdout.write(
                _(
                    "Indeks pencarian belum diperbarui: jalankan 'python manage.py update_index'."
                )
            )
        if result.page_ids:
            self.stdout.write(
                _(
                    "Indeks referensi tidak diperbarui selama impor: jalankan 'python manage.py rebuild_references_index' bila perlu."
                )
            )
        if result.rejected:
            raise CommandError(result.rejection_text())

    def progress(self, processed: int, seconds: float) -> None:
        rate = processed / seconds if seconds else 0.0
        self.stdout.write(
            _("%(count)d catatan diproses (%(rate).0f catatan/detik)")
            % {"count": processed, "rate": rate}
        )
