"""Applying the automation gate to a service: the one check every path asks.

The admin form (ServicePage.clean), the switch action, the import, the scheduled job
and workflow approval (which publishes, so validates) all call `check_switch` or
`check_edit`; `regulations.gate` holds the pure evaluation they rest on. The future-date
rule and the backdating rule live here once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from catalogue.choices import GATED_STATES, BasisRole, ServiceState
from regulations.gate import BasisItem, GateResult, evaluate
from regulations.rules import StatusFacts

if TYPE_CHECKING:
    from catalogue.models import ServicePage
    from regulations.models import RegulationDraft

FUTURE_STATE_ERROR = _(
    "Tanggal status (%(date)s) ada di masa depan. Isi tanggal hari ini atau sebelumnya, "
    "atau jadwalkan peralihan (`manage.py services schedule`)."
)
STATE_BEFORE_HISTORY_ERROR = _(
    "Tanggal status (%(date)s) lebih awal dari perubahan status yang sudah tercatat pada "
    "%(later)s, jadi status ini bukan lagi status saat ini. Isi tanggal %(later)s atau "
    "sesudahnya, atau catat peralihan lampau itu sebagai riwayat "
    "(`manage.py services switch --on`)."
)
BASIS_CHANGE_GATE_ERROR = _(
    "Layanan ini berstatus %(state)s, jadi dasar hukum yang baru harus memungkinkan "
    "status itu hari ini. %(reason)s"
)
BACKDATED_GATE_ERROR = _(
    "Status yang dicatat sejak %(since)s berlaku terus sampai %(until)s, jadi dasar "
    "hukumnya harus berlaku pada kedua tanggal itu. %(reason)s"
)


class GateRefusal(ValidationError):
    """The automation gate refused a switch; the message is the gate's, on "current_state".

    `since` is the claimed start of the state when the gate refused a later day of the
    period the state would hold (a backdated claim judged again on its last day);
    `basis_changed` says the state stays and a new legal basis was refused.
    """

    def __init__(
        self,
        result: GateResult,
        *,
        since: date | None = None,
        basis_changed: bool = False,
    ) -> None:
        message = result.message
        if basis_changed:
            message = gettext(BASIS_CHANGE_GATE_ERROR) % {
                "state": result.state_label or result.to_state,
                "reason": message,
            }
        elif since is not None and since != result.on:
            message = gettext(BACKDATED_GATE_ERROR) % {
                "since": date_format(since),
                "until": date_format(result.on),
                "reason": message,
            }
        super().__init__({"current_state": message})
        self.result = result
        self.message_text = message


@dataclass(frozen=True)
class SwitchCheck:
    """What a claimed switch means once the gate has let it through.

    `becomes_current`: no recorded change comes after it, so it is the service's state
    from now on; otherwise it is history only. `holds_until`: the last day the state
    holds (today, or the day before the next recorded change). `state_before`: the
    state in effect just before it ("" when unknown).
    """

    becomes_current: bool
    holds_until: date
    state_before: str


def basis_item(
    *, citation: str, role: str, facts: StatusFacts, provision: str
) -> BasisItem:
    """One legal-basis row as the gate's plain data."""
    return BasisItem(
        citation=citation,
        facts=facts,
        provision=provision,
        pending=role == BasisRole.PENDING_CHANGE,
    )


def draft_item(*, draft: RegulationDraft, provision: str = "") -> BasisItem:
    """A draft a service waits on, as the gate's plain data: once enacted, the
    registered regulation (judged on its recorded dates); before that, a pending change
    whose expected date is an estimate."""
    if draft.regulation_id:
        regulation = draft.regulation
        return BasisItem(
            citation=regulation.short_citation,
            facts=regulation.facts(),
            provision=provision,
        )
    return BasisItem(
        citation=draft.label,
        facts=StatusFacts(effective_on=None, ends_on=None),
        provision=provision,
        pending=True,
        expected_on=draft.expected_on,
        stage=str(draft.get_stage_display()),
    )


def judge(items: list[BasisItem], *, on: date, to_state: str) -> GateResult:
    """The gate's answer for a basis, a target state of the catalogue and a day."""
    return evaluate(
        items,
        on=on,
        to_state=to_state,
        gated=to_state in GATED_STATES,
        state_label=str(ServiceState(to_state).label),
    )


