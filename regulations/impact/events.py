"""Which changes happened to a regulation by a date, each with its date and reason.

Pure: reads a regulation with prefetched ``incoming_relations``
(RegulationQuerySet.with_facts) and their sources, writes nothing, and takes the date
as ``on=``. Reasons are written in the active language (the check runs in the site's).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from regulations.choices import RelationType

if TYPE_CHECKING:
    from regulations.models import Regulation, RegulationRelation


# Relations whose arrival means guidance that relies on the target must be re-read.
IMPACT_RELATIONS = (
    RelationType.AMENDS,
    RelationType.REVOKES,
    RelationType.REVOKES_PART,
    RelationType.REPLACES,
    RelationType.ENACTS,
)
EXPIRED_EVENT = "expired"


@dataclass(frozen=True)
class ImpactEvent:
    """Something that happened to a regulation on `event_on` and may affect guidance."""

    regulation_id: int
    event: str
    event_on: date
    reason: str
    relation_id: int | None = None
    recorded_at: datetime | None = None  # when the registry learnt of it, if known


def _relation_reason(
    kind: str, *, target: str, source: str, provisions: Sequence[str], on: date
) -> str:
    values = {
        "target": target,
        "source": source,
        "date": date_format(on),
        "provision": ", ".join(provisions),
    }
    if kind == RelationType.REVOKES:
        return _("%(target)s dicabut dengan %(source)s sejak %(date)s") % values
    if kind == RelationType.REPLACES:
        return (
            _("%(target)s dicabut dan diganti dengan %(source)s sejak %(date)s")
            % values
        )
    if kind == RelationType.ENACTS:
        return (
            _(
                "%(target)s ditetapkan menjadi undang-undang dengan %(source)s sejak %(date)s"
            )
            % values
        )
    if kind == RelationType.REVOKES_PART:
        if provisions:
            return (
                _("%(provision)s %(target)s dicabut dengan %(source)s sejak %(date)s")
                % values
            )
        return (
            _("Sebagian %(target)s dicabut dengan %(source)s sejak %(date)s") % values
        )
    if provisions:
        return (
            _("%(provision)s %(target)s diubah dengan %(source)s sejak %(date)s")
            % values
        )
    return _("%(target)s diubah dengan %(source)s sejak %(date)s") % values


def regulation_events(regulation: Regulation, *, on: date) -> list[ImpactEvent]:
    """Changes to `regulation` that have taken effect by `on`, oldest first.

    One event per acting regulation, kind and date (a partial revocation of several
    Pasal on one day is one event), plus the end of efficacy when `ends_on` has passed
    and nothing revoked the regulation before it. Reads prefetched
    ``incoming_relations`` (RegulationQuerySet.with_facts) and their sources.
    """
    grouped: dict[tuple[str, int, date], list[RegulationRelation]] = defaultdict(list)
    ended_by_revocation: date | None = None
    for relation in regulation.incoming_relations.all():
        if not relation.source.live or relation.type not in IMPACT_RELATIONS:
            continue
        when = relation.effective_date
        if when is None or when > on:
            continue
        grouped[(relation.type, relation.source_id, when)].append(relation)
        if relation.type in (RelationType.REVOKES, RelationType.REPLACES):
            ended_by_revocation = min(ended_by_revocation or when, when)
    events = []
    for (kind, source_id, when), relations in grouped.items():
        first = min(relations, key=lambda relation: relation.pk)
        events.append(
            ImpactEvent(
                regulation_id=regulation.pk,
                event=f"{kind}:{source_id}",
                event_on=when,
                reason=_relation_reason(
                    kind,
                    target=regulation.short_citation,
                    source=first.source.short_citation,
                    provisions=sorted({r.provision for r in relations if r.provision}),
                    on=when,
                ),
                relation_id=first.pk,
                recorded_at=first.source.last_published_at,
            )
        )
    if regulation.ends_on:
        lapsed_on = regulation.ends_on + timedelta(days=1)
        if lapsed_on <= on and not (
            ended_by_revocation and ended_by_revocation <= lapsed_on
        ):
            events.append(
                ImpactEvent(
                    regulation_id=regulation.pk,
                    event=EXPIRED_EVENT,
                    event_on=lapsed_on,
                    reason=_(
                        "Masa berlaku %(target)s berakhir pada %(last_day)s; "
                        "sejak %(date)s peraturan ini tidak berlaku lagi"
                    )
                    % {
                        "target": regulation.short_citation,
                        "last_day": date_format(regulation.ends_on),
                        "date": date_format(lapsed_on),
                    },
                )
            )
    return sorted(events, key=lambda event: (event.event_on, event.event))
