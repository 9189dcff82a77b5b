"""System checks for the search settings: fail at start-up, not on the first search."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, register

DATABASE_BACKEND = "search.backends.database"
TKB_BACKENDS = (DATABASE_BACKEND, "search.backends.opensearch")


@register(Tags.compatibility)
def check_search_settings(app_configs=None, **kwargs) -> list[Error]:
    """SEARCH_BACKEND names a TKB backend, and a database backend is there to fall back on."""
    errors: list[Error] = []
    backends = getattr(settings, "WAGTAILSEARCH_BACKENDS", {})
    alias = getattr(settings, "SEARCH_BACKEND", "default")
    if alias not in backends:
        errors.append(
            Error(
                f"SEARCH_BACKEND is {alias!r}, which is not a key of "
                "WAGTAILSEARCH_BACKENDS.",
                hint=f"Use one of {', '.join(sorted(backends)) or '(none)'}, or unset "
                "SEARCH_BACKEND to use 'default'.",
                id="search.E001",
            )
        )
    elif backends[alias].get("BACKEND") not in TKB_BACKENDS:
        errors.append(
            Error(
                f"WAGTAILSEARCH_BACKENDS[{alias!r}] uses "
                f"{backends[alias].get('BACKEND')!r}, which lacks the TKB search index.",
                hint=f"Set its BACKEND to one of {', '.join(TKB_BACKENDS)}.",
                id="search.E002",
            )
        )
    if not any(conf.get("BACKEND") == DATABASE_BACKEND for conf in backends.values()):
        errors.append(
            Error(
                "No WAGTAILSEARCH_BACKENDS entry uses search.backends.database; search "
                "needs it for spelling, ranking statistics and as the fallback when "
                "OpenSearch is unreachable.",
                hint='Keep "default": {"BACKEND": "search.backends.database"}.',
                id="search.E003",
            )
        )
    return errors


@register(Tags.compatibility)
def check_fts5(app_configs=None, **kwargs) -> list[Error]:
    """SQLite databases need FTS5 (with column filters) for the search index."""
    from django.db import connections
    from modelsearch.backends.database.sqlite.utils import fts5_available

    sqlite = [alias for alias in connections if connections[alias].vendor == "sqlite"]
    if not sqlite or fts5_available():
        return []
    return [
        Error(
            "This Python's SQLite lacks FTS5 (3.19+), which the search index needs "
            f"for database {sqlite[0]!r}.",
            hint="Use a Python build whose SQLite has FTS5 (most have), or PostgreSQL.",
            id="search.E004",
        )
    ]
