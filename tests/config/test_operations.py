"""/healthz, /readyz, /metrics, request ids and structured logs (issue 14)."""

import json
import logging

import pytest
from django.test import override_settings

from observability.requests import JsonFormatter, RequestIdFilter


def test_healthz_answers_without_touching_anything(
    client, db, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


@pytest.mark.django_db
def test_readyz_reports_each_dependency(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ready",
        "checks": {"database": "ok", "search": "ok", "tasks": "ok"},
    }


@pytest.mark.django_db
def test_readyz_reports_a_stuck_task_queue_as_degraded(client, settings):
    from datetime import timedelta

    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="search.tasks.search_catch_up",
        backend_name="default",
        run_after=timezone.now() - timedelta(hours=1),
    )
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(hours=1))
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert "db_worker" in body["checks"]["tasks"]
    metrics = client.get("/metrics").content.decode()
    assert "tkb_task_queue_depth 1.0" in metrics


@pytest.mark.django_db
def test_metrics_count_requests_by_view_searches_and_cache_lookups(client, topic):
    client.get("/api/search/", {"q": "npwp"})
    client.get(topic.url)
    metrics = client.get("/metrics").content.decode()
    assert (
        'tkb_http_request_duration_seconds_count{method="GET",status="200",view="search_api"}'
        in metrics
    )
    assert 'tkb_searches_total{backend="' in metrics
    assert 'tkb_search_duration_seconds_bucket{backend="' in metrics


def test_a_request_id_from_the_front_is_kept_and_a_forged_one_replaced(client):
    kept = client.get("/healthz", headers={"X-Request-ID": "v123456"})
    assert kept["X-Request-ID"] == "v123456"
    forged = client.get("/healthz", headers={"X-Request-ID": "x\nINFO forged"})
    assert forged["X-Request-ID"] != "x\nINFO forged"
    assert len(forged["X-Request-ID"]) == 32


def test_json_log_lines_carry_the_request_id():
    record = logging.LogRecord(
        "kb.actions", logging.WARNING, __file__, 1, "Halo %s", ("dunia",), None
    )
    RequestIdFilter().filter(record)
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "Halo dunia"
    assert line["level"] == "WARNING"
    assert line["request_id"] == ""


@override_settings(PROMETHEUS_MULTIPROC_DIR="")
def test_metrics_are_prometheus_text(client, db):
    response = client.get("/metrics")
    assert response["Content-Type"].startswith("text/plain")
    assert (
        "# TYPE tkb_http_request_duration_seconds histogram"
        in response.content.decode()
    )
