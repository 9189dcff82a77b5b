"""rules.timeline: pure ordering of a regulation's past and scheduled events."""

from datetime import date

from regulations.choices import RelationType as R
from regulations.rules import (
    Incoming,
    Outgoing,
    incoming_label,
    outgoing_label,
    timeline,
)

PMK81 = {
    "signed_on": date(2024, 10, 14),
    "promulgated_on": date(2024, 10, 18),
    "effective_on": date(2025, 1, 1),
    "ends_on": None,
}


def test_events_are_ordered_and_future_ones_are_scheduled():
    events = timeline(
        **PMK81,
        incoming=[
            Incoming(
                kind=R.AMENDS,
                by="PMK 54/2025",
                effective_on=date(2025, 7, 1),
                link="/x/",
            ),
            Incoming(kind=R.CITES, by="PER-7/PJ/2025", effective_on=date(2025, 5, 21)),
        ],
        outgoing=[
            Outgoing(
                kind=R.REVOKES, to="PMK 147/PMK.03/2017", effective_on=date(2025, 1, 1)
            ),
        ],
        on=date(2024, 10, 18),
    )
    assert [(e.kind, e.on, e.scheduled) for e in events] == [
        ("signed", date(2024, 10, 14), False),
        ("promulgated", date(2024, 10, 18), False),
        ("effective", date(2025, 1, 1), True),
        ("out:revokes", date(2025, 1, 1), True),
        ("in:amends", date(2025, 7, 1), True),
    ]
    assert events[-1].other == "PMK 54/2025" and events[-1].link == "/x/"
    assert events[-1].label == "Diubah dengan"
    assert events[3].label == "Mencabut"


def test_citations_stay_off_the_timeline():
    events = timeline(
        **PMK81,
        incoming=[Incoming(kind=R.CITES, by="X", effective_on=date(2025, 2, 1))],
        outgoing=[
            Outgoing(kind=R.CITES, to="UU 6/1983", effective_on=date(2025, 1, 1))
        ],
        on=date(2026, 1, 1),
    )
    assert [e.kind for e in events] == ["signed", "promulgated", "effective"]


def test_end_of_efficacy_and_undated_events():
    events = timeline(
        signed_on=None,
        promulgated_on=None,
        effective_on=date(2022, 1, 21),
        ends_on=date(2022, 12, 31),
        incoming=[Incoming(kind=R.REPLACES, by="Y", effective_on=None)],
        on=date(2022, 12, 31),
    )
    assert [(e.kind, e.scheduled) for e in events] == [
        ("effective", False),
        ("ends", False),  # the last day itself is not in the future
        ("signed", False),
        ("promulgated", False),
        ("in:replaces", False),
    ]
    assert events[1].label == "Hari terakhir masa berlaku"


def test_every_relation_type_has_both_labels():
    for kind in R:
        assert incoming_label(kind) != kind.value
        assert outgoing_label(kind) != kind.value
