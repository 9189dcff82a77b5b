"""Overrides for the stock Wagtail site that bench/stock.sh generates with `wagtail start`.

Copied next to the generated production settings as `settings/local.py`, which the
template's production.py imports last. It only adds what a deployment has to add: the
database (PostgreSQL like ours, with persistent connections), a secret, the hosts, and
one article page model in the style of Wagtail's tutorial.
"""

import os

import dj_database_url

from .base import INSTALLED_APPS

INSTALLED_APPS = ["stockblog", *INSTALLED_APPS]
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
DATABASES = {
    "default": dj_database_url.config(env="DATABASE_URL", conn_max_age=600),
}
