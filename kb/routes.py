"""Slugs a page directly under the home page may not take, because the site's own
routes (``config/urls.py``: /peraturan/, /cari/, /api/, /admin/ …) answer that address
before Wagtail's page catch-all, or another page type keeps it for itself."""

from __future__ import annotations

import re
from functools import cache

from django.conf import settings
from django.urls import LocalePrefixPattern, URLPattern, URLResolver, get_resolver
from django.utils.translation import gettext as _
from wagtail.models import Page, get_page_models

_FIRST_SEGMENT = re.compile(r"\^?([-\w]+)(?:/|\$|$)")


def _first_segments(patterns: list[URLPattern | URLResolver]) -> set[str]:
    segments: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern.pattern, LocalePrefixPattern):
            # The other languages' prefixes (/en/) are the site's own addresses too.
            segments |= {
                code
                for code, _name in settings.LANGUAGES
                if code != settings.LANGUAGE_CODE
            }
        route = str(pattern.pattern)
        if not route and isinstance(pattern, URLResolver):
            # An include at the root (Wagtail's own URLs): its routes are top-level too.
            segments |= _first_segments(pattern.url_patterns)
            continue
        found = _FIRST_SEGMENT.match(route)
        if found:
            segments.add(found.group(1))
    return segments


@cache
def _route_slugs(urlconf: str) -> frozenset[str]:
    return frozenset(_first_segments(get_resolver(urlconf).url_patterns))


def route_slugs() -> frozenset[str]:
    """The literal first path segments of the URL configuration (cari, peraturan …)."""
    return _route_slugs(get_resolver().urlconf_name)


def home_child_slug_error(*, slug: str, page_class: type[Page]) -> str | None:
    """Why a page of `page_class` directly under the home page may not have `slug`,
    or None. Page types that always take one slug there name it in `home_slug`."""
    if slug in route_slugs():
        return _(
            "slug '%(slug)s' sudah dipakai alamat situs /%(slug)s/, jadi halaman dengan "
            "slug ini tepat di bawah beranda tidak akan pernah tampil; pilih judul atau "
            "slug lain"
        ) % {"slug": slug}
    for model in get_page_models():
        if model is not page_class and getattr(model, "home_slug", "") == slug:
            return _(
                "slug '%(slug)s' disediakan untuk %(kind)s di bawah beranda; pilih judul "
                "atau slug lain"
            ) % {"slug": slug, "kind": model._meta.verbose_name}
    return None
