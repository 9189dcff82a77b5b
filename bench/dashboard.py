"""Render time of the 3C roadmap dashboard with 168 and with 10,000 services.

    .venv/bin/python bench/dashboard.py [--renders 30] [--sizes 168,10000] [--keep DB]

Builds a throw-away SQLite database, migrates it, registers the "Perubahan Data WP"
regulation chain and bulk-inserts synthetic services shaped like the 3C plan (59/50/23/
33/3 per 168 by target state, a third of the automation targets waiting for a PER that
is not in force). For each size it prints, over N runs:

- the dashboard page through the Django test client, logged in as a superuser
  (median, p95, queries per render);
- the dashboard's figures alone (kb.dashboard.roadmap) against a baseline measured in
  the same run: a naive per-service loop computing the same figures with the ORM
  (one query per service for its basis, per regulation for its relations), and the
  ratio baseline / roadmap.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--renders", type=int, default=30, help="Page renders per size."
    )
    parser.add_argument(
        "--baseline-runs",
        type=int,
        default=5,
        help="Runs of the naive baseline and of roadmap() per size.",
    )
    parser.add_argument(
        "--large-baseline-runs",
        type=int,
        default=3,
        help="Runs of the naive baseline and of roadmap() for sizes above 1,000.",
    )
    parser.add_argument(
        "--sizes", default="168,10000", help="Comma-separated catalogue sizes."
    )
    parser.add_argument("--keep", help="Keep the SQLite database at this path.")
    return parser.parse_args()


ARGS = parse_args()
DB_PATH = Path(ARGS.keep) if ARGS.keep else Path(tempfile.mkdtemp()) / "bench.sqlite3"
os.environ["DATABASE_URL"] = f"sqlite:///{DB_PATH}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from wagtail.models import Site  # noqa: E402

from catalogue.choices import GATED_STATES, BasisRole  # noqa: E402
from catalogue.dashboard import roadmap  # noqa: E402
from catalogue.models import ServiceIndexPage, ServicePage  # noqa: E402
from tests.catalogue.fixtures import bulk_services, make_registry  # noqa: E402

ON = datetime.date(2025, 3, 1)  # PMK 81/2024 in force, PER-7/PJ/2025 not yet
# Per 168 services, by target state (the plan's shape).
SHAPE = [
    ("automated", 59),
    ("contact_center", 50),
    ("kpp_kanwil", 23),
    ("other_process", 33),
    ("removed", 3),
]


class QueryCounter:
    """Counts the SQL statements run on the default connection (no query log needed)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


@contextmanager
def count_queries() -> Iterator[QueryCounter]:
    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        yield counter


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def add_services(index: ServiceIndexPage, registry, *, start: int, count: int) -> None:
    """`count` services shaped like the plan; automation targets split three ways."""
    groups: dict[str, list[dict]] = {"done": [], "waiting": [], "other": []}
    for offset in range(count):
        number = start + offset
        slot = number % 168
        state = SHAPE[-1][0]
        for name, size in SHAPE:
            if slot < size:
                state = name
                break
            slot -= size
        spec = {
            "slug": f"layanan-{number}",
            "title": f"Layanan sintetis {number:05d}",
            "target_state": state,
            "target_year": 2020 + slot % 3,
            "plan_category": ("renstra", "extra_effort", "covid19")[slot % 3],
            "current_state": "kpp_kanwil",
            "state_since": datetime.date(2019, 1, 2),
        }
        if state == "automated" and slot % 3 == 0:
            spec.update(
                current_state="automated", state_since=datetime.date(2020, 4, 1)
            )
            groups["done"].append(spec)
        elif state in GATED_STATES:
            groups["waiting"].append(spec)
        else:
            groups["other"].append(spec)
    bulk_services(
        index,
        groups["done"],
        basis=[(registry.uu_kup, BasisRole.CURRENT_BASIS, "Pasal 2")],
    )
    bulk_services(
        index,
        groups["waiting"],
        basis=[
            (registry.uu_kup, BasisRole.CURRENT_BASIS, "Pasal 2"),
            (registry.pmk_81, BasisRole.CURRENT_BASIS, ""),
            (registry.per_7, BasisRole.REQUIRED_CHANGE, ""),
        ],
    )
    bulk_services(index, groups["other"])


