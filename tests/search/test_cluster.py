"""Search on a 3-node OpenSearch cluster while nodes stop (issue 14): one node down
costs no search, the whole engine down is answered by the database, and what was
published meanwhile reaches the engine by the catch-up when it returns.

Runs against the cluster `.ci/start-opensearch-cluster` starts; nodes are stopped and
started with scripts/opensearch-cluster.sh, and always started again afterwards.
"""

from __future__ import annotations

import copy
import io
import os
import subprocess
import threading
import time
from pathlib import Path

import pytest
import requests
from django.core.management import call_command
from django.db import connection
from django.test import Client
from wagtail.search.backends import get_search_backend

from search import queries
from search.models import SearchDocument
from tests.factories import ArticlePageFactory

pytestmark = [
    pytest.mark.cluster,
    pytest.mark.infrastructure,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "opensearch-cluster.sh"
NODES = (1, 2, 3)
QUERIES = ["lupa efin", "daftar npwp", "spt tahunan pegawai", "keberatan", "ppn"]


def cluster(*args: str) -> None:
    subprocess.run([str(SCRIPT), *args], check=True, capture_output=True, timeout=300)  # noqa: S603


def green(seconds: int) -> None:
    """Wait until some node reports the cluster green."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for url in os.environ["OPENSEARCH_CLUSTER_URLS"].split(","):
            try:
                health = requests.get(
                    f"{url}/_cluster/health",
                    params={"wait_for_status": "green", "timeout": "5s"},
                    timeout=10,
                )
            except requests.RequestException:
                continue
            if health.ok and health.json()["status"] == "green":
                return
        time.sleep(1)
    raise TimeoutError(f"the cluster was not green within {seconds} s")


@pytest.fixture
def cluster_engine(settings, corpus):
    """The OpenSearch backend on every node of the cluster, two replicas of each
    shard (every node holds everything), indexed with `update_index`."""
    backends = copy.deepcopy(settings.WAGTAILSEARCH_BACKENDS)
    index_settings = copy.deepcopy(settings.OPENSEARCH_INDEX_SETTINGS)
    index_settings["settings"]["index"] = {"number_of_replicas": 2}
    backends["opensearch"] = {
        "BACKEND": "search.backends.opensearch",
        "URLS": os.environ["OPENSEARCH_CLUSTER_URLS"].split(","),
        "INDEX_PREFIX": "tkbcluster_",
        "TIMEOUT": 30,
        "OPTIONS": {"max_retries": 2, "retry_on_timeout": True},
        "INDEX_SETTINGS": index_settings,
    }
    settings.WAGTAILSEARCH_BACKENDS = backends
    settings.OPENSEARCH_REPLICAS = 2
    settings.SEARCH_BACKEND = "opensearch"
    # This machine runs the suite beside three JVMs: give a loaded node time to answer.
    settings.SEARCH_ENGINE_TIMEOUT = 10
    queries._down_until.clear()
    backend = get_search_backend("opensearch")
    backend.tkb_engine.client.indices.delete(index="tkbcluster_*")
    call_command("update_index", backend_name="opensearch", stdout=io.StringIO())
    green(120)
    yield backend
    for node in NODES:
        cluster("start-node", str(node))
    queries._down_until.clear()
    backend.tkb_engine.client.indices.delete(index="tkbcluster_*")


class SearchLoad:
    """Threads searching without pause until stopped; every answer or failure kept."""

    def __init__(self, threads: int = 4) -> None:
        self.answers: list[tuple[str, str]] = []
        self.failures: list[str] = []
        self.statuses: list[int] = []
        self._stop = threading.Event()
        self._threads = [
            threading.Thread(target=self._run, args=(n,)) for n in range(threads)
        ]

    def _run(self, n: int) -> None:
        client = Client()
        try:
            i = n
            while not self._stop.is_set():
                query = QUERIES[i % len(QUERIES)]
                i += 1
                try:
                    outcome = queries.search(query, log=False)
                    self.answers.append((outcome.backend, query))
                except Exception as err:  # noqa: BLE001 - every failure is the finding
                    self.failures.append(repr(err)[:300])
                self.statuses.append(
                    client.get("/api/search/", {"q": query}).status_code
                )
        finally:
            connection.close()

    def __enter__(self) -> SearchLoad:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=60)


def test_one_node_of_three_stopped_under_search_load_fails_no_search(cluster_engine):
    with SearchLoad() as load:
        time.sleep(1.5)
        before = len(load.answers)
        cluster("stop-node", "2")
        stopped_at = len(load.answers)
        time.sleep(4)
    assert load.failures == []
    assert before > 0
    assert set(load.statuses) == {200}
    # Answered by the cluster itself after the node stopped, not by the fallback.
    assert len(load.answers) > stopped_at
    assert {backend for backend, _query in load.answers} == {"opensearch"}


def test_whole_engine_stopped_the_database_answers_and_catch_up_mends_the_index(
    cluster_engine, client, corpus
):
    engine = cluster_engine.tkb_engine
    with SearchLoad(threads=2) as load:
        time.sleep(1)
        for node in NODES:
            cluster("stop-node", str(node))
        time.sleep(2)
        # Published while the engine is unreachable: the publish itself succeeds.
        article = ArticlePageFactory(
            parent=corpus.topics["lainnya"],
            title="Kode billing kedaluwarsa",
            slug="billing-kedaluwarsa",
        )
        article.save_revision().publish()
        time.sleep(2)
    assert load.failures == []
    assert set(load.statuses) == {200}, "a 5xx while the engine was down"
    database = queries.engines()[1].name  # "sqlite" or "postgresql"
    assert load.answers[-1][0] == database
    for path in ("/cari/", "/api/search/", "/api/search/suggest/"):
        assert client.get(path, {"q": "billing"}).status_code == 200
    assert queries.search("kode billing", log=False).backend == database

    for node in NODES:
        cluster("start-node", str(node))
    green(180)
    expected = set(SearchDocument.objects.values_list("key", flat=True))
    assert expected - set(engine.digests()), "the new page should be missing"

    out = io.StringIO()
    call_command("search_catch_up", stdout=out)
    assert "1 hilang" in out.getvalue()
    assert expected - set(engine.digests()) == set()
    queries._down_until.clear()
    outcome = queries.search("kode billing kedaluwarsa", log=False)
    assert outcome.backend == "opensearch"
    assert outcome.hits[0].slug == "billing-kedaluwarsa"
    # A second run finds nothing to do.
    out = io.StringIO()
    call_command("search_catch_up", stdout=out)
    assert "0 hilang, 0 usang, 0 berlebih" in out.getvalue()
