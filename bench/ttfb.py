"""Time to first byte of each public page type, as a server under production settings
answers it (issue 12's closing figures).

    DATABASE_URL=sqlite:///demo.sqlite3 .venv/bin/python bench/ttfb.py \
        --base http://127.0.0.1:8001 [--repeat 30]

The URLs are read from the same database the server uses (the first live page of each
type, the first published regulation), so run it against the database the server
serves. Each URL is fetched `--repeat` times, one request at a time, after one warm-up
fetch; a static file from the same server is the baseline of the same run. Printed per
page type: status, the first fetch's time (caches cold), median and p95 time to the
response's first byte (headers read), and the ratio of the median to the static file's. Only 127.0.0.1/localhost are accepted.
"""

from __future__ import annotations

import argparse
import http.client
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
LOOPBACK = {"127.0.0.1", "localhost"}


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8001")
    parser.add_argument("--repeat", type=int, default=30)
    return parser.parse_args()


def page_paths() -> list[tuple[str, str]]:
    """(page type, path) for each public page type in the served database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()
    from django.templatetags.static import static

    from catalogue.models import ServiceIndexPage, ServicePage
    from kb.models import ArticlePage, FAQPage, HomePage, TopicIndexPage
    from regulations.models import Regulation

    paths = [("static file (baseline)", static("css/site.css"))]
    for label, model in [
        ("home", HomePage),
        ("topic", TopicIndexPage),
        ("article", ArticlePage),
        ("FAQ", FAQPage),
        ("service catalogue", ServiceIndexPage),
        ("service", ServicePage),
    ]:
        page = model.objects.live().order_by("path").first()
        if page is not None:
            paths.append((label, page.url))
    regulation = Regulation.objects.published().order_by("pk").first()
    paths += [
        ("registry", "/peraturan/"),
        ("regulation", regulation.get_absolute_url()) if regulation else None,
        ("search", "/cari/?q=cara+lapor+spt+tahunan"),
        ("search API", "/api/search/?q=lupa+efin"),
        ("English home", "/en/"),
        ("English catalogue", "/en/layanan/"),
    ]
    return [item for item in paths if item]


def ttfb(connection: http.client.HTTPConnection, path: str) -> tuple[int, float]:
    started = time.perf_counter()
    connection.request("GET", path, headers={"Accept-Encoding": "gzip"})
    response = connection.getresponse()
    elapsed = time.perf_counter() - started
    response.read()
    return response.status, elapsed * 1000


def main() -> None:
    args = parse_args()
    base = urlsplit(args.base)
    if base.hostname not in LOOPBACK:
        raise SystemExit(
            f"--base must be on 127.0.0.1 or localhost, not {base.hostname}"
        )
    paths = page_paths()
    connection = http.client.HTTPConnection(base.hostname, base.port or 80, timeout=30)
    rows = []
    for label, path in paths:
        status, first = ttfb(connection, path)  # the first answer fills the caches
        times = sorted(ttfb(connection, path)[1] for _ in range(args.repeat))
        p95 = times[int(0.95 * (len(times) - 1))]
        rows.append((label, path, status, first, statistics.median(times), p95))
    baseline = rows[0][4]
    print(
        f"{'page type':<24} {'status':>6} {'first':>9} {'median':>9} {'p95':>9}"
        f" {'x static':>9}  path"
    )
    for label, path, status, first, median, p95 in rows:
        print(
            f"{label:<24} {status:>6} {first:>7.1f}ms {median:>7.1f}ms {p95:>7.1f}ms"
            f" {median / baseline:>9.1f}  {path}"
        )
    print(
        f"{args.repeat} sequential requests per page after one warm-up, one connection"
    )


if __name__ == "__main__":
    main()
