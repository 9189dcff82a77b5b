"""Feed the three importers generated malformed lines on a scratch SQLite database.

    .venv/bin/python bench/fuzz_imports.py [--lines 1000] [--seed 7] [--keep DB]

Migrates a throw-away SQLite database, registers the regulations the service lines
cite, then imports --lines generated lines per importer (articles, regulations,
services as JSON Lines, plus a quarter as many service CSV files), each line as a
file of its own so that whatever changed in the database can be laid at its door.
The lines are those of the property tests (tests/ingest/fuzz.py): valid records
spoiled by wrong types, huge or control-laden text, lone surrogates, deep nesting,
repeated keys, bytes that are not UTF-8, cuts and byte-order marks.

Prints, per importer: lines tried, blank (nothing in them: readers skip them),
accepted (created, updated or unchanged), rejected,
exceptions that escaped (must be 0), half-written records (a file with no accepted
line that still changed a table; must be 0) and records not accounted for (must be
0). Exits non-zero if any of the last three is not 0.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--lines", type=int, default=1000, help="Generated lines per importer."
    )
    parser.add_argument("--seed", type=int, default=7, help="Seed of the generator.")
    parser.add_argument("--keep", help="Keep the SQLite database at this path.")
    return parser.parse_args()


ARGS = parse_args()
DB_PATH = Path(ARGS.keep) if ARGS.keep else Path(tempfile.mkdtemp()) / "fuzz.sqlite3"
os.environ["DATABASE_URL"] = f"sqlite:///{DB_PATH}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
# Pages, tasks and impact checks log a line each; the figures are what matters here.
os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from hypothesis import HealthCheck, Phase, given, seed, settings  # noqa: E402

from tests.catalogue.fixtures import make_registry  # noqa: E402
from tests.ingest.fuzz import (  # noqa: E402
    IMPORTERS,
    Tally,
    check_run,
    csv_files,
    jsonl_files,
)

SHOWN_EXCEPTIONS = 5


def fuzz(name: str, strategy, count: int, suffix: str, workdir: Path) -> Tally:
    """Import `count` generated one-line files; tally what happened."""
    importer = IMPORTERS[name]
    tally = Tally()
    shown: list[str] = []
    path = workdir / f"{name}{suffix}"

    @seed(ARGS.seed)
    @settings(
        max_examples=count,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(content=strategy)
    def run(content: bytes) -> None:
        path.write_bytes(content)
        try:
            failures = check_run(importer, path, content, tally)
        except Exception:  # noqa: BLE001 - an escaped exception is the figure counted
            tally.tried += 1
            tally.exceptions += 1
            if len(shown) < SHOWN_EXCEPTIONS:
                shown.append(traceback.format_exc(limit=-3))
            return
        for failure in failures:
            if len(shown) < SHOWN_EXCEPTIONS:
                shown.append(failure)

    run()
    for text in shown:
        print(f"  {name}: {text.strip()[:2000]}")
    return tally


def main() -> int:
    print(f"Scratch database: {DB_PATH}")
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    make_registry()
    print(f"  migrated and registry loaded in {time.perf_counter() - started:.1f} s")
    runs = [
        ("articles", jsonl_files(IMPORTERS["articles"]), ARGS.lines, ".jsonl"),
        ("regulations", jsonl_files(IMPORTERS["regulations"]), ARGS.lines, ".jsonl"),
        ("services", jsonl_files(IMPORTERS["services"]), ARGS.lines, ".jsonl"),
        ("services", csv_files(), max(ARGS.lines // 4, 1), ".csv"),
    ]
    header = (
        f"{'importer':<20}{'tried':>7}{'blank':>7}{'accepted':>10}{'rejected':>10}"
        f"{'exceptions':>12}{'half-written':>14}{'unreported':>12}{'seconds':>9}"
    )
    rows = []
    failed = False
    with tempfile.TemporaryDirectory() as workdir:
        for name, strategy, count, suffix in runs:
            began = time.perf_counter()
            tally = fuzz(name, strategy, count, suffix, Path(workdir))
            seconds = time.perf_counter() - began
            label = f"{name} ({suffix[1:]})"
            rows.append(
                f"{label:<20}{tally.tried:>7}{tally.blank:>7}{tally.accepted:>10}"
                f"{tally.rejected:>10}"
                f"{tally.exceptions:>12}{tally.half_written:>14}{tally.unreported:>12}"
                f"{seconds:>9.1f}"
            )
            failed |= bool(tally.exceptions or tally.half_written or tally.unreported)
    print(header)
    print("\n".join(rows))
    print(f"Total {time.perf_counter() - started:.1f} s.")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
