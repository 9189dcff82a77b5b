"""Filing-season load on the production stack `make prod` runs (issue 14).

    make prod
    .venv/bin/python bench/load.py [--steps 1,4,16,64] [--seconds 10] [--requests 20000]
        [--front http://127.0.0.1:8080] [--app http://127.0.0.1:8001]
        [--stock http://127.0.0.1:8101/lupa-efin/]   # after `bash bench/stock.sh start`

Traffic goes to 127.0.0.1 only (other hosts are refused), and each step stops after
`--seconds` or `--requests`, whichever comes first. For each concurrency step it prints
throughput, p50/p95/p99 latency and errors (status >= 500 or no answer) of:

- `mix`: the filing-season mix through the front: article and FAQ reads, search,
  suggest-as-you-type and feedback posts (a 409/429 for a repeated answer is the
  application's answer, not an error);
- `article`: one article through the front (the cached read);
- `static`: one static file through the same front;
- `app`: the same article from gunicorn directly (the front bypassed);
- `stock`: a stock Wagtail article page (only with `--stock`, served by gunicorn with
  the same settings).
"""

from __future__ import annotations

import argparse
import http.client
import random
import re
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
QUERIES = [
    "lupa efin",
    "daftar npwp",
    "spt tahunan pegawai",
    "batas waktu lapor spt",
    "pph 21",
    "ppn",
    "keberatan",
    "e-bupot",
]


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Step:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, seconds: float, failed: bool) -> None:
        with self.lock:
            self.latencies.append(seconds)
            self.errors += failed


def loopback(url: str) -> tuple[str, int]:
    """Host and port of `url`, refusing anything but this machine."""
    parts = urlsplit(url)
    if parts.hostname not in LOOPBACK:
        raise SystemExit(f"{url}: only 127.0.0.1 may be loaded")
    return parts.hostname, parts.port or 80


def fetch(base: str, path: str) -> str:
    host, port = loopback(base)
    connection = http.client.HTTPConnection(host, port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
    finally:
        connection.close()
    if response.status != 200:
        raise SystemExit(f"{base}{path}: {response.status}")
    return text


def discover(front: str) -> dict[str, list[str]]:
    """Article and FAQ paths from the sitemap, a static file from the home page."""
    sitemap = fetch(front, "/sitemap.xml")
    paths = [urlsplit(url).path for url in re.findall(r"<loc>([^<]+)</loc>", sitemap)]
    faqs = [path for path in paths if "faq" in path or "tanya" in path]
    articles = [path for path in paths if path not in faqs and path.count("/") >= 3]
    home = fetch(front, "/")
    static = re.findall(r'(/static/[^"\']+\.css)', home)
    if not articles or not static:
        raise SystemExit("no articles in the sitemap or no stylesheet: run `make prod`")
    return {"articles": articles, "faqs": faqs or articles, "static": static[:1]}


def feedback_target(front: str, article: str) -> str | None:
    match = re.search(r'action="(/umpan-balik/\d+/)"', fetch(front, article))
    return match.group(1) if match else None


def season_mix(front: str, paths: dict[str, list[str]]) -> Callable[[], Request]:
    """The filing-season mix: mostly reads of the same few answers."""
    hot = paths["articles"][:10]
    faqs = paths["faqs"][:10]
    feedback = [p for p in (feedback_target(front, a) for a in hot[:3]) if p]

    def next_request() -> Request:
        roll = random.random()
        if roll < 0.45:
            return Request("GET", random.choice(hot))
        if roll < 0.65:
            return Request("GET", random.choice(faqs))
        query = random.choice(QUERIES)
        if roll < 0.80:
            return Request("GET", "/api/search/?" + urlencode({"q": query}))
        if roll < 0.95 or not feedback:
            typed = query[: random.randint(2, len(query))]
            return Request("GET", "/api/search/suggest/?" + urlencode({"q": typed}))
        return Request(
            "POST",
            random.choice(feedback),
            urlencode({"helpful": random.choice(["ya", "tidak"])}).encode(),
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/json",
            },
        )

    return next_request


