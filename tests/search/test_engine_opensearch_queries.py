"""The public search served by a real OpenSearch node, and its fallback to the database.

Runs when OPENSEARCH_URL is set (.ci/run starts a node; locally `scripts/opensearch.sh
start`). The indices get a prefix unique to this session and are deleted afterwards.
"""

from __future__ import annotations

import copy
import io
import logging
import socket
import uuid
from dataclasses import replace

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from opensearchpy import TransportError
from wagtail.search.backends import get_search_backend

from kb.models import FAQItem
from search import queries
from search.backends.base import DocumentEngine, EngineUnavailable, Filters
from search.lexicon import get_lexicon

pytestmark = [pytest.mark.opensearch, pytest.mark.django_db]

PREFIX = f"tkbtest_{uuid.uuid4().hex[:10]}_"


@pytest.fixture(scope="module")
def opensearch_conf():
    """The project's OpenSearch backend with a session-unique prefix; indices dropped after."""
    conf = copy.deepcopy(django_settings.WAGTAILSEARCH_BACKENDS["opensearch"])
    conf["INDEX_PREFIX"] = PREFIX
    conf["AUTO_UPDATE"] = True
    yield conf
    client = get_search_backend("opensearch", **copy.deepcopy(conf)).es
    names = list(client.indices.get(index=f"{PREFIX}*"))
    if names:
        client.indices.delete(index=",".join(names))


@pytest.fixture
def on_opensearch(settings, opensearch_conf):
    settings.WAGTAILSEARCH_BACKENDS = {
        **settings.WAGTAILSEARCH_BACKENDS,
        "opensearch": copy.deepcopy(opensearch_conf),
    }
    settings.SEARCH_BACKEND = "opensearch"
    return settings


@pytest.fixture
def indexed(on_opensearch, corpus):
    call_command("update_index", backend_name="opensearch", stdout=io.StringIO())
    return corpus


def slugs(outcome) -> list[str]:
    return [hit.slug for hit in outcome.hits]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("cara daftar npwp", "daftar-npwp"),
        ("cara lapor spt tahunan karyawan", "lapor-spt-pegawai"),
        ("pendaftaran nomor pokok wajib pajak", "daftar-npwp"),
        ("gimana kalo keberatan sama skp", "keberatan"),
        ("pengembalan kelebihan pajak", "restitusi"),
        ("insentif pajak terdampak wabah", "pmk-23-2020"),
    ],
)
def test_opensearch_finds_the_same_answers(indexed, query, expected):
    outcome = queries.search(query, log=False)
    assert outcome.backend == "opensearch"
    assert slugs(outcome)[0] == expected


def test_opensearch_faq_hits_facets_and_filters(indexed):
    outcome = queries.search("aktivasi efaktur", log=False)
    assert outcome.hits[0].url.endswith("#aktivasi-efaktur")
    efin = queries.search("efin", log=False)
    assert {f["value"]: f["count"] for f in efin.facets["type"]} == {
        "artikel": 1,
        "layanan": 1,
    }
    services = queries.search("efin", kinds=["layanan"], log=False)
    assert [hit.kind for hit in services.hits] == ["layanan"]
    assert services.total == 1
    assert {f["value"] for f in services.facets["audience"]} == set()


def test_opensearch_and_database_rank_alike(indexed, settings):
    query = "saya lupa efin dan tidak bisa login, harus bagaimana?"
    on_opensearch = slugs(queries.search(query, log=False))[:3]
    settings.SEARCH_BACKEND = "default"
    on_database = slugs(queries.search(query, log=False))[:3]
    assert on_opensearch == on_database


@pytest.mark.parametrize("enough", [1, 2, 10_000])
def test_opensearch_picks_the_tier_that_asking_each_in_turn_picks(indexed, enough):
    """One multi-search (the first tier in full, the others counted) chooses the same
    tier, with the same candidates, total and facets, as asking each tier in turn;
    `enough` makes the first, a middle or the last tier the one chosen."""
    engine = queries.engines()[0]
    lexicon = get_lexicon()
    for text in ("cara lapor spt tahunan karyawan", "lupa efin", "kode billing ppn"):
        tiers = queries.engine_queries(lexicon.plan(text), lexicon)
        tiers = [
            (query, enough * (position + 1))
            for position, (query, _n) in enumerate(tiers)
        ]
        chosen, retrieval = engine.retrieve_first(tiers, Filters(), limit=100)
        expected_query, expected = DocumentEngine.retrieve_first(
            engine, tiers, Filters(), limit=100
        )
        assert chosen == expected_query, text
        assert [c.key for c in retrieval.candidates] == [
            c.key for c in expected.candidates
        ]
        assert (retrieval.total, retrieval.facets) == (expected.total, expected.facets)


