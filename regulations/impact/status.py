"""Which regulations changed status on a day with nobody saving anything (a date in
the registry arrived at midnight), and which live pages cite them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Exists, OuterRef

from regulations.models import PageRegulationLink, Regulation


@dataclass(frozen=True)
class StatusChanges:
    """Regulations whose status on a day differs from the day before, and the live
    pages citing them (their badges and notices changed with it)."""

    regulation_ids: list[int]
    page_ids: list[int]


def regulations_status_changed(*, on: date) -> StatusChanges:
    """Status changes that took effect on `on` for regulations some page cites, from
    the SQL twin of rules.status_on (two queries, plus one for the pages)."""
    cited = Regulation.objects.filter(
        Exists(PageRegulationLink.objects.filter(regulation=OuterRef("pk")))
    )
    today = dict(cited.with_status(on=on).values_list("pk", "status_code"))
    before = dict(
        cited.with_status(on=on - timedelta(days=1)).values_list("pk", "status_code")
    )
    changed = sorted(pk for pk, code in today.items() if before.get(pk) != code)
    pages = sorted(
        set(
            PageRegulationLink.objects.filter(
                regulation_id__in=changed, page__live=True
            ).values_list("page_id", flat=True)
        )
    )
    return StatusChanges(regulation_ids=changed, page_ids=pages)