def _stored_state(service: ServicePage) -> tuple[str, date | None] | None:
    if service.pk is None:
        return None
    return (
        type(service)
        .objects.filter(pk=service.pk)
        .values_list("current_state", "state_since")
        .first()
    )


def _timeline(
    service: ServicePage, *, on: date, to_state: str
) -> tuple[date | None, str]:
    """The first recorded change after `on` (or None) and the state in effect on `on`.

    The stored current state counts as a change on its `state_since`, unless the claim
    moves that very state to another date (a correction, not a new change).
    """
    stored = _stored_state(service)
    if stored is None:
        return None, ""
    current, since = stored
    changes = [
        (change_on, state)
        for change_on, state in service.state_changes.values_list("on", "to_state")
        if (state, change_on) != (current, since)
    ]
    if since is not None and to_state != current:
        changes.append((since, current))
    later = [day for day, _state in changes if day > on]
    earlier = sorted((day, state) for day, state in changes if day <= on)
    return (min(later) if later else None), (earlier[-1][1] if earlier else "")


def check_switch(
    service: ServicePage,
    *,
    to_state: str,
    on: date,
    today: date,
    as_current: bool = False,
) -> SwitchCheck:
    """May `service` be recorded in `to_state` from `on`, judged as at `today`?

    Refuses a date in the future ("state_since"). A switch into a gated state must be
    allowed by the gate on every day it will hold: from `on` to today when it becomes
    the current state, or to the day before the next recorded change when it is
    history only; each basis row is in place over one interval, so checking the two
    ends checks every day between (GateRefusal on "current_state"). With
    `as_current` (the admin form and imports claim the current state), a date before
    a recorded change is refused instead of being filed as history.
    """
    if on > today:
        raise ValidationError(
            {"state_since": FUTURE_STATE_ERROR % {"date": on.isoformat()}}
        )
    next_change, before = _timeline(service, on=on, to_state=to_state)
    if next_change is not None and as_current:
        raise ValidationError(
            {
                "state_since": STATE_BEFORE_HISTORY_ERROR
                % {"date": on.isoformat(), "later": next_change.isoformat()}
            }
        )
    until = today if next_change is None else next_change - timedelta(days=1)
    if to_state in GATED_STATES:
        for day in dict.fromkeys((on, until)):
            result = service.gate(on=day, to_state=to_state)
            if not result.allowed:
                raise GateRefusal(result, since=on)
    return SwitchCheck(
        becomes_current=next_change is None, holds_until=until, state_before=before
    )


def check_basis_change(service: ServicePage, *, today: date) -> None:
    """A new legal basis for a service that stays in a gated state must allow that
    state today (a basis that lapses later, with nobody editing, is flagged instead)."""
    if service.pk is None or service.current_state not in GATED_STATES:
        return
    stored = service.legal_basis.model.objects.filter(page_id=service.pk).values_list(
        "regulation_id", "role", "provision"
    )
    wanted = [
        (row.regulation_id, row.role, row.provision)
        for row in service.legal_basis.all()
    ]
    if sorted(stored) == sorted(wanted):
        return
    result = service.gate(on=today, to_state=service.current_state)
    if not result.allowed:
        raise GateRefusal(result, basis_changed=True)


def check_edit(service: ServicePage, *, today: date) -> None:
    """The check for an edited service (the admin form, a save): its claimed current
    state if that changed, otherwise its legal basis if that changed."""
    stored = _stored_state(service)
    if stored is not None and stored == (service.current_state, service.state_since):
        check_basis_change(service, today=today)
        return
    check_switch(
        service,
        to_state=service.current_state,
        on=service.state_since or today,
        today=today,
        as_current=True,
    )


def automation_readiness(
    service: ServicePage, *, on: date, to_state: str = ServiceState.AUTOMATED
) -> dict[str, object]:
    """May `service` move to `to_state` (automated by default) on `on`, and if not,
    what holds it back: the answer of the readiness API and `services readiness`."""
    result = service.gate(on=on, to_state=to_state)
    return {
        "service": service.slug,
        "state": service.current_state,
        "to_state": to_state,
        "on": on.isoformat(),
        "allowed": result.allowed,
        "blockers": [blocker.as_dict() for blocker in result.blockers],
        "allowed_from": result.allowed_from.isoformat()
        if result.allowed_from
        else None,
        "allowed_from_is_estimate": result.allowed_from_estimate,
    }
