"""The 3C roadmap in numbers: every figure on the "Peta Jalan 3C" dashboard, from the data.

One function, `roadmap(on=...)`, reads the catalogue with a constant number of queries
whatever its size: counts and per-year figures are aggregated in SQL, every "current"
figure is the state each service had on `on` according to its state history
(ServiceStateChange), and the services whose legal basis must be judged are fetched
once with their basis, the drafts they wait on and each regulation's status facts. The
gate itself is regulations.gate.evaluate, the same rule every switch passes. What the
3C newsletter says is in catalogue.roadmap_source, shown beside the data, with the
figures it does not give labelled as assumptions.

Plan lines: "Renstra" counts the Renstra services and the Covid-19 facilities delivered
within it; "extra effort" counts the rest.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _

from catalogue import roadmap_source as source
from catalogue.choices import GATED_STATES, BasisRole, PlanCategory, ServiceState
from catalogue.gatekeeping import basis_item, draft_item, judge
from catalogue.models import ServiceLegalBasis, ServicePage, ServiceStateChange
from regulations.choices import IN_FORCE_STATUSES, RegulationType
from regulations.gate import BasisItem, Blocker, GateResult
from regulations.models import Regulation, RegulationDraft, RegulationDraftService

# Years before the plan's first year are shown as one row ("before 2020").
PLAN_START_YEAR = 2020
# Regulation kinds always listed in the pipeline (the kinds the plan requires).
PIPELINE_TYPES = tuple(source.REQUIRED_CHANGES)
RENSTRA_LINE = frozenset({PlanCategory.RENSTRA, PlanCategory.COVID19})
CHANGE_ROLES = (BasisRole.REQUIRED_CHANGE, BasisRole.PENDING_CHANGE)
STAGE_GROUPS = ("planned", "drafting", "signed", "in_force")


@dataclass
class StateCount:
    state: str
    label: str
    target: int = 0
    current: int = 0
    source_target: int | None = None
    assumption: str = ""  # what the current figure assumes, when the source lacks it


@dataclass
class YearRow:
    """Targets (services planned to be automated that year) against achievements."""

    key: str
    label: str
    target: int = 0
    renstra: int = 0
    extra_effort: int = 0
    covid19: int = 0
    achieved: int = 0
    achieved_covid19: int = 0
    target_achieved: int = 0  # of that year's targets, how many are automated on `on`
    source_target: int | None = None
    source_achieved: int | None = None
    assumption: str = ""


@dataclass
class ServiceStatus:
    """A service the gate holds back on `on`, with what blocks it."""

    slug: str
    title: str
    page_id: int
    current_state: str
    target_state: str
    target_year: int | None
    blockers: tuple[Blocker, ...]
    allowed_from: date | None
    allowed_from_estimate: bool = False

    @property
    def current_label(self) -> str:
        return str(ServiceState(self.current_state).label)

    @property
    def target_label(self) -> str:
        return str(ServiceState(self.target_state).label)


@dataclass
class PipelineRow:
    """Regulation changes by kind: the plan's target, the drafts by stage group, and
    the changes registered in the services' legal basis."""

    type: str
    label: str
    target: int | None = None
    planned: int = 0
    drafting: int = 0
    signed: int = 0
    in_force: int = 0
    required: int = 0  # registered regulations in the basis as required/pending changes
    required_in_force: int = 0

    @property
    def drafts(self) -> int:
        return self.planned + self.drafting + self.signed + self.in_force


@dataclass
class DraftRow:
    """One draft: its stage group on `on`, expected date and the services it holds back."""

    pk: int
    label: str
    type: str
    stage_label: str
    group: str
    expected_on: date | None
    owner: str
    services: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class BlockingRow:
    """One blocking regulation (with its status and expected date) and how many
    waiting services it holds back."""

    blocker: Blocker
    services: int


