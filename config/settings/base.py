"""Base settings: everything lives here, secure by default; environments override a few values."""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
SITE_DIR = BASE_DIR / "site"


def env_bool(name: str, default: bool = False) -> bool:
    """Read a boolean environment variable ("1", "true", "yes", "on" are true)."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    """Read a comma-separated environment variable into a list of non-empty items."""
    value = os.environ.get(name)
    if not value:
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "operations",
    "search",
    "catalogue",
    "kb",
    "regulations",
    "frontcache",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.settings",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "observability.requests.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The page cache answers before sessions are read; headers are set inside it.
    "frontcache.middleware.PageCacheMiddleware",
    "frontcache.middleware.CacheHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language comes from the URL: /en/… is English, every other public URL and the
    # admin are Indonesian (config.urls: i18n_patterns without a prefix for Indonesian),
    # so responses do not vary on Accept-Language.
    "kb.i18n.PathLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SITE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while an import writes; a busy timeout avoids "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            # WAL as the comment above says; NORMAL sync is safe with WAL and keeps
            # each search-log write from costing several fsyncs.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

# Connection pooling (Django's psycopg pool): each process keeps up to this many
# connections, and Django has the pool check one before lending it, so a database
# restart costs the requests in flight, never the app (0: a connection per request,
# or CONN_MAX_AGE).
DATABASE_POOL_SIZE = int(os.environ.get("DATABASE_POOL_SIZE", "0"))
if DATABASE_POOL_SIZE and DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1,
        "max_size": DATABASE_POOL_SIZE,
        "timeout": float(os.environ.get("DATABASE_POOL_TIMEOUT", "5")),
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
# locale/en: the public site in English. locale/id: what Wagtail's own Indonesian
# catalogue (id_ID, which gettext finds for "id") lacks, and one word for each page
# state across the admin (terbit, draf …); it wins over Wagtail's.
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]
DATE_FORMAT = "j F Y"  # outside any active language (background tasks)
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "static"))
STATICFILES_DIRS = [SITE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# One process's memory by default; production shares one cache between every worker
# (production.py), so a purge or a registry change reaches them all.
CACHES = {
    "default": {
        "BACKEND": os.environ.get(
            "DJANGO_CACHE_BACKEND", "django.core.cache.backends.locmem.LocMemCache"
        ),
        "LOCATION": os.environ.get("DJANGO_CACHE_LOCATION", "tkb_cache"),
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }
}

# Front cache (deploy/varnish/): public answers carry s-maxage FRONT_CACHE_SECONDS
# (never past local midnight) and are purged when content changes (frontcache/).
FRONT_CACHE_URL = os.environ.get("FRONT_CACHE_URL", "")
FRONT_CACHE_SECONDS = int(os.environ.get("FRONT_CACHE_SECONDS", "3600"))
# Search answers and suggestions are shared this long (purged on publish too).
SEARCH_CACHE_SECONDS = int(os.environ.get("SEARCH_CACHE_SECONDS", "30"))
# Public pages kept in the shared Django cache for requests that reach the app (0: off).
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "0"))
# Paths never marked shareable nor kept by the page cache.
FRONT_CACHE_EXCLUDE = [
    "/admin/",
    "/django-admin/",
    "/cari/",
    "/api/",
    "/umpan-balik/",
    "/baca/",
    "/dokumen/",
    "/metrics",
    "/healthz",
    "/readyz",
]
if FRONT_CACHE_URL:
    WAGTAILFRONTENDCACHE = {
        "front": {
            "BACKEND": "frontcache.backends.VarnishBackend",
            "LOCATION": FRONT_CACHE_URL,
        }
    }

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
# Hosts editors' Markdown may show images from (besides this site), over HTTPS only.
KB_CONTENT_IMAGE_HOSTS = env_list(
    "KB_CONTENT_IMAGE_HOSTS", ["www.pajak.go.id", "pajak.go.id"]
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"
# Content-Security-Policy of the public site (django-csp): scripts and styles only from
# this site's static files (or with the response's nonce), images from this site and
# the hosts editors may use, nothing framed, no plugins. The Wagtail admin (and its
# previews) needs inline code and is left to its own defaults.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [
            SELF,
            "data:",
            *(f"https://{host}" for host in KB_CONTENT_IMAGE_HOSTS),
        ],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}
# Browser features the site never uses (django-permissions-policy).
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
}
# Wagtail's admin shows page previews in a same-origin iframe, so DENY would break it.
SILENCED_SYSTEM_CHECKS = ["security.W019"]

EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "tkb@localhost")

# "json": one JSON object per line (time, level, logger, message, request_id).
LOG_FORMAT = os.environ.get("DJANGO_LOG_FORMAT", "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "observability.requests.RequestIdFilter"}},
    "formatters": {
        "text": {
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
        },
        "json": {"()": "observability.requests.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {
        "handlers": ["console"],
        "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO"),
    },
}

# Wagtail
WAGTAIL_SITE_NAME = "Tax Knowledge Base DJP"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# English content where editors translate a page (Wagtail's "Terjemahkan"); every
# other page is shown in Indonesian inside the English site (kb.i18n).
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# Editors, reviewers and the legal team work in one language.
WAGTAILADMIN_PERMITTED_LANGUAGES = [("id", "Bahasa Indonesia")]
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "odt", "ods", "csv", "txt"]
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
WAGTAIL_MODERATION_ENABLED = True
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
WAGTAILAPI_LIMIT_MAX = 100
WAGTAILSEARCH_HITS_MAX_AGE = 90

SEARCH_INDEX_PREFIX = os.environ.get("SEARCH_INDEX_PREFIX", "tkb_")
# One node, or every node of a cluster (comma-separated): the client moves to the
# next node when one stops answering.
OPENSEARCH_URL = os.environ.get("OPENSEARCH_URL", "")
# Copies of each shard on other nodes (a cluster of n nodes survives n-1 with n-1).
OPENSEARCH_REPLICAS = int(os.environ.get("OPENSEARCH_REPLICAS", "0"))
# Abbreviations readers type for the words articles spell out (and back), one group of
# equivalents per line in Solr synonym format. OpenSearch expands them at query time.
SEARCH_SYNONYMS = [
    "npwp, nomor pokok wajib pajak",
    "nik, nomor induk kependudukan",
    "spt, surat pemberitahuan",
    "pph, pajak penghasilan",
    "ppn, pajak pertambahan nilai",
    "ppnbm, pajak penjualan atas barang mewah",
    "pkp, pengusaha kena pajak",
    "efin, electronic filing identification number",
    "efaktur, e-faktur, faktur elektronik",
    "ebupot, e-bupot, bukti potong elektronik",
]
# Indonesian analysis for OpenSearch, as the index-wide "default" (indexing) and
# "default_search" (querying) analyzers, so every Wagtail SearchField and the _all_text
# catch-all use it; autocomplete fields keep Wagtail's own edge-ngram analyzer.
# Chain: lowercase, asciifolding, a short stopword list of function words only (the
# built-in _indonesian_ list also drops "lebih", "tidak" and "paling", which carry meaning
# in "lebih bayar", "tidak dipungut", "paling lambat"), keyword_marker for tax terms the
# Lucene Indonesian stemmer would merge with unrelated words (keberatan -> berat,
# masukan -> masu, keluaran -> luar, penghasilan -> hasil, pendapatan -> dapat,
# pengembalian -> embali, perpajakan -> paja), the stemmer, then stemmer_override
# mending stems where the stemmer drops a nasal-substituted first letter
# (pemungutan -> ungut, pemotongan -> otong, ...). Synonyms apply at query time only.
# Changing any of this needs `manage.py update_index`. Evidence: README, "Search".
OPENSEARCH_INDEX_SETTINGS = {
    "settings": {
        "index": {"number_of_replicas": OPENSEARCH_REPLICAS},
        "analysis": {
            "filter": {
                "tkb_stop": {
                    "type": "stop",
                    "stopwords": (  # noqa: SIM905 - a word list reads best as text
                        "yang dan di ke dari untuk dengan pada dalam atau ini itu"
                        " adalah ialah yaitu yakni akan oleh sebagai juga karena bahwa"
                        " agar supaya maka serta para bagi tersebut ada telah sudah"
                        " saat jika apabila bila kami kita anda saya kamu mereka ia"
                        " dia pun lah kah sebuah suatu seorang secara antara hingga"
                        " sampai terhadap melalui tentang seperti namun tetapi apa"
                        " bagaimana mengapa kenapa kapan siapa berapa mana"
                    ).split(),
                },
                "tkb_protect": {
                    "type": "keyword_marker",
                    "keywords": [
                        "keberatan",
                        "masukan",
                        "keluaran",
                        "penghasilan",
                        "pendapatan",
                        "pengembalian",
                        "perpajakan",
                    ],
                },
                "tkb_stem": {"type": "stemmer", "language": "indonesian"},
                "tkb_stem_repair": {
                    "type": "stemmer_override",
                    "rules": [
                        "ungut => pungut",
                        "otong => potong",
                        "eriksa => periksa",
                        "ena => kena",
                        "urang => kurang",
                        "itahu => beritahu",
                        "embali, mbali => kembali",
                        "tilai => nila",
                    ],
                },
                "tkb_synonyms": {"type": "synonym_graph", "synonyms": SEARCH_SYNONYMS},
            },
            "analyzer": {
                "default": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": [
                        "lowercase",
                        "asciifolding",
                        "tkb_stop",
                        "tkb_protect",
                        "tkb_stem",
                        "tkb_stem_repair",
                    ],
                },
                "default_search": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": [
                        "lowercase",
                        "asciifolding",
                        "tkb_synonyms",
                        "tkb_stop",
                        "tkb_protect",
                        "tkb_stem",
                        "tkb_stem_repair",
                    ],
                },
            },
        },
    }
}
WAGTAILSEARCH_BACKENDS = {
    # Wagtail's database backend plus the analysed TKB documents (search/backends/).
    "default": {"BACKEND": "search.backends.database"},
}
if OPENSEARCH_URL:
    WAGTAILSEARCH_BACKENDS["opensearch"] = {
        "BACKEND": "search.backends.opensearch",  # opensearch2 + TKB documents
        "URLS": env_list("OPENSEARCH_URL"),
        "INDEX_PREFIX": SEARCH_INDEX_PREFIX,
        "TIMEOUT": 10,
        # A node that stops mid-request: the client asks another one.
        "OPTIONS": {"max_retries": 2, "retry_on_timeout": True},
        "INDEX_SETTINGS": OPENSEARCH_INDEX_SETTINGS,
    }
# The WAGTAILSEARCH_BACKENDS alias the search layer queries (search.checks validates it).
SEARCH_BACKEND = os.environ.get(
    "SEARCH_BACKEND", "opensearch" if OPENSEARCH_URL else "default"
)

# django-tasks: the database queue in production, run inline elsewhere.
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "DJANGO_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"
        )
    }
}

# Public feedback widget: how many answers one visitor may send per hour.
KB_FEEDBACK_RATE_PER_HOUR = int(os.environ.get("KB_FEEDBACK_RATE_PER_HOUR", "20"))
# Reverse proxies in front of the app that append to X-Forwarded-For (0: use REMOTE_ADDR).
KB_TRUSTED_PROXY_HOPS = int(os.environ.get("KB_TRUSTED_PROXY_HOPS", "0"))
# Rendered Markdown is cached; without a shared cache another process may show a
# rendering this many seconds older than a registry change.
KB_RENDER_CACHE_SECONDS = int(os.environ.get("KB_RENDER_CACHE_SECONDS", "600"))
# Article reads are buffered per process and written at most this often (0: at once).
KB_READ_COUNT_FLUSH_SECONDS = float(os.environ.get("KB_READ_COUNT_FLUSH_SECONDS", "30"))

# Operations: /metrics adds up every gunicorn worker's values from this folder
# (prometheus-client's multiprocess mode; empty: this process only).
PROMETHEUS_MULTIPROC_DIR = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")
# /readyz reports the task worker down when a task has waited longer than this.
READYZ_TASK_DELAY_SECONDS = int(os.environ.get("READYZ_TASK_DELAY_SECONDS", "120"))
