"""Pure decisions about regulations: status as at a date, timeline and amendment chain.

Nothing here reads the clock, the request or writes to the database: callers pass the
facts and the date (`on=`). The model layer (regulations.models) gathers the facts.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from django.utils.translation import gettext as _

from regulations.choices import (
    ENDING_RELATIONS,
    IN_FORCE_STATUSES,
    RegulationStatus,
    RelationType,
)

# Relations that appear on a timeline; "dasar hukum" only links texts and is listed apart.
TIMELINE_RELATIONS = frozenset(set(RelationType) - {RelationType.CITES})


@dataclass(frozen=True)
class Incoming:
    """Another regulation acting on this one: what it does, from when, and to which Pasal."""

    kind: str
    by: str
    effective_on: date | None
    provision: str = ""
    link: str = ""  # where the acting regulation can be read, passed through untouched


@dataclass(frozen=True)
class Outgoing:
    """This regulation acting on another one."""

    kind: str
    to: str
    effective_on: date | None
    provision: str = ""
    link: str = ""


@dataclass(frozen=True)
class StatusFacts:
    """What decides a regulation's status: its own dates and the relations aimed at it."""

    effective_on: date | None
    ends_on: date | None  # last day of the regulation itself (inclusive), if it expires
    incoming: Sequence[Incoming] = ()


@dataclass(frozen=True)
class Period:
    """A time-limited provision of a regulation (an incentive period, a transitional
    window): it starts and ends on its own dates, while the regulation stays in force."""

    label: str
    starts_on: date | None
    ends_on: date | None
    provision: str = ""


@dataclass(frozen=True)
class Event:
    """One line of a regulation's timeline."""

    on: date | None
    kind: str
    label: str
    other: str = ""
    provision: str = ""
    link: str = ""
    scheduled: bool = False  # dated after the as-at day: announced, not yet happened


def _arrived(item: Incoming, on: date) -> bool:
    return item.effective_on is not None and item.effective_on <= on


def status_on(facts: StatusFacts, *, on: date) -> RegulationStatus:
    """The status on `on`: not yet, in force (amended / partly revoked), revoked, expired,
    or unknown ("tanggal berlaku belum tercatat").

    Precedence follows the texts: a regulation not yet in force has no other status; a
    revocation or replacement ends it whatever else happened; its own end (`ends_on`)
    ends it; a partial revocation outranks amendments. Where deciding whether it is in
    force needs a date the registry lacks (its own start, or the date of a revocation
    or replacement), the status is unknown rather than guessed; a recorded revocation
    that has arrived still decides. An amendment or partial revocation without a date
    leaves it in force either way, so it is not counted until dated (the timeline lists
    it as undated, and the gate treats an undated revocation of a relied-on Pasal as
    unknown).
    """
    arrived = {item.kind for item in facts.incoming if _arrived(item, on)}
    undated = {item.kind for item in facts.incoming if item.effective_on is None}
    if arrived & ENDING_RELATIONS and (
        facts.effective_on is None or on >= facts.effective_on
    ):
        return RegulationStatus.REVOKED
    if facts.effective_on is None:
        return RegulationStatus.UNKNOWN
    if on < facts.effective_on:
        return RegulationStatus.NOT_YET
    if undated & ENDING_RELATIONS:
        return RegulationStatus.UNKNOWN
    if facts.ends_on is not None and on > facts.ends_on:
        return RegulationStatus.EXPIRED
    if RelationType.REVOKES_PART in arrived:
        return RegulationStatus.PARTLY_REVOKED
    if RelationType.AMENDS in arrived:
        return RegulationStatus.AMENDED
    return RegulationStatus.IN_FORCE


def is_in_force(facts: StatusFacts, *, on: date) -> bool:
    """True when the regulation has legal force on `on` (possibly amended or partly revoked)."""
    return status_on(facts, on=on) in IN_FORCE_STATUSES


def revoked_provisions(facts: StatusFacts, *, on: date) -> list[str]:
    """The Pasal revoked by partial revocations that have arrived by `on`."""
    return [
        item.provision
        for item in facts.incoming
        if item.kind == RelationType.REVOKES_PART
        and _arrived(item, on)
        and item.provision
    ]


