"""What an article or FAQ import reports: the shared import report plus its timings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ingest import Report

ProgressCallback = Callable[[int, float], None]


@dataclass
class ImportResult(Report):
    """The import report, with per-record timings, the pages written and index state."""

    durations: list[float] = field(default_factory=list)
    seconds: float = 0.0
    index_seconds: float = 0.0
    page_ids: list[int] = field(default_factory=list)
    indexed: int = 0
    index_pending: bool = False

    def details(self) -> list[str]:
        return [_("%(seconds).1f detik") % {"seconds": self.seconds}]
