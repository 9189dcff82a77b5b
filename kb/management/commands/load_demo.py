"""Load the demo knowledge base (kb/demo): articles, FAQ pages, the home intro and the
home's translations.

Everything it creates is marked as demo content and published. It is idempotent and
never changes content that is not demo content.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ingest import InputError, Report, quiet_page_logs, report_write
from kb.importing import demo_load


class Command(BaseCommand):
    help = "Load the demo articles, FAQ pages and home intro from kb/demo (idempotent)."

    def handle(self, *args, **options):
        try:
            with quiet_page_logs(verbosity=options["verbosity"]):
                result = demo_load()
        except InputError as err:
            raise CommandError(str(err)) from err
        report_write(self, result.articles, label=_("Artikel demo"), fail=False)
        report_write(self, result.faqs, label=_("FAQ demo"), fail=False)
        if result.topic_intros_filled:
            self.stdout.write(
                self.style.SUCCESS(
                    _("Pengantar %(count)d topik diisi.")
                    % {"count": result.topic_intros_filled}
                )
            )
        if result.home_intro_changed:
            self.stdout.write(self.style.SUCCESS(_("Pengantar beranda diperbarui.")))
        if result.home_translations_changed:
            self.stdout.write(
                self.style.SUCCESS(
                    _("Terjemahan beranda diperbarui: %(count)d.")
                    % {"count": result.home_translations_changed}
                )
            )
        rejected = result.articles.rejected + result.faqs.rejected
        if rejected:
            raise CommandError(Report(rejected=rejected).rejection_text())
