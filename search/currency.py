"""Current guidance first: results whose legal footing has moved are demoted, not hidden.

A page is *under review* when the regulation impact tracker flagged it "perlu
ditinjau": a regulation it cites or depends on was amended, revoked or expired after
its last review (regulations.impact). A page that merely cites a revoked regulation is
not: explaining that PMK 147/2017 was replaced is current guidance. A page under
review still appears, with a note saying so, but yields to pages whose footing is
current and that answer about as well.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from regulations.models import ReviewFlag
from search.backends.base import Candidate

__all__ = ["UNDER_REVIEW_FACTOR", "demote_under_review", "pages_under_review"]

# A page under review keeps this share of its score: below a current page that
# answers about as well, above one that answers much worse.
UNDER_REVIEW_FACTOR = 0.75


def pages_under_review(page_ids: Iterable[int], *, on: date) -> set[int]:
    """Which of these pages have an open "perlu ditinjau" flag raised on or before
    `on` (one query, whatever the number of pages)."""
    ids = {page_id for page_id in page_ids if page_id}
    if not ids:
        return set()
    return set(
        ReviewFlag.objects.open()
        .filter(page_id__in=ids, raised_at__date__lte=on)
        .values_list("page_id", flat=True)
    )


def demote_under_review(candidates: list[Candidate], *, on: date) -> None:
    """Mark and demote the candidates under review, then sort again (same tie-break
    as search.ranking)."""
    under_review = pages_under_review((c.page_id for c in candidates), on=on)
    if not under_review:
        return
    for candidate in candidates:
        if candidate.page_id in under_review:
            candidate.under_review = True
            candidate.score *= UNDER_REVIEW_FACTOR
    candidates.sort(key=lambda c: (-round(c.score, 9), c.url, c.key))
