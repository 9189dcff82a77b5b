"""Operations endpoints: /healthz (the process answers), /readyz (what it depends on)
and /metrics (Prometheus). The front never serves /metrics (deploy/varnish/)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from observability.metrics import metrics_response
from search.queries import engines

DATABASE_TASKS = "django_tasks_db.DatabaseBackend"


@require_safe
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness: the process serves requests (nothing else is touched)."""
    return HttpResponse("ok", content_type="text/plain")


def _database() -> str | None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as err:
        return f"unreachable: {err}"[:300]
    return None


def _search() -> str | None:
    primary, fallback = engines()
    problem = primary.health()
    if problem and fallback is not None:
        return f"{primary.name} {problem}; searches use {fallback.name}"
    return problem


def task_queue_depth() -> int | None:
    """Tasks waiting for the database worker (None with another task backend)."""
    if settings.TASKS["default"]["BACKEND"] != DATABASE_TASKS:
        return None
    from django_tasks_db.models import DBTaskResult

    try:
        return DBTaskResult.objects.ready().count()
    except DatabaseError:
        return None


def _tasks() -> str | None:
    if settings.TASKS["default"]["BACKEND"] != DATABASE_TASKS:
        return None  # tasks run inline
    from django_tasks_db.models import DBTaskResult

    limit = timezone.now() - timedelta(seconds=settings.READYZ_TASK_DELAY_SECONDS)
    try:
        waiting = DBTaskResult.objects.ready().filter(enqueued_at__lt=limit).count()
    except DatabaseError as err:
        return f"queue unreadable: {err}"[:300]
    if waiting:
        return (
            f"{waiting} tasks waiting over {settings.READYZ_TASK_DELAY_SECONDS} s: "
            "is `manage.py db_worker` running?"
        )
    return None


@require_safe
@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness: 503 when the database does not answer (nothing can be served);
    a search engine or task worker in trouble is reported as degraded (searches fall
    back to the database, tasks wait), with the reason."""
    database = _database()
    checks = {
        "database": database,
        "search": _search(),
        "tasks": _tasks() if database is None else "not checked: no database",
    }
    status = "down" if database else "degraded" if any(checks.values()) else "ready"
    return JsonResponse(
        {
            "status": status,
            "checks": {name: problem or "ok" for name, problem in checks.items()},
        },
        status=503 if database else 200,
    )


@require_safe
@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus metrics of every worker (see observability.metrics)."""
    return metrics_response(request, queue_depth=task_queue_depth)
