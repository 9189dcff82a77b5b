"""Test settings: fast hashing, in-memory cache and mail, tasks run inline, fixed key."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-secret-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
WAGTAILADMIN_BASE_URL = "http://testserver"
WAGTAILAPI_BASE_URL = "http://testserver"
LANGUAGE_CODE = "id"
# Serve static files straight from the finders; no collectstatic needed outside production.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Tests query the database backend unless a test opts into the engine (marker
# `opensearch`), and never write into a developer's real OpenSearch indices.
SEARCH_BACKEND = "default"
if "opensearch" in WAGTAILSEARCH_BACKENDS:  # noqa: F405
    WAGTAILSEARCH_BACKENDS["opensearch"] = {  # noqa: F405
        **WAGTAILSEARCH_BACKENDS["opensearch"],  # noqa: F405
        "INDEX_PREFIX": "tkbtest_",
        "AUTO_UPDATE": False,
    }
# Article reads are written as they happen, so a test sees them at once.
KB_READ_COUNT_FLUSH_SECONDS = 0
# SQLite tests use a file, as a real SQLite site does: an in-memory shared-cache
# database answers "table is locked" at once where a file waits its busy timeout.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    (BASE_DIR / "var").mkdir(exist_ok=True)  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / "test.sqlite3")}  # noqa: F405
# One checkout's PostgreSQL test database never collides with another's on the same
# server (worktrees, CI next to a developer): the name carries the checkout's path.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    import hashlib

    _checkout = hashlib.sha1(str(BASE_DIR).encode()).hexdigest()[:8]  # noqa: F405, S324
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": f"test_{DATABASES['default']['NAME']}_{_checkout}"  # noqa: F405
    }
