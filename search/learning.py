"""Learning from taxpayers: which results they open, and which pages they find helpful.

Two signals, rebuilt from the logs (`learned_signals_refresh`, daily) and applied at
query time (`apply_learned`) as bounded factors on the ranking's scores:

* **Clicks, per query and page.** Each logged search remembers the pages it showed
  on its first page (SearchLog.shown). A page earns credit only for clicks beyond
  what its position alone would bring (the click-through rate of that position over
  all searches): the first result is always clicked most, so it gains nothing from
  being first, which stops a result from feeding its own rise.
* **"Apakah halaman ini membantu?", per page.** A page most readers call unhelpful
  sinks a little on every query; one most call helpful rises a little.

Safeguards: older evidence counts less (a half-life of HALF_LIFE_DAYS), nothing older
than WINDOW_DAYS counts, a signal needs MIN_SHOWN searches (MIN_ANSWERS answers) before
it exists, factors stay within [MIN_FACTOR, MAX_FACTOR], and editors reset a query's
signals (or all) from the admin; logs before a reset teach nothing.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Max
from wagtail.models import Page
from wagtail.search.utils import normalise_query_string

from kb.models import ArticleFeedback
from search.backends.base import Candidate
from search.models import LearnedSignal, LearningReset, SearchClick, SearchLog

__all__ = [
    "RefreshReport",
    "apply_learned",
    "learned_signals_refresh",
    "learning_reset",
]

WINDOW_DAYS = 180
HALF_LIFE_DAYS = 30
MIN_SHOWN = 10  # decayed searches that showed the page for the query
MIN_ANSWERS = 10  # decayed feedback answers on the page
MIN_FACTOR, MAX_FACTOR = 0.8, 1.25
FEEDBACK_RANGE = 0.1  # a page prior moves scores by at most ±10%
# Pseudo-counts that keep a little evidence from moving a factor much.
CLICK_PRIOR = 3.0
POSITION_PRIOR = 10.0
# Signals closer to 1 than this change nothing worth storing.
NEGLIGIBLE = 0.02


@dataclass
class RefreshReport:
    searches: int = 0
    clicks: int = 0
    query_signals: int = 0
    page_signals: int = 0
    changed_top: int = 0


def _weight(at: datetime, now: datetime) -> float:
    age = max((now - at).total_seconds() / 86400, 0.0)
    return 0.5 ** (age / HALF_LIFE_DAYS)


def _resets() -> tuple[datetime | None, dict[str, datetime]]:
    everything = LearningReset.objects.filter(query_string="").aggregate(
        at=Max("reset_at")
    )["at"]
    per_query = dict(
        LearningReset.objects.exclude(query_string="")
        .values("query_string")
        .annotate(at=Max("reset_at"))
        .values_list("query_string", "at")
    )
    return everything, per_query


def _click_signals(
    now: datetime, report: RefreshReport
) -> dict[tuple[str, int], tuple]:
    start = now - timedelta(days=WINDOW_DAYS)
    everything, per_query = _resets()
    if everything:
        start = max(start, everything)
    logs = (
        SearchLog.objects.filter(searched_at__gte=start, page_number=1)
        .exclude(shown="")
        .values_list("id", "query__query_string", "searched_at", "shown")
    )
    shown_by_log = {}
    for log_id, query, at, shown in logs.iterator(chunk_size=5000):
        reset = per_query.get(query)
        if reset and at < reset:
            continue
        pages = [int(page) if page.isdigit() else 0 for page in shown.split(",")]
        shown_by_log[log_id] = (query, _weight(at, now), pages)
    report.searches = len(shown_by_log)
    clicked = defaultdict(set)
    for log_id, position in SearchClick.objects.filter(
        search_id__in=list(shown_by_log)
    ).values_list("search_id", "position"):
        clicked[log_id].add(position)
        report.clicks += 1
    # The click-through rate of each position, over every query.
    seen = defaultdict(float)
    taken = defaultdict(float)
    for log_id, (_query, weight, pages) in shown_by_log.items():
        for position in range(1, len(pages) + 1):
            seen[position] += weight
            if position in clicked[log_id]:
                taken[position] += weight
    overall = sum(taken.values()) / max(sum(seen.values()), 1.0)
    rate = {
        position: (taken[position] + POSITION_PRIOR * overall)
        / (seen[position] + POSITION_PRIOR)
        for position in seen
    }
    totals: dict[tuple[str, int], list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for log_id, (query, weight, pages) in shown_by_log.items():
        for position, page_id in enumerate(pages, start=1):
            if not page_id:
                continue
            total = totals[(query, page_id)]
            total[0] += weight
            total[1] += weight * rate[position]
            if position in clicked[log_id]:
                total[2] += weight
    signals = {}
    for (query, page_id), (shown, expected, clicks) in totals.items():
        if shown < MIN_SHOWN:
            continue
        ratio = (clicks + CLICK_PRIOR) / (expected + CLICK_PRIOR)
        factor = min(max(math.sqrt(ratio), MIN_FACTOR), MAX_FACTOR)
        if abs(factor - 1) >= NEGLIGIBLE:
            signals[(query, page_id)] = (factor, shown, clicks, expected)
    return signals


def _page_signals(now: datetime) -> dict[tuple[str, int], tuple]:
    start = now - timedelta(days=WINDOW_DAYS)
    everything, _per_query = _resets()
    if everything:
        start = max(start, everything)
    answers: dict[int, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for page_id, helpful, at in ArticleFeedback.objects.filter(
        created_at__gte=start
    ).values_list("page_id", "helpful", "created_at"):
        weight = _weight(at, now)
        answers[page_id][0] += weight
        if helpful:
            answers[page_id][1] += weight
    signals = {}
    for page_id, (total, helpful) in answers.items():
        if total < MIN_ANSWERS:
            continue
        # Half helpful is neutral; all helpful +10%, none helpful -10%.
        factor = 1 + FEEDBACK_RANGE * (2 * helpful / total - 1)
        if abs(factor - 1) >= NEGLIGIBLE:
            signals[("", page_id)] = (factor, total, helpful, 0.0)
    return signals


def learned_signals_refresh(*, now: datetime) -> RefreshReport:
    """Rebuild every signal from the logs as at `now` (replaces the stored ones)."""
    from search.queries import search  # queries applies the signals: import late

    report = RefreshReport()
    signals = _click_signals(now, report)
    report.query_signals = len(signals)
    pages = _page_signals(now)
    report.page_signals = len(pages)
    signals.update(pages)
    existing_pages = set(
        Page.objects.filter(pk__in={page_id for _q, page_id in signals}).values_list(
            "pk", flat=True
        )
    )
    rows = [
        LearnedSignal(
            query_string=query,
            page_id=page_id,
            factor=round(factor, 4),
            evidence=round(evidence, 3),
            clicks=round(clicks, 3),
            expected=round(expected, 3),
            refreshed_at=now,
        )
        for (query, page_id), (factor, evidence, clicks, expected) in signals.items()
        if page_id in existing_pages
    ]
    with transaction.atomic():
        LearnedSignal.objects.all().delete()
        LearnedSignal.objects.bulk_create(rows, batch_size=1000)
    # Which queries the signals change: the first result with and without them.
    changed = []
    for query in sorted({row.query_string for row in rows if row.query_string}):
        with_signals = search(query, log=False)
        without = search(query, log=False, learned=False)
        first = [o.hits[0].url if o.hits else "" for o in (with_signals, without)]
        if first[0] != first[1]:
            changed.append(query)
    LearnedSignal.objects.filter(query_string__in=changed).update(changes_top=True)
    report.changed_top = len(changed)
    return report


def learning_reset(*, query: str = "", user=None, now: datetime) -> int:
    """Forget what readers taught for `query` (normalised), or for everything when
    blank: its signals go now, and logs before `now` stop counting. Returns the
    signals removed."""
    query = normalise_query_string(query) if query else ""
    LearningReset.objects.create(query_string=query, reset_at=now, user=user)
    signals = LearnedSignal.objects.all()
    if query:
        signals = signals.filter(query_string=query)
    removed, _by_model = signals.delete()
    return removed


def apply_learned(query: str, candidates: Sequence[Candidate]) -> bool:
    """Multiply the candidates' scores by their signals for `query` (one query to the
    database); True when any applied. The caller sorts again."""
    page_ids = {c.page_id for c in candidates if c.page_id}
    if not page_ids:
        return False
    factors: dict[int, float] = defaultdict(lambda: 1.0)
    for page_id, factor in LearnedSignal.objects.for_query(
        normalise_query_string(query), page_ids
    ).values_list("page_id", "factor"):
        factors[page_id] *= factor
    if not factors:
        return False
    for candidate in candidates:
        if candidate.page_id in factors:
            candidate.score *= factors[candidate.page_id]
    return True
