"""The application's Prometheus metrics and the /metrics exposition.

Names follow Prometheus conventions (base units, ``_total`` for counters). Each
gunicorn worker is a process of its own, so with ``PROMETHEUS_MULTIPROC_DIR`` set
(deploy/gunicorn.conf.py and deploy/prod.sh set it) prometheus-client writes every
worker's values to files there and the exposition adds them up.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

REQUEST_SECONDS = Histogram(
    "tkb_http_request_duration_seconds",
    "Time the application took to answer a request, by view.",
    ["view", "method", "status"],
    buckets=LATENCY_BUCKETS,
)
SEARCH_SECONDS = Histogram(
    "tkb_search_duration_seconds",
    "Time one search took, by the engine that answered it.",
    ["backend"],
    buckets=LATENCY_BUCKETS,
)
SEARCHES = Counter(
    "tkb_searches_total",
    "Searches answered, by engine and whether they found anything "
    '(zero-result rate: results="none" over all).',
    ["backend", "results"],
)
CACHE_REQUESTS = Counter(
    "tkb_cache_requests_total",
    "Lookups in the application's caches (page: whole public pages; render: "
    "rendered Markdown), by result (hit ratio: hit over all).",
    ["cache", "result"],
)
TASK_QUEUE_DEPTH_HELP = "Background tasks waiting for the worker (django-tasks)."


def search_observe(*, backend: str, seconds: float, total: int) -> None:
    """Count one search: its time and whether it found anything."""
    SEARCH_SECONDS.labels(backend=backend).observe(seconds)
    SEARCHES.labels(backend=backend, results="some" if total else "none").inc()


def cache_lookup(*, cache: str, hit: bool) -> None:
    """Count one lookup in an application cache."""
    CACHE_REQUESTS.labels(cache=cache, result="hit" if hit else "miss").inc()


class _QueueCollector:
    """Reads the task queue's depth when Prometheus scrapes (one COUNT query)."""

    def __init__(self, depth: Callable[[], int | None]) -> None:
        self.depth = depth

    def collect(self):
        depth = self.depth()
        if depth is not None:
            family = GaugeMetricFamily("tkb_task_queue_depth", TASK_QUEUE_DEPTH_HELP)
            family.add_metric([], depth)
            yield family


def exposition(*, queue_depth: Callable[[], int | None]) -> bytes:
    """The metrics text: this process's values, or every worker's when running
    multiprocess, followed by the task queue's depth read now."""
    if settings.PROMETHEUS_MULTIPROC_DIR:
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    queue = CollectorRegistry()
    queue.register(_QueueCollector(queue_depth))
    return generate_latest(registry) + generate_latest(queue)


def metrics_response(
    request: HttpRequest, *, queue_depth: Callable[[], int | None]
) -> HttpResponse:
    """GET /metrics in Prometheus' text format."""
    return HttpResponse(
        exposition(queue_depth=queue_depth), content_type=CONTENT_TYPE_LATEST
    )