def undated_revoked_provisions(facts: StatusFacts) -> list[str]:
    """The Pasal revoked by partial revocations whose date is not recorded."""
    return [
        item.provision
        for item in facts.incoming
        if item.kind == RelationType.REVOKES_PART
        and item.effective_on is None
        and item.provision
    ]


def amendments_on(facts: StatusFacts, *, on: date) -> list[Incoming]:
    """Amendments in force by `on`, oldest first."""
    return sorted(
        (
            i
            for i in facts.incoming
            if i.kind == RelationType.AMENDS and _arrived(i, on)
        ),
        key=lambda i: (i.effective_on, i.by),
    )


def chain_phrase(*, citation: str, amendments: Sequence[str]) -> str:
    """The customary citation of an amended regulation, e.g. "... sebagaimana telah
    beberapa kali diubah terakhir dengan ..." (pass amendments oldest first)."""
    if not amendments:
        return citation
    if len(amendments) == 1:
        return _("%(citation)s sebagaimana telah diubah dengan %(last)s") % {
            "citation": citation,
            "last": amendments[-1],
        }
    return _(
        "%(citation)s sebagaimana telah beberapa kali diubah terakhir dengan %(last)s"
    ) % {
        "citation": citation,
        "last": amendments[-1],
    }


def next_change_after(facts: StatusFacts, *, on: date) -> date | None:
    """The first date after `on` on which the status is due to change, if one is known."""
    candidates: Iterable[date | None] = [
        facts.effective_on,
        facts.ends_on,
        *(i.effective_on for i in facts.incoming),
    ]
    # ends_on is the last day of efficacy, so the change happens the day after.
    candidates = [
        *(d for d in candidates if d is not None and d != facts.ends_on),
        *([facts.ends_on + timedelta(days=1)] if facts.ends_on else []),
    ]
    future = sorted(d for d in candidates if d > on)
    current = status_on(facts, on=on)
    for day in future:
        if status_on(facts, on=day) != current:
            return day
    return None


def creates_cycle(
    edges: Iterable[tuple[int, int]], *, source: int, target: int
) -> bool:
    """Would the edge source→target close a loop in the amendment graph `edges`?"""
    if source == target:
        return True
    graph: dict[int, set[int]] = {}
    for a, b in edges:
        graph.setdefault(a, set()).add(b)
    # A cycle appears if source is already reachable from target.
    stack, seen = [target], {target}
    while stack:
        node = stack.pop()
        for nxt in graph.get(node, ()):
            if nxt == source:
                return True
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return False


def incoming_label(kind: str) -> str:
    """How a page names a relation seen from its target ("Diubah dengan …")."""
    return {
        RelationType.AMENDS: _("Diubah dengan"),
        RelationType.REVOKES: _("Dicabut dengan"),
        RelationType.REVOKES_PART: _("Dicabut sebagian dengan"),
        RelationType.REPLACES: _("Dicabut dan diganti dengan"),
        RelationType.IMPLEMENTS: _("Dilaksanakan dengan"),
        RelationType.CITES: _("Menjadi dasar hukum bagi"),
        RelationType.ENACTS: _("Ditetapkan menjadi undang-undang dengan"),
    }.get(kind, kind)


def outgoing_label(kind: str) -> str:
    """How a page names a relation seen from its source ("Mengubah …")."""
    return {
        RelationType.AMENDS: _("Mengubah"),
        RelationType.REVOKES: _("Mencabut"),
        RelationType.REVOKES_PART: _("Mencabut sebagian"),
        RelationType.REPLACES: _("Mencabut dan mengganti"),
        RelationType.IMPLEMENTS: _("Melaksanakan"),
        RelationType.CITES: _("Dasar hukum"),
        RelationType.ENACTS: _("Menetapkan menjadi undang-undang"),
    }.get(kind, kind)


# Same-day events read in the order the texts give them.
_EVENT_ORDER = {
    "signed": 0,
    "promulgated": 1,
    "effective": 2,
    "out": 3,
    "in": 4,
    "period_start": 5,
    "period_end": 6,
    "ends": 7,
}


