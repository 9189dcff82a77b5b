"""What to forget when content changes, and forgetting it once the change commits."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from wagtail.contrib.frontend_cache.utils import get_backends
from wagtail.models import Page, Site

from frontcache.backends import VarnishBackend

logger = logging.getLogger(__name__)

# Answers that may change with any page: every cached search and suggestion, and the
# sitemap (URL names from config.urls).
SEARCH_URL_NAMES = ("search", "search_api", "search_suggest")
SITEMAP_URL_NAME = "sitemap"
PAGE_CACHE_PREFIX = "frontcache:page:"


def page_cache_key(path: str) -> str:
    """The application page cache's key for a path (no query string: those are not
    cached)."""
    return PAGE_CACHE_PREFIX + path


def _reverse(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def page_paths(pages: Iterable[Page]) -> set[str]:
    """The URLs of `pages` and of every ancestor that lists them (topics up to the
    home page), with one query for all ancestors."""
    pages = list(pages)
    ancestor_paths = {
        page.path[:end]
        for page in pages
        for end in range(Page.steplen * 2, len(page.path), Page.steplen)
    }
    ancestors = Page.objects.filter(path__in=ancestor_paths)
    paths = set()
    for page in [*pages, *ancestors]:
        url = page.get_url()
        if url and url.startswith("/"):
            paths.add(url)
    return paths


def front_cache_purge(
    *,
    pages: Iterable[Page] = (),
    paths: Iterable[str] = (),
    prefixes: Iterable[str] = (),
) -> None:
    """Forget cached copies of `pages` and their parents' listings, of `paths` (any
    query string) and of everything under `prefixes`, plus the sitemap and every
    cached search answer, in the front and in the application's page cache.

    URLs are read now (before a move or slug change commits, the old ones are what
    the caches hold); the caches are told after the transaction commits, so no
    request can cache the old content again in between.
    """
    exact = page_paths(pages) | set(paths)
    sitemap = _reverse(SITEMAP_URL_NAME)
    if sitemap:
        exact.add(sitemap)
    banned = set(prefixes) | {
        url for name in SEARCH_URL_NAMES if (url := _reverse(name)) is not None
    }
    transaction.on_commit(lambda: _forget(exact, banned))


def front_cache_purge_page_ids(page_ids: Iterable[int]) -> int:
    """`front_cache_purge` for pages given by id (the registry knows pages only by
    id); returns how many pages were found."""
    pages = list(Page.objects.filter(pk__in=set(page_ids)))
    if pages:
        front_cache_purge(pages=pages)
    return len(pages)


def _forget(paths: set[str], prefixes: set[str]) -> None:
    cache.delete_many([page_cache_key(path) for path in paths])
    backends = get_backends()
    if not backends:
        return
    root = _root_url()
    for name, backend in backends.items():
        if isinstance(backend, VarnishBackend):
            backend.ban(paths=paths, prefixes=prefixes)
        else:
            backend.purge_batch([root + path for path in sorted(paths)])
            if prefixes:
                logger.warning("Front cache %s cannot ban prefixes %s", name, prefixes)
    logger.info(
        "Front cache purged %s paths and %s prefixes", len(paths), len(prefixes)
    )


def _root_url() -> str:
    site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        return site.root_url
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")
