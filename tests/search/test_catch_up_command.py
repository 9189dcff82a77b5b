"""search_catch_up refuses what it cannot do, in Indonesian (the engine itself is
tested in test_cluster.py)."""

import io

import pytest
from django.core.management import CommandError, call_command


def test_an_unknown_backend_is_refused_naming_the_configured_ones():
    with pytest.raises(
        CommandError, match="tidak dikonfigurasi; pilih salah satu: default"
    ):
        call_command("search_catch_up", "--backend", "elastic", stdout=io.StringIO())


@pytest.mark.django_db
def test_the_database_index_has_nothing_to_catch_up():
    out = io.StringIO()
    call_command("search_catch_up", "--backend", "default", stdout=out)
    assert "0 hilang, 0 usang, 0 berlebih" in out.getvalue()


@pytest.mark.django_db
def test_an_unreachable_engine_is_reported_and_nothing_written(settings):
    settings.WAGTAILSEARCH_BACKENDS = {
        **settings.WAGTAILSEARCH_BACKENDS,
        "gone": {
            "BACKEND": "search.backends.opensearch",
            "URLS": ["http://127.0.0.1:9"],
            "INDEX_PREFIX": "tkbgone_",
            "TIMEOUT": 1,
            "OPTIONS": {"max_retries": 0},
        },
    }
    with pytest.raises(CommandError, match="tidak dapat dihubungi"):
        call_command("search_catch_up", "--backend", "gone", stdout=io.StringIO())