@dataclass
class Roadmap:
    on: date
    total: int
    states: list[StateCount]
    years: list[YearRow]
    blocked: list[ServiceStatus]
    lapsed: list[ServiceStatus]
    pipeline: list[PipelineRow]
    blocking: list[BlockingRow]
    drafts: list[DraftRow] = field(default_factory=list)
    without_history: int = 0  # services with no recorded state on `on`
    assumptions: dict[str, str] = field(default_factory=dict)

    @property
    def target_automated(self) -> int:
        return next(s.target for s in self.states if s.state == ServiceState.AUTOMATED)

    @property
    def automated(self) -> int:
        return next(s.current for s in self.states if s.state == ServiceState.AUTOMATED)

    @property
    def automated_before_plan(self) -> int:
        return next((r.achieved for r in self.years if r.key == "before"), 0)

    @property
    def source(self) -> dict[str, object]:
        return {
            "name": str(source.SOURCE),
            "total": source.TOTAL,
            "automated": source.AUTOMATED_MID_2020,
            "before": source.AUTOMATED_BEFORE_2020,
            "horizon": source.PLAN_HORIZON,
        }


def _year_key(year: int | None) -> str:
    if year is None:
        return "none"
    return "before" if year < PLAN_START_YEAR else str(year)


def _year_label(key: str) -> str:
    if key == "none":
        return _("tanpa tahun target")
    if key == "before":
        return _("sebelum %(year)d") % {"year": PLAN_START_YEAR}
    return key


def _history(on: date) -> ServiceStateChange:
    """The latest recorded change of each service on or before `on` (a subquery)."""
    return ServiceStateChange.objects.filter(page=OuterRef("pk"), on__lte=on).order_by(
        "-on", "-created_at", "-pk"
    )


def services_as_at(on: date):
    """Service pages annotated with `state_at` and `since_at`: their state on `on` and
    the day it began, from the state history (None when nothing was recorded yet)."""
    latest = _history(on)
    return ServicePage.objects.annotate(
        state_at=Subquery(latest.values("to_state")[:1]),
        since_at=Subquery(latest.values("on")[:1]),
    )


def _state_counts(on: date) -> tuple[int, int, list[StateCount]]:
    aggregates = {"total": Count("pk")}
    for state in ServiceState.values:
        aggregates[f"target_{state}"] = Count("pk", filter=Q(target_state=state))
    counts = ServicePage.objects.aggregate(**aggregates)
    current = {
        row["state_at"]: row["n"]
        for row in services_as_at(on)
        .values("state_at")
        .annotate(n=Count("pk"))
        .order_by()
    }
    states = [
        StateCount(
            state=state,
            label=str(label),
            target=counts[f"target_{state}"],
            current=current.get(state, 0),
            source_target=source.STATE_TARGETS.get(state),
            assumption=""
            if state == ServiceState.AUTOMATED
            else str(source.ASSUMPTIONS["current_other_states"]),
        )
        for state, label in ServiceState.choices
    ]
    return counts["total"], current.get(None, 0), states


def _years(on: date) -> list[YearRow]:
    rows: dict[str, YearRow] = {}

    def row(key: str) -> YearRow:
        return rows.setdefault(key, YearRow(key=key, label=_year_label(key)))

    services = services_as_at(on)
    targets = (
        services.filter(target_state=ServiceState.AUTOMATED)
        .values("target_year", "plan_category")
        .annotate(
            n=Count("pk"),
            done=Count("pk", filter=Q(state_at=ServiceState.AUTOMATED)),
        )
        .order_by()
    )
    for item in targets:
        target = row(_year_key(item["target_year"]))
        target.target += item["n"]
        target.target_achieved += item["done"]
        if item["plan_category"] in RENSTRA_LINE:
            target.renstra += item["n"]
        elif item["plan_category"] == PlanCategory.EXTRA_EFFORT:
            target.extra_effort += item["n"]
        if item["plan_category"] == PlanCategory.COVID19:
            target.covid19 += item["n"]
    achieved = (
        services.filter(state_at=ServiceState.AUTOMATED)
        .annotate(year=ExtractYear("since_at"))
        .values("year")
        .annotate(
            n=Count("pk"),
            covid=Count("pk", filter=Q(plan_category=PlanCategory.COVID19)),
        )
        .order_by()
    )
    for item in achieved:
        done = row(_year_key(item["year"]))
        done.achieved += item["n"]
        done.achieved_covid19 += item["covid"]
    for year_row in rows.values():
        _source_figures(year_row)
    return sorted(rows.values(), key=_year_order)


