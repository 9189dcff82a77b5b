"""The 3C roadmap in numbers: every figure on the "Peta Jalan 3C" dashboard, from the data.

One function, `roadmap(on=...)`, reads the catalogue with a constant number of queries
whatever its size: counts and per-year figures are aggregated in SQL, and the services
whose legal basis must be judged are fetched once with their basis and each
regulation's status facts prefetched. The gate itself is regulations.gate.evaluate,
the same rule every switch passes.

Plan lines: "Renstra" counts the Renstra services and the Covid-19 facilities delivered
within it (the 2020 plan is 28 = 21 Renstra + 7 extra effort, while 9 of the 18
services achieved by mid-2020 are Covid-19 facilities); "extra effort" counts the rest.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _

from catalogue.choices import GATED_STATES, BasisRole, PlanCategory, ServiceState
from catalogue.gatekeeping import basis_item, judge
from catalogue.models import ServiceLegalBasis, ServicePage
from regulations.choices import IN_FORCE_STATUSES, RegulationType
from regulations.gate import Blocker, GateResult
from regulations.models import Regulation

# Years before the plan's first year are shown as one row ("before 2020").
PLAN_START_YEAR = 2020
# Regulation kinds always listed in the pipeline, even with no change required.
PIPELINE_TYPES = (
    RegulationType.PP,
    RegulationType.PMK,
    RegulationType.KEP,
    RegulationType.PER,
)
RENSTRA_LINE = frozenset({PlanCategory.RENSTRA, PlanCategory.COVID19})
CHANGE_ROLES = (BasisRole.REQUIRED_CHANGE, BasisRole.PENDING_CHANGE)


@dataclass
class StateCount:
    state: str
    label: str
    target: int = 0
    current: int = 0


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
    target_achieved: int = 0  # of that year's targets, how many are automated now


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

    @property
    def current_label(self) -> str:
        return str(ServiceState(self.current_state).label)

    @property
    def target_label(self) -> str:
        return str(ServiceState(self.target_state).label)


@dataclass
class PipelineRow:
    """Regulation changes the catalogue requires, by regulation kind."""

    type: str
    label: str
    required: int = 0
    in_progress: int = 0
    in_force: int = 0


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

    @property
    def target_automated(self) -> int:
        return next(s.target for s in self.states if s.state == ServiceState.AUTOMATED)

    @property
    def automated(self) -> int:
        return next(s.current for s in self.states if s.state == ServiceState.AUTOMATED)


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


def _state_counts() -> tuple[int, list[StateCount]]:
    aggregates = {"total": Count("pk")}
    for state in ServiceState.values:
        aggregates[f"target_{state}"] = Count("pk", filter=Q(target_state=state))
        aggregates[f"current_{state}"] = Count("pk", filter=Q(current_state=state))
    counts = ServicePage.objects.aggregate(**aggregates)
    return counts["total"], [
        StateCount(
            state=state,
            label=str(label),
            target=counts[f"target_{state}"],
            current=counts[f"current_{state}"],
        )
        for state, label in ServiceState.choices
    ]


def _years() -> list[YearRow]:
    rows: dict[str, YearRow] = {}

    def row(key: str) -> YearRow:
        return rows.setdefault(key, YearRow(key=key, label=_year_label(key)))

    targets = (
        ServicePage.objects.filter(target_state=ServiceState.AUTOMATED)
        .values("target_year", "plan_category")
        .annotate(
            n=Count("pk"),
            done=Count("pk", filter=Q(current_state=ServiceState.AUTOMATED)),
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
        ServicePage.objects.filter(current_state=ServiceState.AUTOMATED)
        .annotate(year=ExtractYear("state_since"))
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
    return sorted(rows.values(), key=_year_order)


def _year_order(row: YearRow) -> tuple[int, int]:
    if row.key == "before":
        return (0, 0)
    if row.key == "none":
        return (2, 0)
    return (1, int(row.key))


GATED_SERVICE = Q(target_state__in=GATED_STATES) | Q(current_state__in=GATED_STATES)
Basis = tuple[tuple[int, str, str], ...]  # (regulation id, role, Pasal) per row


def _judged_services(
    *, on: date, regulations: dict[int, Regulation], bases: dict[int, Basis]
) -> tuple[list[ServiceStatus], list[ServiceStatus]]:
    """(waiting for their basis, in a gated state whose basis lapsed) on `on`.

    Services sharing a legal basis share one gate evaluation: a catalogue has far
    fewer distinct bases than services.
    """
    blocked, lapsed = [], []
    facts = {pk: regulation.facts() for pk, regulation in regulations.items()}
    results: dict[tuple[Basis, str], GateResult] = {}
    services = (
        ServicePage.objects.filter(GATED_SERVICE)
        .order_by("target_year", "title", "pk")
        .values_list(
            "pk", "title", "slug", "current_state", "target_state", "target_year"
        )
    )
    for pk, title, slug, current, target, year in services:
        if current in GATED_STATES:
            checked, into = current, lapsed
        else:
            checked, into = target, blocked
        basis = bases.get(pk, ())
        result = results.get((basis, checked))
        if result is None:
            items = [
                basis_item(
                    citation=regulations[regulation_id].short_citation,
                    role=role,
                    facts=facts[regulation_id],
                    provision=provision,
                )
                for regulation_id, role, provision in basis
            ]
            result = results[(basis, checked)] = judge(items, on=on, to_state=checked)
        if not result.allowed:
            into.append(
                ServiceStatus(
                    slug=slug,
                    title=title,
                    page_id=pk,
                    current_state=current,
                    target_state=target,
                    target_year=year,
                    blockers=result.blockers,
                    allowed_from=result.allowed_from,
                )
            )
    return blocked, lapsed


def _pipeline(
    *,
    on: date,
    regulations: dict[int, Regulation],
    changes: list[tuple[int, str]],
) -> list[PipelineRow]:
    pending = {pk for pk, role in changes if role == BasisRole.PENDING_CHANGE}
    by_type: dict[str, PipelineRow] = {
        kind: PipelineRow(type=kind, label=str(RegulationType(kind).label))
        for kind in PIPELINE_TYPES
    }
    for regulation_id in dict.fromkeys(pk for pk, _role in changes):
        regulation = regulations[regulation_id]
        line = by_type.setdefault(
            regulation.type,
            PipelineRow(
                type=regulation.type, label=str(RegulationType(regulation.type).label)
            ),
        )
        line.required += 1
        if (
            regulation_id not in pending
            and regulation.status_on(on=on) in IN_FORCE_STATUSES
        ):
            line.in_force += 1
        else:
            line.in_progress += 1
    return list(by_type.values())


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
    total, states = _state_counts()
    years = _years()
    bases: dict[int, list[tuple[int, str, str]]] = {}
    for page_id, regulation_id, role, provision in (
        ServiceLegalBasis.objects.filter(
            Q(page__target_state__in=GATED_STATES)
            | Q(page__current_state__in=GATED_STATES)
        )
        .order_by("page_id", "sort_order", "pk")
        .values_list("page_id", "regulation_id", "role", "provision")
    ):
        bases.setdefault(page_id, []).append((regulation_id, role, provision))
    changes = list(
        ServiceLegalBasis.objects.filter(role__in=CHANGE_ROLES)
        .order_by("regulation_id")
        .values_list("regulation_id", "role")
    )
    wanted = {pk for rows in bases.values() for pk, _r, _p in rows}
    wanted |= {pk for pk, _role in changes}
    regulations = {
        r.pk: r for r in Regulation.objects.filter(pk__in=wanted).with_facts()
    }
    blocked, lapsed = _judged_services(
        on=on,
        regulations=regulations,
        bases={pk: tuple(rows) for pk, rows in bases.items()},
    )
    return Roadmap(
        on=on,
        total=total,
        states=states,
        years=years,
        blocked=blocked,
        lapsed=lapsed,
        pipeline=_pipeline(on=on, regulations=regulations, changes=changes),
        blocking=_blocking_regulations(blocked),
    )


# Charts ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    y: int
    width: float
    series: str = ""


@dataclass(frozen=True)
class Chart:
    """Geometry of a horizontal bar chart, drawn as inline SVG by the template."""

    title: str
    bars: list[Bar]
    height: int
    label_width: int = 190
    plot_width: int = 340
    legend: tuple[tuple[str, str], ...] = ()

    @property
    def value_x(self) -> int:
        return self.label_width + self.plot_width + 8


ROW_HEIGHT = 26
BAR_HEIGHT = 16


def bar_chart(
    title: str,
    groups: list[tuple[str, list[tuple[str, int]]]],
    *,
    legend: tuple[tuple[str, str], ...] = (),
    plot_width: int = 340,
) -> Chart:
    """Bars for `groups` of (label, [(series, value), …]); one bar per series, scaled to the max."""
    largest = max((value for _l, series in groups for _s, value in series), default=0)
    bars: list[Bar] = []
    y = 0
    for label, series in groups:
        for index, (name, value) in enumerate(series):
            width = round(plot_width * value / largest, 1) if largest else 0
            bars.append(
                Bar(
                    label=label if index == 0 else "",
                    value=value,
                    y=y,
                    width=width,
                    series=name,
                )
            )
            y += BAR_HEIGHT + 2
        y += ROW_HEIGHT - BAR_HEIGHT
    return Chart(title=title, bars=bars, height=max(y, ROW_HEIGHT), legend=legend)


def charts(data: Roadmap) -> list[Chart]:
    """The dashboard's charts: states (target vs current), years, regulation pipeline."""
    target, now, achieved = "target", "current", "achieved"
    return [
        bar_chart(
            _("Layanan per status: target dan saat ini"),
            [(s.label, [(target, s.target), (now, s.current)]) for s in data.states],
            legend=((target, _("target")), (now, _("saat ini"))),
        ),
        bar_chart(
            _("Otomasi per tahun: target dan capaian"),
            [
                (r.label, [(target, r.target), (achieved, r.achieved)])
                for r in data.years
            ],
            legend=((target, _("target")), (achieved, _("tercapai"))),
        ),
        bar_chart(
            _("Perubahan peraturan yang disyaratkan"),
            [
                (p.type, [("progress", p.in_progress), ("in_force", p.in_force)])
                for p in data.pipeline
            ],
            legend=(("progress", _("dalam proses")), ("in_force", _("sudah berlaku"))),
        ),
    ]


# CSV -------------------------------------------------------------------------------
def roadmap_csv(data: Roadmap) -> str:
    """The dashboard as CSV in long form: section, key, label, metric, value."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["section", "key", "label", "metric", "value"])
    for s in data.states:
        writer.writerow(["state", s.state, s.label, "target", s.target])
        writer.writerow(["state", s.state, s.label, "current", s.current])
    for r in data.years:
        for metric in (
            "target",
            "renstra",
            "extra_effort",
            "covid19",
            "achieved",
            "achieved_covid19",
            "target_achieved",
        ):
            writer.writerow(["year", r.key, r.label, metric, getattr(r, metric)])
    for section, items in (("blocked", data.blocked), ("lapsed", data.lapsed)):
        for item in items:
            for blocker in item.blockers:
                writer.writerow(
                    [
                        section,
                        item.slug,
                        item.title,
                        blocker.regulation or blocker.status,
                        f"{blocker.status};"
                        f"{blocker.expected_on.isoformat() if blocker.expected_on else ''}",
                    ]
                )
    for p in data.pipeline:
        for metric in ("required", "in_progress", "in_force"):
            writer.writerow(["pipeline", p.type, p.label, metric, getattr(p, metric)])
    return out.getvalue()
