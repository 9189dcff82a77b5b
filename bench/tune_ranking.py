"""Search the ranking's constants (search.ranking.Weights) on judgment sets.

Two steps, because each judgment set runs over its own content (its own database):

    # 1. retrieve every query's candidates once, from the database it runs over
    DATABASE_URL=sqlite:////tmp/siblings.sqlite3 python bench/tune_ranking.py dump \\
        search/judgments/siblings-tune.jsonl var/tune-siblings.pickle
    DATABASE_URL=sqlite:////tmp/demo.sqlite3 python bench/tune_ranking.py dump \\
        search/judgments/tkb-demo.jsonl var/tune-demo.pickle

    # 2. coordinate ascent over the constants, re-ranking the stored candidates
    python bench/tune_ranking.py search var/tune-siblings.pickle var/tune-demo.pickle

Each trial only re-ranks, so a round over every constant takes seconds per set. The
objective is the mean over the sets of success@1 + MRR@10; `--floor FILE=VALUE` keeps
a set's success@1 from falling below VALUE. Prints the starting metrics, each
improvement, and the best weights. Tune on tuning halves only: the test halves are for
measuring.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import pickle
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django

django.setup()

from search import queries  # noqa: E402
from search.evaluation import Report, evaluate, load_judgments  # noqa: E402
from search.lexicon import get_lexicon  # noqa: E402
from search.promotions import best_answer_for, promote_best_answer  # noqa: E402
from search.ranking import WEIGHTS, Weights, rank  # noqa: E402

# How much a shortfall below a floor costs, against the objective's scale (0 to 2).
FLOOR_PENALTY = 10.0
# Multipliers tried for each constant in one round.
STEPS = (0.0, 0.25, 0.5, 0.75, 0.9, 1.1, 1.33, 1.5, 2.0, 3.0)


def dump(judgments_path: Path, out: Path) -> None:
    judgments = load_judgments(judgments_path)
    lexicon = get_lexicon()
    engine, _fallback = queries.engines()
    filters = queries._filters((), None, None, [])
    pool = []
    for judgment in judgments:
        plan = lexicon.plan(judgment.text)
        candidates = []
        if not plan.is_empty:
            tiers = queries.engine_queries(plan, lexicon)
            _matcher, retrieval = engine.retrieve_first(
                tiers, filters, limit=queries.RERANK_DEPTH
            )
            candidates = retrieval.candidates
        pool.append((judgment, plan, candidates, best_answer_for(judgment.text)))
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("wb") as handle:
        pickle.dump(
            {"name": judgments_path.name, "lexicon": lexicon, "pool": pool}, handle
        )
    print(f"{len(pool)} queries of {judgments_path} stored in {out}")


def _score(dataset: dict, weights: Weights) -> Report:
    ranked = {}
    lexicon = dataset["lexicon"]
    for judgment, plan, candidates, best in dataset["pool"]:
        copies = [dataclasses.replace(c) for c in candidates]
        if copies:
            rank(plan, copies, lexicon, weights)
            if best is not None:
                promote_best_answer(copies, best)
        ranked[judgment.text] = [c.slug for c in copies]
    return evaluate([item[0] for item in dataset["pool"]], lambda text: ranked[text])


def _variants(weights: Weights):
    for field in dataclasses.fields(Weights):
        value = getattr(weights, field.name)
        if isinstance(value, tuple):
            for index in range(len(value)):
                for step in STEPS:
                    changed = list(value)
                    changed[index] = round(value[index] * step, 4)
                    if field.name == "field_b" and changed[index] > 1:
                        continue  # BM25's b is a share: above 1 a norm reaches 0
                    yield (
                        f"{field.name}[{index}]",
                        dataclasses.replace(weights, **{field.name: tuple(changed)}),
                    )
        else:
            candidates = [round(value * step, 4) for step in STEPS]
            if value == 0:
                candidates = [0.05, 0.1, 0.2, 0.3, 0.5]
            for candidate in candidates:
                yield (
                    field.name,
                    dataclasses.replace(weights, **{field.name: candidate}),
                )


def search(paths: list[Path], *, rounds: int, floors: dict[str, float]) -> None:
    datasets = []
    for path in paths:
        with path.open("rb") as handle:
            datasets.append(pickle.load(handle))  # noqa: S301 - our own dump

    def trial(weights: Weights) -> tuple[float, list[Report]]:
        """Mean success@1 + MRR@10 over the sets, less ten times every shortfall
        below a floor (so a search that starts below a floor climbs back to it)."""
        reports = [_score(dataset, weights) for dataset in datasets]
        value = sum(r.success_at_1 + r.mrr for r in reports) / len(reports)
        for dataset, report in zip(datasets, reports, strict=True):
            floor_s1, floor_mrr = floors.get(dataset["name"], (0.0, 0.0))
            value -= FLOOR_PENALTY * max(floor_s1 - report.success_at_1, 0.0)
            value -= FLOOR_PENALTY * max(floor_mrr - report.mrr, 0.0)
        return value, reports

    def line(reports: list[Report]) -> str:
        return "  ".join(
            f"{d['name']}: s@1 {r.success_at_1:.3f} MRR {r.mrr:.3f}"
            for d, r in zip(datasets, reports, strict=True)
        )

    best = WEIGHTS
    best_value, reports = trial(best)
    print(f"current: {line(reports)}")
    started = time.perf_counter()
    for round_number in range(1, rounds + 1):
        improved = False
        for name, candidate in _variants(best):
            result = trial(candidate)
            if result[0] > best_value + 1e-9:
                best, (best_value, reports), improved = candidate, result, True
                print(f"round {round_number}: {name} -> {line(reports)}")
        if not improved:
            break
    print(f"searched in {time.perf_counter() - started:.0f}s")
    print(f"best: {best}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    steps = parser.add_subparsers(dest="step", required=True)
    dumping = steps.add_parser("dump", help="Retrieve and store one set's candidates.")
    dumping.add_argument("judgments", type=Path)
    dumping.add_argument("out", type=Path)
    searching = steps.add_parser("search", help="Coordinate ascent over the constants.")
    searching.add_argument("pools", type=Path, nargs="+")
    searching.add_argument("--rounds", type=int, default=3)
    searching.add_argument(
        "--score",
        type=Path,
        nargs="*",
        default=[],
        help="Pools only scored with the weights found (not searched on).",
    )
    searching.add_argument(
        "--floor",
        action="append",
        default=[],
        help="NAME=S1[,MRR]: the judgment file NAME keeps success@1 >= S1 (and MRR@10 >= MRR).",
    )
    args = parser.parse_args()
    if args.step == "dump":
        dump(args.judgments, args.out)
    else:
        floors = {}
        for item in args.floor:
            name, values = item.split("=", 1)
            s1, _comma, mrr = values.partition(",")
            floors[name] = (float(s1), float(mrr or 0))
        search(args.pools, rounds=args.rounds, floors=floors)


if __name__ == "__main__":
    main()
