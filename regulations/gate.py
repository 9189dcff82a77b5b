"""The automation gate: may a service move to a state that needs its legal basis, on a date?

Pure evaluation over plain data: callers pass each basis row's regulation facts, Pasal
and whether it is a change still pending, the day and the target state. Nothing here
reads the clock, the request or the database, and nothing here knows the service
catalogue's vocabulary: the catalogue (catalogue.gatekeeping) decides which states are
gated and gathers the facts, and every entry point goes through it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from regulations import rules
from regulations.choices import IN_FORCE_STATUSES, RegulationStatus

# Blocker statuses beyond RegulationStatus.
PENDING_CHANGE = "perubahan_tertunda"
NO_BASIS = "tanpa_dasar_hukum"


@dataclass(frozen=True)
class BasisItem:
    """One row of a service's legal basis, as plain data. `pending`: a change the
    service waits for that has no regulation in force yet; it always blocks. A pending
    draft (rancangan) carries its expected date and stage: `expected_on` is an estimate."""

    citation: str
    facts: rules.StatusFacts
    provision: str = ""
    pending: bool = False
    expected_on: date | None = None
    stage: str = ""


@dataclass(frozen=True)
class Blocker:
    """A basis row that stops the switch: which regulation, its status, when it may clear."""

    regulation: str
    status: str
    expected_on: date | None
    provision: str = ""
    estimate: bool = False  # expected_on is a draft's expected date, not a recorded one
    stage: str = ""

    @property
    def status_label(self) -> str:
        if self.status == PENDING_CHANGE and self.stage:
            return _("rancangan masih dalam tahap %(stage)s") % {"stage": self.stage}
        if self.status == PENDING_CHANGE:
            return _("perubahan yang disyaratkan masih tertunda")
        if self.status == NO_BASIS:
            return _("dasar hukum belum diisi")
        if self.status == RegulationStatus.PARTLY_REVOKED:
            return _("%(provision)s dicabut") % {"provision": self.provision}
        return str(RegulationStatus(self.status).label)

    @property
    def text(self) -> str:
        """ "PER-7/PJ/2025 (status: belum berlaku; perkiraan berlaku: 21 Mei 2025)"."""
        name = f"{self.regulation} {self.provision}".strip() if self.regulation else ""
        expected = (
            date_format(self.expected_on) if self.expected_on else _("tidak diketahui")
        )
        if self.expected_on and self.estimate:
            expected = _("%(date)s (perkiraan rancangan)") % {"date": expected}
        detail = _("status: %(status)s; perkiraan berlaku: %(expected)s") % {
            "status": self.status_label,
            "expected": expected,
        }
        return f"{name} ({detail})" if name else detail

    def as_dict(self) -> dict[str, str | None]:
        return {
            "regulation": self.regulation or None,
            "status": self.status,
            "expected_on": self.expected_on.isoformat() if self.expected_on else None,
            "expected_is_estimate": self.estimate,
        }


@dataclass(frozen=True)
class GateResult:
    """The gate's answer for one service, target state and date."""

    to_state: str
    on: date
    blockers: tuple[Blocker, ...]
    allowed_from: date | None
    state_label: str = ""
    allowed_from_estimate: bool = False  # rests on a draft's expected date

    @property
    def allowed(self) -> bool:
        return not self.blockers

    @property
    def message(self) -> str:
        """The refusal in plain Indonesian, naming every blocker; empty when allowed."""
        if self.allowed:
            return ""
        text = _(
            "Layanan tidak dapat dialihkan ke status %(state)s pada %(on)s karena dasar "
            "hukumnya belum lengkap: %(blockers)s."
        ) % {
            "state": self.state_label or self.to_state,
            "on": date_format(self.on),
            "blockers": "; ".join(b.text for b in self.blockers),
        }
        if self.allowed_from and self.allowed_from_estimate:
            text += " " + _(
                "Menurut perkiraan tanggal berlaku rancangan, peralihan paling cepat "
                "dapat dilakukan pada %(date)s; tanggal itu perkiraan, bukan kepastian."
            ) % {"date": date_format(self.allowed_from)}
        elif self.allowed_from:
            text += " " + _(
                "Peralihan paling cepat dapat dilakukan pada %(date)s; jadwalkan "
                "peralihan pada tanggal itu."
            ) % {"date": date_format(self.allowed_from)}
        else:
            text += " " + _(
                "Lengkapi dasar hukumnya di katalog layanan sebelum mengalihkan layanan."
            )
        return text


# Provisions ------------------------------------------------------------------------
_LEVELS = ("pasal", "ayat", "huruf", "angka")
_PART = re.compile(
    r"(?P<level>pasal|ayat|huruf|angka)\s*\(?\s*(?P<value>\d+[a-z]?|[a-z])\s*\)?"
    r"|\((?P<bare>\d+[a-z]?)\)"
)
_SEPARATORS = re.compile(r",|;|\bdan\b|\bserta\b")


def provision_paths(text: str) -> list[tuple[str, ...]]:
    """'Pasal 5 ayat (1) huruf a dan huruf b' -> [(pasal 5, ayat 1, huruf a), (…, huruf b)].

    A part that starts below Pasal level ("huruf b") continues the previous part's
    Pasal and ayat, as legal drafting does. Unparseable parts give no path.
    """
    paths: list[tuple[str, ...]] = []
    previous: tuple[str, ...] = ()
    for part in _SEPARATORS.split(text.lower()):
        steps: list[str] = []
        for match in _PART.finditer(part):
            level = match.group("level") or "ayat"
            value = match.group("value") or match.group("bare")
            steps.append(f"{level} {value}")
        if not steps:
            continue
        first_level = _LEVELS.index(steps[0].split()[0])
        if first_level > 0:
            steps = [*previous[:first_level], *steps]
        if steps[0].startswith("pasal"):
            paths.append(tuple(steps))
            previous = tuple(steps)
    return paths