def run_step(
    base: str, next_request: Callable[[], Request], clients: int, args
) -> tuple[Step, float]:
    host, port = loopback(base)
    step = Step()
    deadline = time.monotonic() + args.seconds
    budget = threading.Semaphore(args.requests)

    def client() -> None:
        connection = http.client.HTTPConnection(host, port, timeout=30)
        while time.monotonic() < deadline and budget.acquire(blocking=False):
            request = next_request()
            started = time.perf_counter()
            try:
                connection.request(
                    request.method,
                    request.path,
                    body=request.body or None,
                    headers=request.headers,
                )
                response = connection.getresponse()
                response.read()
                failed = response.status >= 500
            except (OSError, http.client.HTTPException):
                failed = True
                connection.close()
                connection = http.client.HTTPConnection(host, port, timeout=30)
            step.add(time.perf_counter() - started, failed)
        connection.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return step, time.perf_counter() - started


def percentile(values: list[float], share: float) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[int(share) - 1]


HEADER = (
    f"{'target':8} {'conc':>4} {'requests':>7} {'req/s':>9} "
    f"{'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>6}"
)


def report(
    name: str,
    clients: int,
    step: Step,
    seconds: float,
    extra: Callable[[float], str] | None = None,
) -> tuple[float, float]:
    """Print one step's row (`extra` adds a column from its p95); its rate and p95."""
    count = len(step.latencies)
    rate = count / seconds if seconds else 0.0
    ms = [value * 1000 for value in step.latencies]
    p95 = percentile(ms, 95)
    print(
        f"{name:8} {clients:>4} {count:>7} {rate:>9.1f} "
        f"{percentile(ms, 50):>8.1f} {p95:>8.1f} "
        f"{percentile(ms, 99):>8.1f} {step.errors:>6}" + (extra(p95) if extra else ""),
        flush=True,
    )
    return rate, p95


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--front", default="http://127.0.0.1:8080", help="Varnish.")
    parser.add_argument("--app", default="http://127.0.0.1:8001", help="gunicorn.")
    parser.add_argument(
        "--stock", help="A stock Wagtail article URL (same gunicorn settings)."
    )
    parser.add_argument(
        "--steps", default="1,4,16,64", help="Concurrent clients per step."
    )
    parser.add_argument("--seconds", type=float, default=10, help="Seconds per step.")
    parser.add_argument(
        "--requests", type=int, default=20_000, help="Most requests per step."
    )
    parser.add_argument("--seed", type=int, default=14, help="Random seed of the mix.")
    parser.add_argument(
        "--article",
        default="/efin-akun/lupa-efin/",
        help="The article of the `article` and `app` targets (the one bench/stock.sh copies).",
    )
    args = parser.parse_args()
    random.seed(args.seed)
    steps = [int(value) for value in args.steps.split(",")]
    for url in (args.front, args.app, args.stock):
        if url:
            loopback(url)

    paths = discover(args.front)
    article = (
        args.article if args.article in paths["articles"] else paths["articles"][0]
    )
    targets: list[tuple[str, str, Callable[[], Request]]] = [
        ("mix", args.front, season_mix(args.front, paths)),
        ("article", args.front, lambda: Request("GET", article)),
        ("static", args.front, lambda: Request("GET", paths["static"][0])),
        ("app", args.app, lambda: Request("GET", article)),
    ]
    if args.stock:
        stock = urlsplit(args.stock)
        targets.append(
            (
                "stock",
                f"{stock.scheme}://{stock.netloc}",
                lambda: Request("GET", stock.path or "/"),
            )
        )
    print(f"article {article}, static {paths['static'][0]}")
    print(HEADER)
    best: dict[str, float] = {}
    for clients in steps:
        for name, base, next_request in targets:
            if name != "mix":  # warm: the first answer is stored at the front
                fetch(base, next_request().path)
            step, seconds = run_step(base, next_request, clients, args)
            rate, _p95 = report(name, clients, step, seconds)
            best[name] = max(best.get(name, 0.0), rate)
    print(
        f"best: article through the front {best['article'] / best['static']:.0%} of the "
        f"static file; the app alone {best['app']:.1f} req/s"
        + (f", {best['app'] / best['stock']:.2f}x stock" if "stock" in best else "")
    )


if __name__ == "__main__":
    main()
