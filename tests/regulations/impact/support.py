"""Helpers shared by the impact tests: regulations, relations and the daily job."""

import datetime
import io

from django.core.management import call_command
from django.template.loader import render_to_string

from regulations.choices import RelationType
from regulations.models import Regulation, RegulationRelation

D = datetime.date
REVOKED_REASON = (
    "PMK 23/PMK.03/2020 dicabut dengan PMK 44/PMK.03/2020 sejak 27 April 2020"
)


def make_regulation(kind, number, year, unit="", **fields) -> Regulation:
    fields.setdefault("title", f"Peraturan contoh {number}")
    fields.setdefault("effective_on", D(year, 1, 1))
    fields.setdefault("live", True)
    return Regulation.objects.create(
        type=kind, number=number, year=year, unit=unit, **fields
    )


def run_job(on: str) -> str:
    out = io.StringIO()
    call_command("check_regulation_impact", "--on", on, stdout=out)
    return out.getvalue()


def revoke(pmk23, pmk44, **fields) -> RegulationRelation:
    return RegulationRelation.objects.create(
        source=pmk44, type=RelationType.REVOKES, target=pmk23, **fields
    )


def notice_text(page) -> str:
    return render_to_string("kb/includes/review_notice.html", {"page": page})
