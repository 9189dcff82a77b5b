"""Send generated hostile requests to every public endpoint of the demo site.

    .venv/bin/python bench/fuzz_endpoints.py [--requests 10000] [--seed 11] [--keep DB]

Migrates a throw-away SQLite database, loads the demo content (regulations, articles,
services) and indexes it, then sends --requests generated requests through Django's
test client: the generator of the property tests (tests/config/fuzz.py) with endpoint,
path parts and parameters drawn from hostile values (query syntax, control characters,
lone surrogates, huge and negative numbers, very long text, unknown names).

Prints the number of requests, the count per status code, the median and p95 time
per request, the slowest requests, and every server error (5xx). Exits non-zero if
there was a server error (the figure that must be 0).
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=11, help="Seed of the generator.")
    parser.add_argument("--keep", help="Keep the SQLite database at this path.")
    return parser.parse_args()


ARGS = parse_args()
DB_PATH = Path(ARGS.keep) if ARGS.keep else Path(tempfile.mkdtemp()) / "fuzz.sqlite3"
os.environ["DATABASE_URL"] = f"sqlite:///{DB_PATH}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ.setdefault("DJANGO_LOG_LEVEL", "CRITICAL")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from hypothesis import HealthCheck, Phase, given, seed, settings  # noqa: E402

from tests.config.fuzz import is_server_error, requests, send  # noqa: E402

SHOWN = 10


def main() -> int:
    print(f"Scratch database: {DB_PATH}")
    started = time.perf_counter()
    setup_test_environment()
    for command in (
        "migrate",
        "load_demo_regulations",
        "load_demo",
        "load_demo_services",
    ):
        call_command(command, verbosity=0)
    call_command("update_index", verbosity=0)
    print(f"  demo site ready in {time.perf_counter() - started:.1f} s")
    # Every 400 and 404 logs a line; the figures below are what matters here.
    logging.disable(logging.CRITICAL)

    client = Client(raise_request_exception=False)
    statuses: Counter[int] = Counter()
    timings: list[tuple[float, str]] = []
    errors: list[str] = []

    @seed(ARGS.seed)
    @settings(
        max_examples=ARGS.requests,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(request=requests())
    def run(request) -> None:
        method, path, params = request
        began = time.perf_counter()
        response = send(client, method, path, params)
        seconds = time.perf_counter() - began
        statuses[response.status_code] += 1
        shown = {name: value[:40] for name, value in params.items()}
        timings.append((seconds, f"{method} {path[:60]} {shown!r:.160}"))
        if is_server_error(response):
            errors.append(f"{response.status_code} {method} {path} {params!r:.300}")

    began = time.perf_counter()
    run()
    total = time.perf_counter() - began
    sent = sum(statuses.values())
    times = sorted(seconds for seconds, _ in timings)
    p95 = times[int(0.95 * (len(times) - 1))] if times else 0.0
    print(f"Requests sent: {sent} in {total:.1f} s")
    print(
        "Statuses: "
        + ", ".join(f"{code}: {count}" for code, count in sorted(statuses.items()))
    )
    print(
        f"Per request: median {statistics.median(times) * 1000:.1f} ms, "
        f"p95 {p95 * 1000:.1f} ms, max {times[-1] * 1000:.1f} ms"
    )
    print("Slowest:")
    for seconds, label in sorted(timings, reverse=True)[:5]:
        print(f"  {seconds * 1000:8.1f} ms  {label}")
    print(f"Server errors (5xx): {len(errors)}")
    for line in errors[:SHOWN]:
        print(f"  {line}")
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
