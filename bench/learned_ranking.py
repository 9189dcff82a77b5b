"""Would a ranking learned from the judgments beat the hand-set one?

Reads the candidate pools that `bench/tune_ranking.py dump` stores (tuning halves and
the demo and blind sets, never a test half), describes each query's top candidates by
the signals search.ranking already computes, and learns to re-order them:

* a linear model over the signals, in plain Python, that starts from today's score;
* gradient-boosted trees with LambdaMART (LightGBM), when `lightgbm` is installed
  (`pip install lightgbm`; it is not a dependency of the project).

What it prints, for each model:

* cross-validated scores on the sibling tuning half: five folds by subject cluster,
  so no question of a held-out cluster and no sibling of its answer is trained on (the
  other tuning sets are always in training);
* the scores of a model trained on every tuning set, on those same sets (how well it
  fits) and on the blind set, which it never sees.

Scores here leave out editors' best bets (search.promotions), so the demo set's figures
are a little below search_eval's.

Usage (pools dumped first, see bench/tune_ranking.py):

    python bench/learned_ranking.py var/tune-siblings-tune.pickle \\
        --train var/tune-english-siblings-tune.pickle var/tune-english-demo-tune.pickle \\
        var/tune-tkb-demo.pickle --held-out var/tune-tkb-blind.pickle
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import os
import pickle
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django

django.setup()

from search.analysis.cues import CHANNEL_CHANGE, DEFINITION  # noqa: E402
from search.evaluation import Judgment, evaluate  # noqa: E402
from search.ranking import WEIGHTS, rank  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
# Candidates per query that the learned model re-orders (today's top ones).
DEPTH = 30
FOLDS = 5
# Which fields a text-match signal reads: (title, keywords, body) weights.
_FIELD_ONLY = {
    "title_match": (WEIGHTS.field_weights[0], 0.0, 0.0),
    "keyword_match": (0.0, WEIGHTS.field_weights[1], 0.0),
    "body_match": (0.0, 0.0, WEIGHTS.field_weights[2]),
}
# Today's ranking with its question-shape factors switched off: text match alone.
_TEXT_ONLY = dataclasses.replace(
    WEIGHTS,
    intent_bonus=0.0,
    intent_mismatch=0.0,
    channel_penalty=0.0,
    audience_bonus=0.0,
    audience_mismatch=0.0,
    overview_bonus=0.0,
)


@dataclasses.dataclass
class Query:
    judgment: Judgment
    group: str  # the subject cluster, or the query itself
    slugs: list[str]  # the candidates, today's order
    relevant: list[bool]  # per candidate
    features: list[dict[str, float]]  # per candidate


def _scores(plan, candidates, lexicon, weights) -> dict[str, float]:
    copies = [dataclasses.replace(c) for c in candidates]
    rank(plan, copies, lexicon, weights)
    return {c.key: c.score for c in copies}


def _describe(plan, candidates, lexicon) -> list[dict[str, float]]:
    """The signals of each candidate: today's score, its text-match parts, and what
    the question and the document say about intent, answer kind and audience."""
    signals = {"base": _scores(plan, candidates, lexicon, WEIGHTS)}
    signals["text"] = _scores(plan, candidates, lexicon, _TEXT_ONLY)
    for name, fields in _FIELD_ONLY.items():
        weights = dataclasses.replace(_TEXT_ONLY, field_weights=fields)
        signals[name] = _scores(plan, candidates, lexicon, weights)
    described = []
    for candidate in candidates:
        kind = candidate.answer_kind
        audiences = set(candidate.audiences.split())
        row = {
            name: math.log1p(values[candidate.key]) for name, values in signals.items()
        }
        row.update(
            intent_match=float(bool(kind) and kind in plan.intents),
            intent_mismatch=float(
                bool(kind and plan.intents) and kind not in plan.intents
            ),
            no_intent=float(not plan.intents),
            kind_unknown=float(not kind),
            definition_for_bare_subject=float(kind == DEFINITION and not plan.intents),
            closed_channel=float(
                kind == CHANNEL_CHANGE and CHANNEL_CHANGE not in plan.intents
            ),
            audience_mismatch=float(
                bool(plan.audiences and audiences)
                and plan.audiences.isdisjoint(audiences)
            ),
            title_words=math.log1p(len(candidate.title_terms.split())),
            body_words=math.log1p(len(candidate.body_terms.split())),
            faq_item=float(candidate.kind == "faq"),
        )
        described.append(row)
    return described


def load(path: Path) -> list[Query]:
    with path.open("rb") as handle:
        dataset = pickle.load(handle)  # noqa: S301 - our own dump
    name = dataset["name"]
    if "-test" in name:
        raise SystemExit(f"{path} holds a test half ({name}): it is never trained on.")
    groups = {}
    judgments = ROOT / "search" / "judgments" / name
    if judgments.exists():
        for line in judgments.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                data = json.loads(line)
                groups[str(data["qid"])] = str(data.get("cluster", data["qid"]))
    queries = []
    for judgment, plan, candidates, _best in dataset["pool"]:
        top = [dataclasses.replace(c) for c in candidates]
        if top:
            rank(plan, top, dataset["lexicon"], WEIGHTS)
        top = _unique(top)[:DEPTH]
        queries.append(
            Query(
                judgment=judgment,
                group=groups.get(judgment.qid, judgment.qid),
                slugs=[c.slug for c in top],
                relevant=[c.slug in judgment.relevant for c in top],
                features=_describe(plan, top, dataset["lexicon"]) if top else [],
            )
        )
    return queries


def _unique(candidates):
    """One candidate per answer (several questions of one FAQ page are one answer)."""
    seen, kept = set(), []
    for candidate in candidates:
        if candidate.slug not in seen:
            seen.add(candidate.slug)
            kept.append(candidate)
    return kept


def metrics(queries: list[Query], score) -> tuple[float, float]:
    """(success@1, MRR@10) when each query's candidates are ordered by `score`."""
    ranked = {}
    for query in queries:
        scores = [score(row) for row in query.features]
        order = sorted(range(len(scores)), key=lambda i: -scores[i])
        ranked[query.judgment.text] = [query.slugs[i] for i in order]
    report = evaluate([q.judgment for q in queries], ranked.__getitem__)
    return report.success_at_1, report.mrr


