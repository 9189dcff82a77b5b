"""Pure decisions about regulations: status as at a date, timeline and amendment chain.

Nothing here reads the clock, the request or writes to the database: callers pass the
facts and the date (`on=`). The model layer (regulations.models) gathers the facts.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _

from regulations.choices import (
    IN_FORCE_STATUSES,
    RegulationStatus,
    RelationType,
)


@dataclass(frozen=True)
class Incoming:
    """Another regulation acting on this one: what it does, from when, and to which Pasal."""

    kind: str
    by: str
    effective_on: date | None
    provision: str = ""


@dataclass(frozen=True)
class StatusFacts:
    """What decides a regulation's status: its own dates and the relations aimed at it."""

    effective_on: date | None
    ends_on: (
        date | None
    )  # last day of efficacy (inclusive), e.g. the end of an incentive window
    incoming: Sequence[Incoming] = ()


@dataclass(frozen=True)
class Event:
    """One line of a regulation's timeline."""

    on: date | None
    kind: str
    label: str
    other: str = ""
    provision: str = ""


def _arrived(item: Incoming, on: date) -> bool:
    return item.effective_on is not None and item.effective_on <= on


def status_on(facts: StatusFacts, *, on: date) -> RegulationStatus:
    """The status on `on`: not yet, in force (amended / partly revoked), revoked or expired.

    Precedence follows the texts: a regulation not yet in force has no other status; a
    revocation or replacement ends it whatever else happened; the end of efficacy
    (e.g. an incentive window) ends it; a partial revocation outranks amendments.
    """
    if facts.effective_on is None or on < facts.effective_on:
        return RegulationStatus.NOT_YET
    arrived = [item for item in facts.incoming if _arrived(item, on)]
    kinds = {item.kind for item in arrived}
    if kinds & {RelationType.REVOKES, RelationType.REPLACES}:
        return RegulationStatus.REVOKED
    if facts.ends_on is not None and on > facts.ends_on:
        return RegulationStatus.EXPIRED
    if RelationType.REVOKES_PART in kinds:
        return RegulationStatus.PARTLY_REVOKED
    if RelationType.AMENDS in kinds:
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