def timeline(
    *,
    signed_on: date | None,
    promulgated_on: date | None,
    effective_on: date | None,
    ends_on: date | None,
    incoming: Sequence[Incoming] = (),
    outgoing: Sequence[Outgoing] = (),
    periods: Sequence[Period] = (),
    on: date,
) -> list[Event]:
    """A regulation's events, oldest first, undated ones last; those after `on` are scheduled.

    Kinds: "signed", "promulgated", "effective", "ends" (the regulation's own last day),
    "period_start" / "period_end" for time-limited provisions (the end is the period's
    last day) and "in:<relation>" / "out:<relation>" for relations, leaving out
    "dasar hukum".
    """
    events = [
        Event(on=signed_on, kind="signed", label=_("Ditetapkan")),
        Event(on=promulgated_on, kind="promulgated", label=_("Diundangkan")),
        Event(on=effective_on, kind="effective", label=_("Mulai berlaku")),
    ]
    if ends_on is not None:
        events.append(
            Event(on=ends_on, kind="ends", label=_("Hari terakhir masa berlaku"))
        )
    for period in periods:
        events.append(
            Event(
                on=period.starts_on,
                kind="period_start",
                label=_("Mulai: %(period)s") % {"period": period.label},
                provision=period.provision,
            )
        )
        events.append(
            Event(
                on=period.ends_on,
                kind="period_end",
                label=_("Hari terakhir: %(period)s") % {"period": period.label},
                provision=period.provision,
            )
        )
    events += [
        Event(
            on=item.effective_on,
            kind=f"out:{item.kind}",
            label=outgoing_label(item.kind),
            other=item.to,
            provision=item.provision,
            link=item.link,
        )
        for item in outgoing
        if item.kind in TIMELINE_RELATIONS
    ]
    events += [
        Event(
            on=item.effective_on,
            kind=f"in:{item.kind}",
            label=incoming_label(item.kind),
            other=item.by,
            provision=item.provision,
            link=item.link,
        )
        for item in incoming
        if item.kind in TIMELINE_RELATIONS
    ]

    def order(event: Event) -> tuple:
        return (
            event.on is None,
            event.on or date.max,
            _EVENT_ORDER[event.kind.split(":")[0]],
            event.other,
        )

    return [
        replace(e, scheduled=e.on is not None and e.on > on)
        for e in sorted(events, key=order)
    ]


@dataclass(frozen=True)
class StatusReason:
    """Why a regulation has its status on a day: since when, and which regulation
    brought it (the amending, revoking or replacing one), for a badge's visible text."""

    status: RegulationStatus
    since: (
        date | None
    )  # the day the status began (for "belum berlaku": the day it will)
    by: Incoming | None = None  # the relation that brought it, if one did


def status_reason(facts: StatusFacts, *, on: date) -> StatusReason:
    """The status on `on` with the day it began and the relation that caused it: the
    latest arrived amendment or partial revocation, the first revocation or replacement
    (it ends the regulation), the day after the last day of efficacy."""
    status = status_on(facts, on=on)
    arrived = sorted(
        (item for item in facts.incoming if _arrived(item, on)),
        key=lambda item: (item.effective_on, item.by),
    )

    def latest(kinds: set[str]) -> Incoming | None:
        matching = [item for item in arrived if item.kind in kinds]
        return matching[-1] if matching else None

    if status == RegulationStatus.REVOKED:
        ending = [
            i
            for i in arrived
            if i.kind in {RelationType.REVOKES, RelationType.REPLACES}
        ]
        first = ending[0] if ending else None
        return StatusReason(status, first.effective_on if first else None, first)
    if status == RegulationStatus.UNKNOWN:
        return StatusReason(status, None)
    if status == RegulationStatus.EXPIRED:
        since = facts.ends_on + timedelta(days=1) if facts.ends_on else None
        return StatusReason(status, since)
    if status == RegulationStatus.PARTLY_REVOKED:
        item = latest({RelationType.REVOKES_PART})
        return StatusReason(status, item.effective_on if item else None, item)
    if status == RegulationStatus.AMENDED:
        item = latest({RelationType.AMENDS})
        return StatusReason(status, item.effective_on if item else None, item)
    return StatusReason(status, facts.effective_on)
