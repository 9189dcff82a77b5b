"""Cache headers for public answers, and the application's own page cache.

``CacheHeadersMiddleware`` marks what a reader without a session may share with
every other reader (``Cache-Control: public, s-maxage``), so the front caches it;
anything with a cookie, a session, a CSP nonce or under an excluded path is left
alone. ``PageCacheMiddleware`` keeps such pages (without a query string) in the
shared Django cache too, so requests that pass the front (a purge, another front
node) are answered without rendering; ``front_cache_purge`` deletes them.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from frontcache.purge import page_cache_key
from observability import cache_lookup

SHAREABLE_STATUSES = frozenset({200, 301, 404, 410})
# Headers never replayed from the application's page cache.
_PER_RESPONSE = frozenset({"set-cookie", "x-request-id", "content-length"})


def seconds_to_midnight(now: datetime | None = None) -> int:
    """Seconds until the next local midnight, when every "as at today" changes."""
    now = timezone.localtime(now)
    midnight = datetime.combine(
        now.date() + timedelta(days=1), time.min, tzinfo=now.tzinfo
    )
    return max(1, int((midnight - now).total_seconds()))


def shared_seconds(status: int, *, now: datetime | None = None) -> int:
    """How long the front may keep a public answer: FRONT_CACHE_SECONDS (a minute for
    a missing page), never past local midnight."""
    limit = settings.FRONT_CACHE_SECONDS if status != 404 else 60
    return min(limit, seconds_to_midnight(now))


def _anonymous(request: HttpRequest) -> bool:
    return settings.SESSION_COOKIE_NAME not in request.COOKIES and not (
        request.headers.get("Authorization")
    )


def _excluded(path: str) -> bool:
    return any(path.startswith(prefix) for prefix in settings.FRONT_CACHE_EXCLUDE)


def shareable(request: HttpRequest, response: HttpResponse) -> bool:
    """Whether every reader may be given this response as it is.

    A reader without a session gets the same page whatever other cookies they send
    (Django adds ``Vary: Cookie`` once it has looked for a session and found none);
    the front drops such cookies and sends readers with a session to the application.
    """
    return (
        request.method in ("GET", "HEAD")
        and response.status_code in SHAREABLE_STATUSES
        and not response.has_header("Cache-Control")
        and not response.cookies
        and "nonce-" not in response.get("Content-Security-Policy", "")
        and not response.streaming
        and _anonymous(request)
        and not _excluded(request.path)
    )


class CacheHeadersMiddleware:
    """Sets ``Cache-Control: public, max-age=0, s-maxage=N`` on shareable answers:
    browsers ask again each time, the front keeps them N seconds or until purged."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if settings.FRONT_CACHE_SECONDS > 0 and shareable(request, response):
            response["Cache-Control"] = (
                f"public, max-age=0, s-maxage={shared_seconds(response.status_code)}"
            )
        return response


class PageCacheMiddleware:
    """Answers repeated anonymous GETs of public pages from the shared cache for at
    most PAGE_CACHE_SECONDS (0: off), never past midnight."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not self._cacheable_request(request):
            return self.get_response(request)
        key = page_cache_key(request.path)
        stored = cache.get(key)
        cache_lookup(cache="page", hit=stored is not None)
        if stored is not None:
            return self._replay(stored)
        response = self.get_response(request)
        if response.status_code == 200 and "public" in response.get(
            "Cache-Control", ""
        ):
            headers = [
                (name, value)
                for name, value in response.items()
                if name.lower() not in _PER_RESPONSE
            ]
            timeout = min(settings.PAGE_CACHE_SECONDS, seconds_to_midnight())
            cache.set(key, (headers, response.content), timeout)
        return response

    @staticmethod
    def _cacheable_request(request: HttpRequest) -> bool:
        return (
            settings.PAGE_CACHE_SECONDS > 0
            and request.method == "GET"
            and not request.META.get("QUERY_STRING")
            and _anonymous(request)
            and not _excluded(request.path)
        )

    @staticmethod
    def _replay(stored: tuple[list[tuple[str, str]], bytes]) -> HttpResponse:
        headers, content = stored
        response = HttpResponse(content)
        for name, value in headers:
            response[name] = value
        return response