@pytest.mark.parametrize("enough", [1, 10_000])
def test_opensearch_asks_a_fallback_tier_only_when_the_tier_before_finds_too_few(
    indexed, enough
):
    """The fallback tier is left out of the multi-search; it is fetched, as when
    asking each tier in turn, only when the tier before it finds fewer than it needs."""
    engine = queries.engines()[0]
    lexicon = get_lexicon()
    tiers = queries.engine_queries(lexicon.plan("lupa efin"), lexicon)
    last, _n = tiers[-1]
    broad = replace(last, fallback=True, minimum_match=1)
    tiers = [*tiers[:-1], (last, enough), (broad, 0)]
    chosen, retrieval = engine.retrieve_first(tiers, Filters(), limit=100)
    expected_query, expected = DocumentEngine.retrieve_first(
        engine, tiers, Filters(), limit=100
    )
    assert chosen == expected_query
    assert (chosen is broad) == (enough == 10_000)
    assert [c.key for c in retrieval.candidates] == [c.key for c in expected.candidates]
    assert retrieval.total == expected.total


def test_opensearch_suggestions(indexed):
    assert queries.suggest("lupa ef")[0]["title"].startswith("Lupa EFIN")


def test_publishing_updates_the_opensearch_documents(indexed):
    faq = indexed.faq
    faq.items.add(
        FAQItem(
            question="Berapa lama sertifikat elektronik berlaku?", answer="Dua tahun."
        )
    )
    faq.save_revision().publish()
    outcome = queries.search("berapa lama sertifikat berlaku", log=False)
    assert outcome.backend == "opensearch"
    assert outcome.hits[0].title_text == "Berapa lama sertifikat elektronik berlaku?"
    indexed.articles["paket"].unpublish()
    assert "paket" not in slugs(queries.search("paket kiriman", log=False))


SHARD_LOST = {
    "type": "search_phase_execution_exception",
    "reason": "[Node 1][127.0.0.1:9362] Node not connected",
}


class ShardLost:
    """Fault injection in front of the real node: the first `failures` requests
    (searches or multi-searches) fail as a search does when a node leaves the cluster
    under it, as seen in CI on the 3-node cluster; every other request reaches the
    node. `per_answer`: a multi-search answers 200 with the error in one answer."""

    def __init__(self, monkeypatch, failures: int, *, per_answer: bool = False) -> None:
        self.failures, self.per_answer, self.requests = failures, per_answer, 0
        client = queries.engines()[0].client
        for name in ("msearch", "search"):
            monkeypatch.setattr(client, name, self._wrap(getattr(client, name)))

    def _wrap(self, method):
        def request(**arguments):
            self.requests += 1
            if self.requests > self.failures:
                return method(**arguments)
            if self.per_answer and method.__name__ == "msearch":
                response = method(**arguments)
                response["responses"][0] = {"error": SHARD_LOST, "status": 500}
                return response
            raise TransportError(500, SHARD_LOST["type"], {"error": SHARD_LOST})

        return request


@pytest.mark.parametrize("per_answer", [False, True])
def test_a_shard_lost_under_a_search_is_asked_again(indexed, monkeypatch, per_answer):
    """A node leaving the cluster between a search's phases fails it although other
    copies of the shards answer: the search is asked once more and answered by the
    engine, not by the database fallback."""
    with monkeypatch.context() as patched:
        counted = ShardLost(patched, 0)
        expected = slugs(queries.search("lupa efin", log=False))
    assert counted.requests >= 1
    fault = ShardLost(monkeypatch, 1, per_answer=per_answer)
    outcome = queries.search("lupa efin", log=False)
    assert outcome.backend == "opensearch"
    assert slugs(outcome) == expected
    # The failed request, and it again: one request more than without the fault.
    assert fault.requests == counted.requests + 1


def test_a_malformed_search_is_not_asked_again(indexed, monkeypatch):
    """The same error type with a client status (a query the engine cannot parse) is
    not a lost shard: it fails at once."""
    counted = ShardLost(monkeypatch, 0)
    body = {"query": {"query_string": {"query": "title_terms:(("}}}
    with pytest.raises(EngineUnavailable, match=r"400, 'search_phase_execution_exc"):
        queries.engines()[0]._search(body)
    assert counted.requests == 1


def test_a_shard_failure_that_lasts_falls_back_to_the_database(indexed, monkeypatch):
    """Asked once more only: a search that fails again is answered by the database."""
    monkeypatch.setattr(queries, "_down_until", {})
    fault = ShardLost(monkeypatch, 100)
    outcome = queries.search("keberatan", log=False)
    assert outcome.backend in {"sqlite", "postgresql"}
    assert slugs(outcome)[0] == "keberatan"
    assert fault.requests == 2


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_unreachable_node_falls_back_to_the_database(on_opensearch, corpus, caplog):
    conf = copy.deepcopy(on_opensearch.WAGTAILSEARCH_BACKENDS["opensearch"])
    conf["URLS"] = [f"http://127.0.0.1:{_closed_port()}"]
    conf["TIMEOUT"] = 2
    on_opensearch.WAGTAILSEARCH_BACKENDS = {
        **on_opensearch.WAGTAILSEARCH_BACKENDS,
        "opensearch": conf,
    }
    with caplog.at_level(logging.WARNING, logger="search.queries"):
        outcome = queries.search("lupa efin", log=False)
    assert outcome.backend in {"sqlite", "postgresql"}
    assert slugs(outcome)[0] == "lupa-efin"
    assert "unavailable" in caplog.text
    assert queries.suggest("lupa ef")[0]["title"].startswith("Lupa EFIN")