class Linear:
    """A learned weighted sum of the signals, starting from today's score (weight 1 on
    it, 0 on the rest), fitted with a listwise softmax loss: the share of each query's
    probability that goes to its best-placed answer, which is what success@1 counts."""

    name = "linear, listwise softmax"

    def __init__(self, names: list[str], l2: float = 0.01, steps: int = 300) -> None:
        self.names, self.l2, self.steps = ["base", *names], l2, steps
        self.weights = [1.0] + [0.0] * len(names)

    def fit(self, queries: list[Query]) -> Linear:
        lists = [
            (
                [[row[n] for n in self.names] for row in query.features],
                query.relevant.index(True),
            )
            for query in queries
            if any(query.relevant)
        ]
        size, count = len(self.names), len(lists)
        start = list(self.weights)
        weights, first, second = list(start), [0.0] * size, [0.0] * size
        for step in range(1, self.steps + 1):  # Adam
            # The penalty keeps the weights near today's, not near zero.
            gradient = [
                2 * self.l2 * (w - s) for w, s in zip(weights, start, strict=True)
            ]
            for rows, answer in lists:
                scores = [
                    sum(w * x for w, x in zip(weights, row, strict=True))
                    for row in rows
                ]
                top = max(scores)
                exps = [math.exp(s - top) for s in scores]
                total = sum(exps)
                for index, row in enumerate(rows):
                    share = exps[index] / total - (index == answer)
                    for k in range(size):
                        gradient[k] += share * row[k] / count
            for k in range(size):
                first[k] = 0.9 * first[k] + 0.1 * gradient[k]
                second[k] = 0.999 * second[k] + 0.001 * gradient[k] ** 2
                corrected = first[k] / (1 - 0.9**step)
                scale = math.sqrt(second[k] / (1 - 0.999**step)) + 1e-8
                weights[k] -= 0.05 * corrected / scale
        self.weights = weights
        return self

    def score(self, row: dict[str, float]) -> float:
        return sum(w * row[n] for w, n in zip(self.weights, self.names, strict=True))


