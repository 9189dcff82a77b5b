"""How well search reads the intent of sibling-corpus questions, and what it is worth.

Each article of the sibling corpus has the answer kind its author gave it
(search/judgments/siblings/clusters.json), and each question's right answer is one
sibling, so the kind of that answer is the intent the question had. This prints, for a
judgment set over that corpus:

- how often the query plan's intents hold that kind (hit), hold none (none) or only
  others (wrong), per kind (a question with right answers of two kinds counts twice);
- the ranking's success@1 and MRR@10 on the candidates stored by
  `bench/tune_ranking.py dump`, as inferred today, with the authors' document kinds
  (oracle kinds), and with the authors' kinds on both sides (oracle intents), the last
  also at stronger intent weights.

The oracle rows are upper bounds, not results: they say where the ranking loses.

    DATABASE_URL=sqlite:////tmp/siblings.sqlite3 python bench/intent_report.py \\
        search/judgments/siblings-tune.jsonl var/tune-siblings-tune.pickle
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import pickle
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django  # noqa: E402

django.setup()

import tune_ranking  # noqa: E402  (bench/, beside this file)

from search.lexicon import get_lexicon  # noqa: E402
from search.ranking import WEIGHTS  # noqa: E402

CLUSTERS = ROOT / "search" / "judgments" / "siblings" / "clusters.json"


def authors_kinds() -> dict[str, str]:
    clusters = json.loads(CLUSTERS.read_text(encoding="utf-8"))
    return {
        slug: kind.replace("-", "_")
        for cluster in clusters.values()
        for slug, kind in cluster["articles"].items()
    }


def recognition(judgments: Path, kinds: dict[str, str]) -> None:
    lexicon = get_lexicon()
    outcome: Counter[tuple[str, str]] = Counter()
    for line in judgments.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        judgment = json.loads(line)
        wanted = {kinds[slug] for slug in judgment["relevant"] if slug in kinds}
        intents = lexicon.plan(judgment["text"]).intents
        state = "hit" if wanted & intents else ("none" if not intents else "wrong")
        for kind in wanted:
            outcome[(kind, state)] += 1
    states = ("hit", "none", "wrong")
    print(f"{'intent':16} " + " ".join(f"{state:>6}" for state in states))
    for kind in sorted({kind for kind, _state in outcome}):
        print(f"{kind:16} " + " ".join(f"{outcome[(kind, s)]:>6}" for s in states))
    totals = [
        sum(n for (_kind, state), n in outcome.items() if state == s) for s in states
    ]
    print(f"{'all':16} " + " ".join(f"{total:>6}" for total in totals))


def upper_bounds(pool_path: Path, kinds: dict[str, str]) -> None:
    with pool_path.open("rb") as handle:
        dataset = pickle.load(handle)  # noqa: S301 - our own dump

    def line(name: str, weights=WEIGHTS) -> None:
        report = tune_ranking._score(dataset, weights)
        print(f"{name:34} s@1 {report.success_at_1:.3f}  MRR@10 {report.mrr:.3f}")

    line("inferred (today)")
    for _judgment, _plan, candidates, _best in dataset["pool"]:
        for candidate in candidates:
            candidate.answer_kind = kinds.get(candidate.slug, candidate.answer_kind)
    line("oracle document kinds")
    dataset["pool"] = [
        (
            judgment,
            dataclasses.replace(plan, intents=wanted) if wanted else plan,
            candidates,
            best,
        )
        for judgment, plan, candidates, best in dataset["pool"]
        for wanted in [frozenset(kinds[s] for s in judgment.relevant if s in kinds)]
    ]
    line("oracle intents and kinds")
    for bonus in (1.0, 2.0):
        line(
            f"  ... intent bonus {bonus}",
            dataclasses.replace(WEIGHTS, intent_bonus=bonus),
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("judgments", type=Path)
    parser.add_argument("pool", type=Path, nargs="?", help="tune_ranking.py dump")
    args = parser.parse_args()
    kinds = authors_kinds()
    recognition(args.judgments, kinds)
    if args.pool:
        upper_bounds(args.pool, kinds)


if __name__ == "__main__":
    main()
