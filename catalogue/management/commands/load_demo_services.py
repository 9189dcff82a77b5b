"""Load the demo 3C service catalogue (kb/demo/services.jsonl): 168 services shaped like
the plan (59 automated, 50 contact-center back office, 23 KPP/Kanwil, 33 other business
process, 3 removed), with legal bases from the demo regulation registry.

Run it after ``load_demo_regulations``. Idempotent. Invented services are marked
"illustrative"; one invented regulation (PER-99/PJ/2026, marked as an illustration in
its title and verification note) gives the demo a service waiting for a PER that is
not in force yet.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from catalogue.guidance import demo_guidance_load
from catalogue.importing import demo_services_load
from ingest import quiet_page_logs, report_write


class Command(BaseCommand):
    help = "Load the demo service catalogue (after load_demo_regulations); idempotent."

    def handle(self, *args, **options):
        try:
            with quiet_page_logs(verbosity=options["verbosity"]):
                report = demo_services_load()
                # Topics, reader groups and articles for the public catalogue.
                guidance = demo_guidance_load()
        except ValidationError as err:
            raise CommandError(" ".join(err.messages)) from err
        if report.illustrative_regulation_created:
            self.stdout.write(_("Peraturan ilustratif PER-99/PJ/2026 didaftarkan."))
        if report.bases_replaced:
            self.stdout.write(
                _("Dasar hukum diganti (peraturan lama dicabut): %(slugs)s")
                % {"slugs": ", ".join(report.bases_replaced)}
            )
        if report.scheduled:
            self.stdout.write(
                _("Peralihan terjadwal dibuat: %(slugs)s")
                % {"slugs": ", ".join(report.scheduled)}
            )
        self.stdout.write(
            _("%(count)d layanan ditandai perlu ditinjau (dasar hukum tidak berlaku).")
            % {"count": report.flagged}
        )
        report_write(self, report.services, label=_("Layanan demo"))
        self.stdout.write(
            _("%(count)d layanan dihubungkan dengan topik dan artikel panduan.")
            % {"count": len(guidance.linked)}
        )
        if guidance.missing:
            self.stdout.write(
                _("Belum ada (jalankan load_demo dulu): %(names)s")
                % {"names": ", ".join(guidance.missing)}
            )
