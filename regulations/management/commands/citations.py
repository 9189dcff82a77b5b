"""Regulation citations from the command line.

``citations parse`` reads text on standard input and prints one JSON object per line
for each citation found, with the registry URL of the regulation (null when it is not
published in the registry). ``citations sync`` rebuilds the citation links of every
live page (after a bulk import, or for the demo).
"""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from wagtail.models import Page, get_page_models

from regulations.citations import find_citations
from regulations.impact.sync import citations_sync, page_citations, regulations_by_key


class Command(BaseCommand):
    help = (
        "Find regulation citations in text (parse) or rebuild the citation links of "
        "all live pages (sync)."
    )
    # Tests pass a text stream here instead of the process's standard input.
    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        actions = parser.add_subparsers(
            dest="action", required=True, metavar="{parse,sync}"
        )
        actions.add_parser(
            "parse",
            help="Read text on standard input; print one JSON object per citation.",
        )
        actions.add_parser(
            "sync",
            help="Recompute PageRegulationLink and UnregisteredCitation rows for all "
            "live pages whose type offers citation_texts().",
        )

    def handle(self, *args, **options):
        if options["action"] == "parse":
            self.parse(options.get("stdin") or sys.stdin)
        else:
            self.sync()

    def parse(self, stream) -> None:
        try:
            text = stream.read()
        except UnicodeDecodeError as err:
            raise CommandError(
                _(
                    "Masukan bukan teks UTF-8 yang sah (byte ke-%(position)s). "
                    "Simpan berkas sebagai UTF-8 lalu ulangi."
                )
                % {"position": err.start}
            ) from err
        citations = find_citations(text)
        registered = regulations_by_key(citation.key for citation in citations)
        for citation in citations:
            regulation = registered.get(citation.key)
            record = {
                "start": citation.start,
                "end": citation.end,
                "text": citation.text,
                "type": citation.type,
                "number": citation.number,
                "year": citation.year,
                "unit": citation.unit,
                "provision": citation.provision,
                "regulation_url": regulation.get_absolute_url() if regulation else None,
            }
            self.stdout.write(json.dumps(record, ensure_ascii=False))

    def sync(self) -> None:
        found = {}
        for model in get_page_models():
            if model is Page or not hasattr(model, "citation_texts"):
                continue
            pages = model.objects.live().prefetch_related(
                *getattr(model, "citation_prefetch", ())
            )
            for page in pages.iterator(chunk_size=500):
                found[page.pk] = page_citations(page)
        result = citations_sync(found=found)
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Kutipan disinkronkan: %(pages)s halaman, %(links)s tautan ke "
                    "peraturan terdaftar, %(unregistered)s kutipan belum terdaftar, "
                    "%(closed)s tanda tinjau ditutup."
                )
                % {
                    "pages": result.pages,
                    "links": result.links,
                    "unregistered": result.unregistered,
                    "closed": result.flags_closed,
                }
            )
        )