def naive_figures(*, on: datetime.date) -> dict[str, object]:
    """The baseline: the same figures, one service at a time, without prefetching."""
    target, current, years = Counter(), Counter(), Counter()
    blocked = 0
    pipeline: dict[int, bool] = {}
    for service in ServicePage.objects.all():
        target[service.target_state] += 1
        current[service.current_state] += 1
        if service.target_state == "automated":
            years[service.target_year] += 1
        rows = list(service.legal_basis.select_related("regulation"))
        for row in rows:
            if row.role in (BasisRole.REQUIRED_CHANGE, BasisRole.PENDING_CHANGE):
                pipeline[row.regulation_id] = row.regulation.is_in_force(on=on)
        if (
            service.target_state in GATED_STATES
            and service.current_state != service.target_state
            and not service.gate(on=on, to_state=service.target_state).allowed
        ):
            blocked += 1
    return {
        "total": sum(target.values()),
        "target": dict(target),
        "current": dict(current),
        "blocked": blocked,
        "pipeline": len(pipeline),
        "years": dict(years),
    }


def fast_figures(*, on: datetime.date) -> dict[str, object]:
    data = roadmap(on=on)
    return {
        "total": data.total,
        "target": {s.state: s.target for s in data.states if s.target},
        "current": {s.state: s.current for s in data.states if s.current},
        "blocked": len(data.blocked),
        "pipeline": sum(p.required for p in data.pipeline),
        "years": {int(r.key): r.target for r in data.years if r.target},
    }


def timed(fn, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return times


def measure(size: int, client: Client) -> None:
    runs = ARGS.baseline_runs if size <= 1000 else ARGS.large_baseline_runs
    client.get("/admin/peta-jalan-3c/", {"on": ON.isoformat()})  # warm caches
    with count_queries() as page_queries:
        response = client.get("/admin/peta-jalan-3c/", {"on": ON.isoformat()})
    if response.status_code != 200:
        raise SystemExit(f"The dashboard answered {response.status_code}.")
    renders = timed(
        lambda: client.get("/admin/peta-jalan-3c/", {"on": ON.isoformat()}),
        ARGS.renders,
    )
    fast_result, naive_result = fast_figures(on=ON), naive_figures(on=ON)
    if fast_result != naive_result:
        raise SystemExit(f"Figures differ: {fast_result} != {naive_result}")
    with count_queries() as fast_queries:
        fast_figures(on=ON)
    fast = timed(lambda: fast_figures(on=ON), runs)
    with count_queries() as naive_queries:
        naive_figures(on=ON)
    naive = timed(lambda: naive_figures(on=ON), runs)
    print(
        f"{size:>6} services | page render: median {statistics.median(renders):8.1f} ms, "
        f"p95 {percentile(renders, 0.95):8.1f} ms, {page_queries.count} queries "
        f"(n={ARGS.renders})"
    )
    print(
        f"{'':>6}          | figures: roadmap() median {statistics.median(fast):8.1f} ms "
        f"(p95 {percentile(fast, 0.95):.1f}, {fast_queries.count} queries) vs naive "
        f"loop median "
        f"{statistics.median(naive):8.1f} ms (p95 {percentile(naive, 0.95):.1f}, "
        f"{naive_queries.count} queries); ratio naive/roadmap "
        f"{statistics.median(naive) / statistics.median(fast):.1f}x "
        f"(n={runs})"
    )


def main() -> None:
    sizes = sorted(int(size) for size in ARGS.sizes.split(","))
    print(f"Database: {DB_PATH} (SQLite); dashboard as at {ON.isoformat()}")
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    print(f"migrate: {time.perf_counter() - started:.1f} s")
    registry = make_registry()
    home = Site.objects.get(is_default_site=True).root_page
    index = ServiceIndexPage(title="Layanan", slug="layanan")
    home.add_child(instance=index)
    user = get_user_model().objects.create_superuser("bench", "bench@example.com", "x")
    client = Client()
    client.force_login(user)
    created = 0
    for size in sizes:
        started = time.perf_counter()
        add_services(index, registry, start=created, count=size - created)
        created = size
        print(f"{size:>6} services inserted in {time.perf_counter() - started:.1f} s")
        measure(size, client)


if __name__ == "__main__":
    main()
