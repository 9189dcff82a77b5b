"""A request id for every request, in the response and in every log line written
while it is served; the front cache passes its own id on (X-Request-ID)."""

from __future__ import annotations

import contextvars
import json
import logging
import re
import time
import uuid

from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve

from observability.metrics import REQUEST_SECONDS

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar(
    "tkb_request_id", default=""
)
# An id passed in by the front is kept only when it looks like one (no log injection).
_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
HEADER = "X-Request-ID"


def current_request_id() -> str:
    """The id of the request being served in this thread, or ""."""
    return _request_id.get()


def _view_name(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return "<unresolved>"
    return match.view_name or match._func_path


class RequestIdMiddleware:
    """Gives each request an id (the front's, or a new one), times it by view for
    /metrics and returns the id in X-Request-ID."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get(HEADER, "")
        request_id = incoming if _VALID_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = _request_id.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        REQUEST_SECONDS.labels(
            view=_view_name(request),
            method=request.method if request.method in _METHODS else "other",
            status=str(response.status_code),
        ).observe(time.perf_counter() - started)
        response[HEADER] = request_id
        return response


_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every log record (empty outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id and the
    exception, for log collectors that read fields instead of text."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", ""),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)
