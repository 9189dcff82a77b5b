"""Score the search against a relevance judgment set (JSON lines of qid, text, relevant)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from search import queries
from search.evaluation import JudgmentError, evaluate, load_judgments


class Command(BaseCommand):
    help = (
        "Run every query of a judgment file through the public search and print "
        "MRR@10, success@1, success@3, success@10 and nDCG@10."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "judgments",
            type=Path,
            help='JSON-lines file: {"qid": "q1", "text": "lupa efin", "relevant": ["slug"]}',
        )
        parser.add_argument(
            "--backend",
            default=None,
            help="WAGTAILSEARCH_BACKENDS alias to search (default: SEARCH_BACKEND).",
        )
        parser.add_argument(
            "--baseline",
            choices=["and", "or"],
            default=None,
            help="Score stock Wagtail page search instead (database backend, default "
            "settings) with every word ('and', its default) or any word ('or').",
        )
        parser.add_argument(
            "--show-misses",
            action="store_true",
            help="List the queries whose first result is not relevant.",
        )

    def handle(self, *args, **options):
        try:
            judgments = load_judgments(options["judgments"])
        except JudgmentError as err:
            raise CommandError(str(err)) from err
        alias = options["backend"] or settings.SEARCH_BACKEND
        if alias not in settings.WAGTAILSEARCH_BACKENDS:
            raise CommandError(
                f"Unknown backend {alias!r}; configured: "
                f"{', '.join(settings.WAGTAILSEARCH_BACKENDS)}."
            )
        if options["baseline"]:
            operator = options["baseline"]
            report = evaluate(
                judgments,
                lambda text: queries.stock_wagtail_slugs(text, operator=operator),
            )
            label = f"stock Wagtail database search, operator={operator}"
        else:
            with override_settings(SEARCH_BACKEND=alias):
                engine, _fallback = queries.engines()
                report = evaluate(
                    judgments,
                    lambda text: [
                        hit.slug for hit in queries.search(text, log=False).hits
                    ],
                )
            label = f"backend {alias} ({engine.name})"
        self.stdout.write(f"{len(report.results)} queries, {label}")
        for name, value in report.metrics().items():
            self.stdout.write(f"{name:<11} {value:.3f}")
        if options["show_misses"]:
            for result in report.results:
                if result.first_relevant != 1:
                    self.stdout.write(
                        f"{result.judgment.qid} rank={result.first_relevant or '-'} "
                        f"{result.judgment.text!r} -> {', '.join(result.ranked[:3])}"
                    )