def provision_overlaps(revoked: str, depended: str) -> bool:
    """Does a revocation of `revoked` touch the provision `depended` the service relies on?

    True when one provision contains the other (Pasal 5 contains Pasal 5 ayat (1));
    sibling provisions (Pasal 5 ayat (2) vs ayat (1)) do not overlap.
    """
    revoked_paths, depended_paths = provision_paths(revoked), provision_paths(depended)
    if not revoked_paths or not depended_paths:
        return " ".join(revoked.lower().split()) == " ".join(depended.lower().split())
    return any(
        r[: len(d)] == d[: len(r)] for r in revoked_paths for d in depended_paths
    )


# The rule --------------------------------------------------------------------------
def _provision_revoked(item: BasisItem, *, on: date) -> bool:
    if not item.provision:
        # Depending on the regulation as a whole: a partial revocation leaves it in force.
        return False
    return any(
        provision_overlaps(revoked, item.provision)
        for revoked in rules.revoked_provisions(item.facts, on=on)
    )


def _passes(item: BasisItem, *, on: date) -> bool:
    return rules.is_in_force(item.facts, on=on) and not _provision_revoked(item, on=on)


def _expected_on(item: BasisItem, *, after: date) -> date | None:
    """The first day after `after` on which this basis row would be in place, if known."""
    day = after
    while (day := rules.next_change_after(item.facts, on=day)) is not None:
        if _passes(item, on=day):
            return day
    return None


def _blocker(item: BasisItem, *, on: date) -> Blocker | None:
    if item.pending:
        # A draft's expected date that has passed says nothing any more.
        expected = (
            item.expected_on if item.expected_on and item.expected_on > on else None
        )
        return Blocker(
            item.citation,
            PENDING_CHANGE,
            expected,
            item.provision,
            estimate=expected is not None,
            stage=item.stage,
        )
    status = rules.status_on(item.facts, on=on)
    if status not in IN_FORCE_STATUSES:
        return Blocker(
            item.citation, status, _expected_on(item, after=on), item.provision
        )
    if _provision_revoked(item, on=on):
        return Blocker(
            item.citation, RegulationStatus.PARTLY_REVOKED, None, item.provision
        )
    if item.provision and any(
        provision_overlaps(revoked, item.provision)
        for revoked in rules.undated_revoked_provisions(item.facts)
    ):
        # Revoked on a day the registry does not know: maybe already, maybe not.
        return Blocker(item.citation, RegulationStatus.UNKNOWN, None, item.provision)
    return None


def evaluate(
    items: Sequence[BasisItem],
    *,
    on: date,
    to_state: str,
    gated: bool = True,
    state_label: str = "",
) -> GateResult:
    """May a service on this legal basis move to `to_state` on `on`?

    A gated state needs every basis regulation in force on `on` (a status that is
    unknown blocks too), none revoked or expired, no partial revocation touching the
    Pasal relied on, and no pending change. A state that is not gated is always allowed.
    `allowed_from` is the first day (from `on`) the whole basis is in place, or None
    when that is not known; it is an estimate (`allowed_from_estimate`) when it rests on
    a draft's expected date. Each row's "in place" days form one interval (a regulation
    starts once and ends once), so the first day all rows pass is the latest of their
    expected dates, if all recorded rows pass then.
    """
    if not gated:
        return GateResult(to_state, on, (), on, state_label)
    if not items:
        return GateResult(
            to_state, on, (Blocker("", NO_BASIS, None),), None, state_label
        )
    blockers = tuple(b for item in items if (b := _blocker(item, on=on)) is not None)
    if not blockers:
        return GateResult(to_state, on, (), on, state_label)
    allowed_from = None
    if all(b.expected_on for b in blockers):
        candidate = max(b.expected_on for b in blockers if b.expected_on)
        if all(_passes(item, on=candidate) for item in items if not item.pending):
            allowed_from = candidate
    return GateResult(
        to_state,
        on,
        blockers,
        allowed_from,
        state_label,
        allowed_from_estimate=allowed_from is not None
        and any(b.estimate for b in blockers),
    )


def basis_lost(item: BasisItem, *, on: date) -> tuple[str, date] | None:
    """Has a basis row that was in place stopped being in place by `on`? (event, day).

    Used to flag automated services whose regulation was revoked, replaced or expired,
    or whose relied-on Pasal was revoked. Rows not yet in force have lost nothing.
    """
    facts = item.facts
    if (
        item.pending
        or facts.effective_on is None
        or on < facts.effective_on
        or _passes(item, on=on)
    ):
        return None
    changes = {i.effective_on for i in facts.incoming if i.effective_on is not None}
    if facts.ends_on is not None:
        changes.add(facts.ends_on + timedelta(days=1))
    for day in sorted(d for d in changes if facts.effective_on < d <= on):
        if not _passes(item, on=day):
            status = rules.status_on(facts, on=day)
            return (_LOSS_EVENTS.get(status, "revoked_part"), day)
    return None


_LOSS_EVENTS = {
    RegulationStatus.REVOKED: "revoked",
    RegulationStatus.EXPIRED: "expired",
}
