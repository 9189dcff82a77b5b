"""Wagtail front-end cache backend for the Varnish configuration in deploy/varnish/.

Wagtail's HTTPBackend sends one PURGE per URL and waits without a time limit. This
one bans, in one request each, a path with any query string (``?page=2`` of a
listing too) or every path under a prefix (all cached search answers), and gives up
after ``TIMEOUT`` seconds so a slow front never holds up a publish.
"""

from __future__ import annotations

import logging
import re
from urllib.error import URLError
from urllib.parse import urlsplit
from urllib.request import Request, urlopen

from wagtail.contrib.frontend_cache.backends import HTTPBackend

logger = logging.getLogger(__name__)


class VarnishBackend(HTTPBackend):
    """PURGE a URL, or BAN paths by regular expression (X-Ban-Path header)."""

    def __init__(self, params) -> None:
        self.timeout = float(params.pop("TIMEOUT", 2.0))
        self.location = params["LOCATION"].rstrip("/")
        super().__init__(params)

    def _send(self, method: str, headers: dict[str, str]) -> bool:
        request = Request(  # noqa: S310 - LOCATION is the operator's configured front
            f"{self.location}/", method=method, headers=headers
        )
        try:
            with urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                return response.status == 200
        except (URLError, OSError) as err:
            logger.error("Front cache %s failed (%s): %s", method, headers, err)
            return False

    def ban(self, *, paths=(), prefixes=()) -> bool:
        """Forget every cached object whose path is one of `paths` (any query string)
        or starts with one of `prefixes`; one request."""
        patterns = [f"^{re.escape(path)}$" for path in sorted(set(paths))]
        patterns += [f"^{re.escape(prefix)}" for prefix in sorted(set(prefixes))]
        if not patterns:
            return True
        return self._send("BAN", {"X-Ban-Path": "|".join(patterns)})

    def purge(self, url: str) -> None:
        self.ban(paths=[urlsplit(url).path or "/"])

    def purge_batch(self, urls) -> None:
        self.ban(paths=[urlsplit(url).path or "/" for url in urls])
