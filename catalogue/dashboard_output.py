"""The 3C roadmap's charts (bar geometry drawn as inline SVG by the template) and its
CSV export, from the figures catalogue.dashboard computes."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.utils.translation import gettext as _

from catalogue.dashboard import Roadmap


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
            _("Perubahan peraturan: target buletin dan rancangan yang sudah berlaku"),
            [
                (p.type, [(target, p.target or 0), ("in_force", p.in_force)])
                for p in data.pipeline
            ],
            legend=((target, _("target buletin")), ("in_force", _("sudah berlaku"))),
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
                        f"{blocker.expected_on.isoformat() if blocker.expected_on else ''}"
                        f"{';perkiraan' if blocker.estimate else ''}",
                    ]
                )
    for p in data.pipeline:
        for metric in (
            "target",
            "planned",
            "drafting",
            "signed",
            "in_force",
            "required",
            "required_in_force",
        ):
            value = getattr(p, metric)
            writer.writerow(
                ["pipeline", p.type, p.label, metric, "" if value is None else value]
            )
    for draft in data.drafts:
        writer.writerow(
            ["draft", draft.pk, draft.label, draft.group, "; ".join(draft.services)]
        )
    return out.getvalue()
