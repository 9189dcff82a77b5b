"""Searching taxpayers at 20k articles on PostgreSQL, many at once (issue 14).

A production stack of its own (scratch database, own ports), filled with generated
articles, then loaded with concurrent searching clients:

    export TKB_PROD_DATABASE_URL=postgres://tkb:tkb@127.0.0.1:5432/tkb_load20k
    export TKB_PROD_STATE=$PWD/var/prod20k TKB_PROD_PORT=8180 TKB_APP_PORT=8111
    bash deploy/prod.sh start
    bash deploy/prod.sh run .venv/bin/python bench/search_load.py populate --size 20000
    .venv/bin/python bench/search_load.py load --front http://127.0.0.1:8180 \\
        --app http://127.0.0.1:8111 [--steps 1,16,64] [--seconds 20]
    bash deploy/prod.sh stop

`populate` inserts bench/search.py's generated articles until the site holds --size of
them (raw inserts, no signals), reindexes and runs VACUUM ANALYZE. `load` asks
GET /api/search/?q= with the judged queries of search/judgments/ (about a thousand
distinct questions, Indonesian and English, written for the relevance sets). Per step of
concurrent clients it prints throughput, p50/p95/p99 and errors (status >= 500 or no
answer; before the run, each target must answer a known query with results) of:

- `app`: gunicorn directly, queries drawn uniformly: the engine answers every request
  (nothing caches on that path), the worst case;
- `front`: through Varnish, queries drawn by popularity (Zipf, s=1: the tenth question
  is asked a tenth as often as the first), answers shared for SEARCH_CACHE_SECONDS as
  in production.

Each target's p95 is also given as a ratio to its own p95 with one client (the
baseline, measured first in the same run). Traffic goes to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import bisect
import http.client
import importlib.util
import itertools
import json
import os
import random
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import load  # noqa: E402  (bench/load.py, beside this file: the client loop and report)

PREFIX = "beban-"  # the generated articles' slugs and topics


def judged_queries() -> list[str]:
    seen: dict[str, None] = {}
    for path in sorted((ROOT / "search" / "judgments").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                seen.setdefault(json.loads(line)["text"].strip(), None)
    return list(seen)


def populate(size: int, seed: int) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from wagtail.models import Page

    spec = importlib.util.spec_from_file_location(
        "bench_search", ROOT / "bench/search.py"
    )
    corpus = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(corpus)

    have = Page.objects.filter(slug__startswith=f"{PREFIX}artikel-").count()
    if have >= size:
        print(f"{have} generated articles already there")
    elif have:
        raise SystemExit(
            f"{have} generated articles of {size}: start from a new database"
        )
    else:
        started = time.perf_counter()
        corpus.insert_corpus(size, seed=seed, slug_prefix=PREFIX)
        print(f"{size} articles inserted in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    with open(os.devnull, "w") as sink:
        call_command("update_index", stdout=sink)
    print(f"reindexed in {time.perf_counter() - started:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute(
            "VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE"
        )
    live = Page.objects.live().count()
    print(f"{live} live pages on {connection.vendor}")


def zipf_picker(items: list[str], rng: random.Random):
    weights = list(itertools.accumulate(1 / rank for rank in range(1, len(items) + 1)))
    return lambda: items[bisect.bisect(weights, rng.random() * weights[-1])]


def check_answer(base: str, query: str) -> None:
    host, port = load.loopback(base)
    connection = http.client.HTTPConnection(host, port, timeout=30)
    connection.request("GET", "/api/search/?" + urlencode({"q": query}))
    response = connection.getresponse()
    body = json.loads(response.read())
    connection.close()
    if response.status != 200 or not body.get("results"):
        raise SystemExit(
            f"{base}: {query!r} answered {response.status} without results"
        )


def run_load(args) -> None:
    queries = judged_queries()
    rng = random.Random(args.seed)
    popular = queries[:]
    rng.shuffle(popular)
    targets = {
        "app": (args.app, lambda: rng.choice(queries)),
        "front": (args.front, zipf_picker(popular, rng)),
    }
    for base, _ in targets.values():
        check_answer(base, "lupa efin")
    print(
        f"{len(queries)} distinct queries; {args.seconds:.0f} s or {args.requests} requests a step"
    )
    print(f"{load.HEADER} {'p95/1 client':>12}")
    baseline: dict[str, float] = {}
    for clients in [int(value) for value in args.steps.split(",")]:
        for name, (base, pick) in targets.items():
            step, seconds = load.run_step(
                base,
                lambda pick=pick: load.Request(
                    "GET", "/api/search/?" + urlencode({"q": pick()})
                ),
                clients,
                args,
            )
            # Each target's first step sets its baseline p95.
            load.report(
                name,
                clients,
                step,
                seconds,
                lambda p95, name=name: (
                    f" {p95 / baseline.setdefault(name, p95):>11.1f}x"
                ),
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    fill = commands.add_parser(
        "populate", help="Insert generated articles and reindex."
    )
    fill.add_argument("--size", type=int, default=20_000)
    fill.add_argument("--seed", type=int, default=7)
    run = commands.add_parser("load", help="Concurrent searching clients.")
    run.add_argument("--front", default="http://127.0.0.1:8180", help="Varnish.")
    run.add_argument("--app", default="http://127.0.0.1:8111", help="gunicorn.")
    run.add_argument("--steps", default="1,16,64", help="Concurrent clients per step.")
    run.add_argument("--seconds", type=float, default=20, help="Seconds per step.")
    run.add_argument(
        "--requests", type=int, default=50_000, help="Most requests a step."
    )
    run.add_argument("--seed", type=int, default=14)
    args = parser.parse_args()
    if args.command == "populate":
        populate(args.size, args.seed)
    else:
        for url in (args.front, args.app):
            load.loopback(url)
        run_load(args)


if __name__ == "__main__":
    main()
