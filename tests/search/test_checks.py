"""System checks catch a search configuration that would fail at the first search."""

from search.checks import check_fts5, check_search_settings


def ids(errors) -> list[str]:
    return [error.id for error in errors]


def test_project_settings_pass(settings):
    assert check_search_settings() == []
    assert check_fts5() == []


def test_unknown_search_backend_alias_is_an_error(settings):
    settings.SEARCH_BACKEND = "elastic"
    errors = check_search_settings()
    assert ids(errors) == ["search.E001"]
    assert "'elastic'" in errors[0].msg


def test_stock_backend_without_the_tkb_index_is_an_error(settings):
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "search.backends.database"},
        "opensearch": {"BACKEND": "wagtail.search.backends.opensearch2"},
    }
    settings.SEARCH_BACKEND = "opensearch"
    assert ids(check_search_settings()) == ["search.E002"]


def test_missing_database_fallback_is_an_error(settings):
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "search.backends.opensearch", "URLS": ["http://x:9"]}
    }
    settings.SEARCH_BACKEND = "default"
    assert ids(check_search_settings()) == ["search.E003"]
