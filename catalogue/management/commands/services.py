"""The 3C service catalogue from the command line, through the automation gate.

    manage.py services readiness <slug> [--on YYYY-MM-DD] [--to automated|contact_center]
    manage.py services switch <slug> --to <state> [--on YYYY-MM-DD] [--reason TEXT]
    manage.py services schedule <slug> --to <state> (--on YYYY-MM-DD | --when-allowed)
    manage.py services run_scheduled [--on YYYY-MM-DD] [--enqueue]

`readiness` prints the same JSON as GET /api/services/<slug>/readiness/. `switch`
exits non-zero with the gate's reason when the legal basis is not in place.
`run_scheduled` performs due scheduled switches and flags automated services whose
legal basis lapsed (run it daily, e.g. from cron).
"""

from __future__ import annotations

import json

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from catalogue.actions import (
    scheduled_switches_run,
    service_schedule_switch,
    service_switch_state,
    services_flag_lost_basis,
)
from catalogue.choices import GATED_STATES, ChangeSource, ServiceState
from catalogue.gatekeeping import automation_readiness
from catalogue.models import ServicePage
from catalogue.tasks import run_scheduled_switches
from ingest import date_option


def find_service(slug: str) -> ServicePage:
    service = ServicePage.objects.filter(slug=slug).first()
    if service is None:
        raise CommandError(
            _(
                "Layanan dengan slug %(slug)r tidak ditemukan. Periksa slug di katalog "
                "Layanan (admin) atau impor katalognya dulu."
            )
            % {"slug": slug}
        )
    return service


def refusal(err: ValidationError | PermissionDenied) -> CommandError:
    messages = err.messages if isinstance(err, ValidationError) else [str(err)]
    return CommandError(" ".join(messages))


class Command(BaseCommand):
    help = (
        "Service catalogue: check readiness for automation, switch or schedule a "
        "switch of a service's state (through the gate), and run scheduled switches."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(
            dest="action",
            required=True,
            metavar="{readiness,switch,schedule,run_scheduled}",
        )
        readiness = actions.add_parser(
            "readiness",
            help="Print whether the service may be automated on a date (JSON).",
        )
        readiness.add_argument("slug", help="The service page's slug.")
        readiness.add_argument(
            "--on", help="Date to judge, YYYY-MM-DD (default today)."
        )
        readiness.add_argument(
            "--to",
            default=ServiceState.AUTOMATED,
            choices=sorted(GATED_STATES),
            help="The state to judge (default automated).",
        )

        switch = actions.add_parser(
            "switch", help="Switch the service's state now (or on a past date)."
        )
        switch.add_argument("slug", help="The service page's slug.")
        switch.add_argument(
            "--to", required=True, choices=ServiceState.values, help="The new state."
        )
        switch.add_argument(
            "--on",
            help="Date of the switch, YYYY-MM-DD, not in the future (default today).",
        )
        switch.add_argument("--reason", default="", help="Why, for the history.")

        schedule = actions.add_parser(
            "schedule",
            help="Plan a switch for a date or for when the basis is in force.",
        )
        schedule.add_argument("slug", help="The service page's slug.")
        schedule.add_argument(
            "--to", required=True, choices=ServiceState.values, help="The new state."
        )
        when = schedule.add_mutually_exclusive_group(required=True)
        when.add_argument("--on", help="Date of the switch, YYYY-MM-DD.")
        when.add_argument(
            "--when-allowed",
            action="store_true",
            help="Switch on the first day the whole legal basis is in force.",
        )
        schedule.add_argument("--reason", default="", help="Why, for the history.")

        run = actions.add_parser(
            "run_scheduled",
            help="Perform the switches due on a date and flag services whose basis lapsed.",
        )
        run.add_argument("--on", help="Date of the run, YYYY-MM-DD (default today).")
        run.add_argument(
            "--enqueue",
            action="store_true",
            help="Queue the run as a background task (django-tasks) instead.",
        )

    def handle(self, *args, **options):
        getattr(self, options["action"])(options)

    def readiness(self, options) -> None:
        on = date_option(options["on"])
        service = ServicePage.objects.with_basis().filter(slug=options["slug"]).first()
        if service is None:
            find_service(options["slug"])
        report = automation_readiness(service, on=on, to_state=options["to"])
        self.stdout.write(json.dumps(report, ensure_ascii=False))

    def switch(self, options) -> None:
        on = date_option(options["on"])
        service = find_service(options["slug"])
        try:
            change = service_switch_state(
                service=service,
                to_state=options["to"],
                on=on,
                reason=options["reason"],
                source=ChangeSource.COMMAND,
            )
        except (ValidationError, PermissionDenied) as err:
            raise refusal(err) from err
        if change is None:
            self.stdout.write(
                _("%(service)s sudah berstatus %(state)s; tidak ada yang diubah.")
                % {"service": service.slug, "state": options["to"]}
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                _("%(service)s dialihkan dari %(old)s ke %(new)s pada %(on)s.")
                % {
                    "service": service.slug,
                    "old": change.from_state,
                    "new": change.to_state,
                    "on": change.on.isoformat(),
                }
            )
        )

    def schedule(self, options) -> None:
        on = None if options["when_allowed"] else date_option(options["on"])
        service = find_service(options["slug"])
        try:
            switch = service_schedule_switch(
                service=service,
                to_state=options["to"],
                on=on,
                reason=options["reason"],
            )
        except (ValidationError, PermissionDenied) as err:
            raise refusal(err) from err
        when = switch.on.isoformat() if switch.on else _("saat dasar hukum berlaku")
        self.stdout.write(
            self.style.SUCCESS(
                _("Peralihan %(service)s ke %(state)s dijadwalkan: %(when)s.")
                % {"service": service.slug, "state": switch.to_state, "when": when}
            )
        )

    def run_scheduled(self, options) -> None:
        on = date_option(options["on"])
        if options["enqueue"]:
            result = run_scheduled_switches.enqueue(on.isoformat())
            self.stdout.write(
                _("Dijadwalkan sebagai tugas %(id)s.") % {"id": result.id}
            )
            return
        run = scheduled_switches_run(on=on)
        flags = services_flag_lost_basis(on=on)
        for switch in run.done:
            self.stdout.write(
                self.style.SUCCESS(
                    _("Dilaksanakan: %(service)s → %(state)s")
                    % {"service": switch.service.slug, "state": switch.to_state}
                )
            )
        for switch in run.blocked:
            self.stdout.write(
                self.style.ERROR(
                    _("Terhalang: %(service)s → %(state)s: %(reason)s")
                    % {
                        "service": switch.service.slug,
                        "state": switch.to_state,
                        "reason": switch.outcome,
                    }
                )
            )
        for switch in run.waiting:
            self.stdout.write(
                _("Menunggu dasar hukum: %(service)s → %(state)s")
                % {"service": switch.service.slug, "state": switch.to_state}
            )
        self.stdout.write(
            _(
                "%(on)s: %(done)d dilaksanakan, %(blocked)d terhalang, %(waiting)d "
                "menunggu; %(flags)d layanan ditandai perlu ditinjau."
            )
            % {
                "on": on.isoformat(),
                "done": len(run.done),
                "blocked": len(run.blocked),
                "waiting": len(run.waiting),
                "flags": len(flags),
            }
        )
