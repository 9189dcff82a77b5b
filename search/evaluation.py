"""Relevance metrics for a judgment set: MRR@10, success@1, @3 and @10, nDCG@10.

A judgment is one query with the slugs of the pages that answer it
(`{"qid": "q001", "text": "lupa efin", "relevant": ["lupa-efin"]}`); relevance is
binary, and a slug counts once in a ranking (several questions of one FAQ page
are one answer).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "CUTOFF",
    "Judgment",
    "JudgmentError",
    "QueryResult",
    "Report",
    "evaluate",
    "load_judgments",
]

CUTOFF = 10


class JudgmentError(ValueError):
    """A judgment file that cannot be read; the message names the line."""


@dataclass(frozen=True)
class Judgment:
    qid: str
    text: str
    relevant: frozenset[str]


def load_judgments(path: Path) -> list[Judgment]:
    """Judgments from a JSON-lines file (blank lines and lines starting with # skipped)."""
    judgments = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as err:
        raise JudgmentError(f"Cannot read {path}: {err.strerror}.") from err
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            data = json.loads(line)
            judgment = Judgment(
                qid=str(data["qid"]),
                text=str(data["text"]),
                relevant=frozenset(str(slug) for slug in data["relevant"]),
            )
        except (json.JSONDecodeError, KeyError, TypeError) as err:
            raise JudgmentError(
                f"{path}, line {number}: expected "
                '{"qid": …, "text": …, "relevant": [slugs]} '
                f"({err.__class__.__name__}: {err})."
            ) from err
        if not judgment.relevant:
            raise JudgmentError(f"{path}, line {number}: 'relevant' is empty.")
        judgments.append(judgment)
    if not judgments:
        raise JudgmentError(f"{path} holds no judgments.")
    return judgments


def _unique(slugs: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    ranked = []
    for slug in slugs:
        if slug not in seen:
            seen.add(slug)
            ranked.append(slug)
    return ranked


@dataclass
class QueryResult:
    judgment: Judgment
    ranked: list[str]

    @property
    def first_relevant(self) -> int | None:
        """1-based rank of the first relevant slug within the cutoff, or None."""
        for rank, slug in enumerate(self.ranked[:CUTOFF], start=1):
            if slug in self.judgment.relevant:
                return rank
        return None

    @property
    def reciprocal_rank(self) -> float:
        rank = self.first_relevant
        return 1.0 / rank if rank else 0.0

    @property
    def ndcg(self) -> float:
        gains = [
            1.0 / math.log2(rank + 1)
            for rank, slug in enumerate(self.ranked[:CUTOFF], start=1)
            if slug in self.judgment.relevant
        ]
        ideal = sum(
            1.0 / math.log2(rank + 1)
            for rank in range(1, min(len(self.judgment.relevant), CUTOFF) + 1)
        )
        return sum(gains) / ideal


@dataclass
class Report:
    results: list[QueryResult] = field(default_factory=list)

    def _mean(self, values: Iterable[float]) -> float:
        values = list(values)
        return sum(values) / len(values) if values else 0.0

    @property
    def mrr(self) -> float:
        return self._mean(r.reciprocal_rank for r in self.results)

    @property
    def success_at_1(self) -> float:
        return self._mean(float(r.first_relevant == 1) for r in self.results)

    @property
    def success_at_3(self) -> float:
        return self._mean(float((r.first_relevant or 99) <= 3) for r in self.results)

    @property
    def success_at_10(self) -> float:
        return self._mean(float(r.first_relevant is not None) for r in self.results)

    @property
    def ndcg(self) -> float:
        return self._mean(r.ndcg for r in self.results)

    def metrics(self) -> dict[str, float]:
        return {
            "MRR@10": self.mrr,
            "success@1": self.success_at_1,
            "success@3": self.success_at_3,
            "success@10": self.success_at_10,
            "nDCG@10": self.ndcg,
        }


def evaluate(
    judgments: Iterable[Judgment], ranking: Callable[[str], list[str]]
) -> Report:
    """Score `ranking(text) -> slugs, best first` against the judgments."""
    report = Report()
    for judgment in judgments:
        report.results.append(
            QueryResult(judgment, _unique(ranking(judgment.text))[:CUTOFF])
        )
    return report