def _source_figures(row: YearRow) -> None:
    """What the newsletter says of this row, and what the row assumes beyond it."""
    if row.key == "before":
        row.source_achieved = source.AUTOMATED_BEFORE_2020
        row.assumption = str(source.ASSUMPTIONS["state_history"])
    elif row.key == "none":
        row.assumption = str(source.ASSUMPTIONS["no_year"])
    elif int(row.key) in source.YEAR_TARGETS:
        row.source_target = source.YEAR_TARGETS[int(row.key)]
        if int(row.key) == PLAN_START_YEAR:
            row.source_achieved = source.AUTOMATED_IN_2020
            row.assumption = str(source.ASSUMPTIONS["state_history"])
        else:
            row.assumption = str(source.ASSUMPTIONS["year_lines"])
    else:
        row.assumption = str(source.ASSUMPTIONS["achieved_after_source"])


def _year_order(row: YearRow) -> tuple[int, int]:
    if row.key == "before":
        return (0, 0)
    if row.key == "none":
        return (2, 0)
    return (1, int(row.key))


GATED_SERVICE = Q(target_state__in=GATED_STATES) | Q(state_at__in=GATED_STATES)
Basis = tuple[tuple[str, int, str, str], ...]  # (kind, id, role, Pasal) per row


def _judged_services(
    *,
    on: date,
    services: list[tuple],
    regulations: dict[int, Regulation],
    drafts: dict[int, RegulationDraft],
    bases: dict[int, Basis],
) -> tuple[list[ServiceStatus], list[ServiceStatus]]:
    """(waiting for their basis, in a gated state on `on` whose basis lapsed) on `on`.

    Services sharing a legal basis share one gate evaluation: a catalogue has far
    fewer distinct bases than services.
    """
    blocked, lapsed = [], []
    facts = {pk: regulation.facts() for pk, regulation in regulations.items()}
    results: dict[tuple[Basis, str], GateResult] = {}
    for pk, title, slug, state, target, year in services:
        if state in GATED_STATES:
            checked, into = state, lapsed
        else:
            checked, into = target, blocked
        basis = bases.get(pk, ())
        result = results.get((basis, checked))
        if result is None:
            items: list[BasisItem] = [
                basis_item(
                    citation=regulations[ref].short_citation,
                    role=role,
                    facts=facts[ref],
                    provision=provision,
                )
                if kind == "regulation"
                else draft_item(draft=drafts[ref], provision=provision)
                for kind, ref, role, provision in basis
            ]
            result = results[(basis, checked)] = judge(items, on=on, to_state=checked)
        if not result.allowed:
            into.append(
                ServiceStatus(
                    slug=slug,
                    title=title,
                    page_id=pk,
                    current_state=state or "",
                    target_state=target,
                    target_year=year,
                    blockers=result.blockers,
                    allowed_from=result.allowed_from,
                    allowed_from_estimate=result.allowed_from_estimate,
                )
            )
    return blocked, lapsed


def _draft_group(draft: RegulationDraft, *, on: date) -> str:
    """Planned, drafting, signed or in force: an enacted draft from its regulation's
    status on `on`, the others from their last recorded stage."""
    if draft.regulation_id:
        if draft.regulation.status_on(on=on) in IN_FORCE_STATUSES:
            return "in_force"
        return "signed"
    return draft.stage_group


def _pipeline(
    *,
    on: date,
    regulations: dict[int, Regulation],
    changes: list[tuple[int, str]],
    drafts: dict[int, RegulationDraft],
) -> list[PipelineRow]:
    def line(kind: str) -> PipelineRow:
        if kind not in by_type:
            by_type[kind] = PipelineRow(
                type=kind,
                label=str(RegulationType(kind).label),
                target=source.REQUIRED_CHANGES.get(kind),
            )
        return by_type[kind]

    by_type: dict[str, PipelineRow] = {}
    for kind in PIPELINE_TYPES:
        line(kind)
    pending = {pk for pk, role in changes if role == BasisRole.PENDING_CHANGE}
    enacted = {draft.regulation_id for draft in drafts.values() if draft.regulation_id}
    for regulation_id in dict.fromkeys(pk for pk, _role in changes):
        if regulation_id in enacted:
            continue  # counted with its draft
        regulation = regulations[regulation_id]
        row = line(regulation.type)
        row.required += 1
        if (
            regulation_id not in pending
            and regulation.status_on(on=on) in IN_FORCE_STATUSES
        ):
            row.required_in_force += 1
    for draft in drafts.values():
        row = line(draft.type)
        group = _draft_group(draft, on=on)
        setattr(row, group, getattr(row, group) + 1)
    return list(by_type.values())