class Trees:
    """LambdaMART over the same signals (LightGBM)."""

    name = "gradient-boosted trees, LambdaMART"

    def __init__(self, names: list[str], leaves: int = 7, rounds: int = 200) -> None:
        import lightgbm
        import numpy

        self.lightgbm, self.numpy, self.names = lightgbm, numpy, ["base", *names]
        self.params = {
            "objective": "lambdarank",
            "learning_rate": 0.05,
            "num_leaves": leaves,
            "min_data_in_leaf": 20,
            "feature_fraction": 0.8,
            "lambdarank_truncation_level": 10,
            "deterministic": True,
            "seed": 7,
            "verbose": -1,
        }
        self.rounds = rounds

    def fit(self, queries: list[Query]) -> Trees:
        rows, labels, groups = [], [], []
        for query in queries:
            if query.features:
                rows.extend([row[n] for n in self.names] for row in query.features)
                labels.extend(int(r) for r in query.relevant)
                groups.append(len(query.features))
        data = self.lightgbm.Dataset(
            self.numpy.array(rows), self.numpy.array(labels), group=groups
        )
        self.model = self.lightgbm.train(self.params, data, num_boost_round=self.rounds)
        return self

    def score(self, row: dict[str, float]) -> float:
        return float(
            self.model.predict(self.numpy.array([[row[n] for n in self.names]]))[0]
        )


def _models(names: list[str]):
    yield lambda: Linear(names)
    try:
        import lightgbm  # noqa: F401
    except ImportError:
        print("(lightgbm is not installed: only the linear model is tried)")
        return
    for leaves in (3, 7, 15):
        yield lambda leaves=leaves: Trees(names, leaves=leaves)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pool", type=Path, help="The set cross-validated by cluster.")
    parser.add_argument("--train", type=Path, nargs="*", default=[])
    parser.add_argument("--held-out", type=Path, nargs="*", default=[])
    args = parser.parse_args()

    main_set = load(args.pool)
    extra = [q for path in args.train for q in load(path)]
    held_out = {path.stem: load(path) for path in args.held_out}
    trained_on = {args.pool.stem: main_set} | {
        path.stem: load(path) for path in args.train
    }
    names = [n for n in main_set[0].features[0] if n != "base"]
    clusters = sorted({q.group for q in main_set})
    random.Random(7).shuffle(clusters)
    folds = [set(clusters[i::FOLDS]) for i in range(FOLDS)]

    today = metrics(main_set, lambda row: row["base"])
    print(f"{args.pool.stem}: {len(main_set)} queries, {len(clusters)} clusters")
    print(
        f"today's ranking (top {DEPTH} re-ordered): s@1 {today[0]:.3f}  MRR {today[1]:.3f}"
    )
    for make in _models(names):
        name = make().name
        held = [0.0, 0.0]
        for fold in folds:
            train = [q for q in main_set if q.group not in fold] + extra
            test = [q for q in main_set if q.group in fold]
            model = make().fit(train)
            s1, mrr = metrics(test, model.score)
            held[0] += s1 * len(test)
            held[1] += mrr * len(test)
        model = make().fit(main_set + extra)
        label = name + (
            f", {model.params['num_leaves']} leaves" if isinstance(model, Trees) else ""
        )
        print(f"\n{label}")
        print(
            f"  cross-validated on {args.pool.stem}: s@1 {held[0] / len(main_set):.3f}"
            f"  MRR {held[1] / len(main_set):.3f}"
        )
        for set_name, queries in (trained_on | held_out).items():
            before = metrics(queries, lambda row: row["base"])
            after = metrics(queries, model.score)
            seen = "never seen" if set_name in held_out else "trained on"
            print(
                f"  {set_name} ({seen}): s@1 {before[0]:.3f} -> {after[0]:.3f}"
                f"  MRR {before[1]:.3f} -> {after[1]:.3f}"
            )


if __name__ == "__main__":
    main()
