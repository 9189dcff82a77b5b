"""The relevance judgment set over the demo content, scored on every backend.

Thresholds are what the search reached when they were set; they may only go up.
The database run uses SQLite, or PostgreSQL when DATABASE_URL points there; the
OpenSearch run needs a node (OPENSEARCH_URL).
"""

from __future__ import annotations

import copy
import io
import uuid
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from wagtail.search.backends import get_search_backend

from search import queries
from search.evaluation import evaluate, load_judgments

JUDGMENTS = Path(__file__).resolve().parents[2] / "search/judgments/tkb-demo.jsonl"
THRESHOLDS = {"MRR@10": 0.955, "success@1": 0.92, "success@10": 1.0, "nDCG@10": 0.93}


def load_demo_content() -> None:
    for command in ("load_demo", "load_demo_regulations", "load_demo_services"):
        call_command(command, stdout=io.StringIO(), stderr=io.StringIO())
    call_command(
        "update_index", backend_name="default", verbosity=0, stdout=io.StringIO()
    )


def score() -> dict[str, float]:
    report = evaluate(
        load_judgments(JUDGMENTS),
        lambda text: [hit.slug for hit in queries.search(text, log=False).hits],
    )
    return report.metrics()


def assert_meets_thresholds(metrics: dict[str, float]) -> None:
    misses = {
        name: round(metrics[name], 3)
        for name, floor in THRESHOLDS.items()
        if metrics[name] < floor
    }
    assert not misses, f"below {THRESHOLDS}: {misses}"


def test_judgment_set_is_large_and_well_formed():
    judgments = load_judgments(JUDGMENTS)
    assert len(judgments) >= 100
    assert len({j.qid for j in judgments}) == len(judgments)


@pytest.mark.django_db
def test_database_backend_meets_the_relevance_thresholds(home_page):
    load_demo_content()
    assert queries.engines()[0].is_database
    assert_meets_thresholds(score())


@pytest.mark.opensearch
@pytest.mark.django_db
def test_opensearch_backend_meets_the_relevance_thresholds(home_page, settings):
    prefix = f"tkbtest_{uuid.uuid4().hex[:10]}_"
    conf = copy.deepcopy(django_settings.WAGTAILSEARCH_BACKENDS["opensearch"])
    conf["INDEX_PREFIX"] = prefix
    conf["AUTO_UPDATE"] = False
    settings.WAGTAILSEARCH_BACKENDS = {
        **settings.WAGTAILSEARCH_BACKENDS,
        "opensearch": conf,
    }
    settings.SEARCH_BACKEND = "opensearch"
    try:
        load_demo_content()
        call_command("update_index", backend_name="opensearch", stdout=io.StringIO())
        assert queries.engines()[0].name == "opensearch"
        assert_meets_thresholds(score())
    finally:
        client = get_search_backend("opensearch").es
        names = list(client.indices.get(index=f"{prefix}*"))
        if names:
            client.indices.delete(index=",".join(names))
