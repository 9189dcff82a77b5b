"""gunicorn settings for TKB (``gunicorn -c deploy/gunicorn.conf.py config.wsgi``).

Values come from the environment deploy/prod.sh (or the service manager) sets; the
defaults suit one machine behind the front cache in deploy/varnish/.
"""

import os

from prometheus_client import multiprocess

bind = os.environ.get("TKB_GUNICORN_BIND", "127.0.0.1:8001")
workers = int(os.environ.get("TKB_GUNICORN_WORKERS", "2"))
worker_class = "sync"
# A sync worker serves one request at a time; the front keeps client connections.
keepalive = 5
timeout = 60
graceful_timeout = 30
max_requests = 20000
max_requests_jitter = 2000
accesslog = os.environ.get("TKB_GUNICORN_ACCESS_LOG") or None
errorlog = "-"
proc_name = "tkb"


def child_exit(server, worker):
    """A stopped worker's live gauges leave the /metrics sums (multiprocess mode)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.mark_process_dead(worker.pid)