def _draft_rows(
    *, on: date, drafts: dict[int, RegulationDraft], waiting: dict[int, list[str]]
) -> list[DraftRow]:
    return [
        DraftRow(
            pk=draft.pk,
            label=draft.label,
            type=draft.type,
            stage_label=str(draft.get_stage_display()),
            group=_draft_group(draft, on=on),
            expected_on=draft.expected_on,
            owner=draft.owner_unit
            or (
                draft.owner.get_full_name() or draft.owner.get_username()
                if draft.owner
                else ""
            ),
            services=waiting.get(draft.pk, []),
        )
        for draft in drafts.values()
    ]


def _blocking_regulations(blocked: list[ServiceStatus]) -> list[BlockingRow]:
    """How many waiting services each blocker holds back, the biggest first."""
    counts: dict[Blocker, int] = {}
    for item in blocked:
        for blocker in item.blockers:
            counts[blocker] = counts.get(blocker, 0) + 1
    return sorted(
        (BlockingRow(blocker=b, services=n) for b, n in counts.items()),
        key=lambda row: (-row.services, row.blocker.regulation),
    )


def roadmap(*, on: date) -> Roadmap:
    """Every number of the 3C roadmap as at `on`, in a constant number of queries."""
    total, without_history, states = _state_counts(on)
    years = _years(on)
    services = list(
        services_as_at(on)
        .filter(GATED_SERVICE)
        .order_by("target_year", "title", "pk")
        .values_list("pk", "title", "slug", "state_at", "target_state", "target_year")
    )
    gated = [row[0] for row in services]
    bases: dict[int, list[tuple[str, int, str, str]]] = {}
    for page_id, regulation_id, role, provision in (
        ServiceLegalBasis.objects.filter(page_id__in=gated)
        .order_by("page_id", "sort_order", "pk")
        .values_list("page_id", "regulation_id", "role", "provision")
    ):
        bases.setdefault(page_id, []).append(
            ("regulation", regulation_id, role, provision)
        )
    waiting: dict[int, list[str]] = {}
    for page_id, title, draft_id, provision in RegulationDraftService.objects.order_by(
        "draft_id", "sort_order", "pk"
    ).values_list("page_id", "page__title", "draft_id", "provision"):
        waiting.setdefault(draft_id, []).append(title)
        bases.setdefault(page_id, []).append(
            ("draft", draft_id, BasisRole.PENDING_CHANGE, provision)
        )
    drafts = {
        draft.pk: draft
        for draft in RegulationDraft.objects.select_related(
            "owner", "regulation"
        ).prefetch_related("regulation__incoming_relations__source")
    }
    changes = list(
        ServiceLegalBasis.objects.filter(role__in=CHANGE_ROLES)
        .order_by("regulation_id")
        .values_list("regulation_id", "role")
    )
    wanted = {
        ref
        for rows in bases.values()
        for kind, ref, _r, _p in rows
        if kind == "regulation"
    }
    wanted |= {pk for pk, _role in changes}
    regulations = {
        r.pk: r for r in Regulation.objects.filter(pk__in=wanted).with_facts()
    }
    blocked, lapsed = _judged_services(
        on=on,
        services=services,
        regulations=regulations,
        drafts=drafts,
        bases={pk: tuple(rows) for pk, rows in bases.items()},
    )
    return Roadmap(
        on=on,
        total=total,
        states=states,
        years=years,
        blocked=blocked,
        lapsed=lapsed,
        pipeline=_pipeline(
            on=on, regulations=regulations, changes=changes, drafts=drafts
        ),
        blocking=_blocking_regulations(blocked),
        drafts=_draft_rows(on=on, drafts=drafts, waiting=waiting),
        without_history=without_history,
        assumptions={key: str(text) for key, text in source.ASSUMPTIONS.items()},
    )
