"""What operators watch: request ids in structured logs and Prometheus metrics.

Below every app (like ``ingest``), so the search layer, the knowledge base and the
front cache can all count what they do; it imports no app. Metrics come from
prometheus-client; under gunicorn every worker writes them into
``settings.PROMETHEUS_MULTIPROC_DIR`` and ``/metrics`` adds them up.
"""

from observability.metrics import (
    CACHE_REQUESTS,
    REQUEST_SECONDS,
    SEARCH_SECONDS,
    SEARCHES,
    cache_lookup,
    search_observe,
)
from observability.requests import current_request_id

__all__ = [
    "CACHE_REQUESTS",
    "REQUEST_SECONDS",
    "SEARCHES",
    "SEARCH_SECONDS",
    "cache_lookup",
    "current_request_id",
    "search_observe",
]
