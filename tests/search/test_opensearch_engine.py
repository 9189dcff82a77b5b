"""Wagtail's OpenSearch backend on a real node: Indonesian analysis, synonyms, failures.

Runs only when OPENSEARCH_URL is set (.ci/run starts a node; locally
`scripts/opensearch.sh start`). Indices use a prefix unique to this test session and are
deleted afterwards, so a developer's own `tkb_` indices are never touched.
"""

from __future__ import annotations

import copy
import io
import socket
import time
import uuid

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from opensearchpy import ConnectionError as OpenSearchConnectionError
from wagtail.search.backends import get_search_backend

from kb.models import ArticlePage
from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.opensearch

INDEX_PREFIX = f"tkbtest_{uuid.uuid4().hex[:12]}_"

ARTICLES = {
    "pph22": ("PPh Pasal 22 atas pembelian", "Pajak ini dipungut oleh bendahara."),
    "npwp": ("Cara mendaftar NPWP", "Daftar lewat DJP Online tanpa ke kantor."),
    "address": ("Memperbarui alamat", "Ubah alamat pada Nomor Pokok Wajib Pajak."),
    "objection": ("Keberatan atas ketetapan pajak", "Ajukan paling lambat 3 bulan."),
    "parcel": ("Batas berat paket dokumen", "Berat paket paling banyak 2 kilogram."),
    "refund": ("SPT Tahunan lebih bayar", "Pengembalian diberikan setelah diperiksa."),
    "relogin": ("Sesi DJP Online habis", "Tutup peramban, lalu login kembali."),
}


@pytest.fixture(scope="module")
def backend_conf():
    """The project's OpenSearch settings with a session-unique prefix; drops the indices after."""
    conf = copy.deepcopy(django_settings.WAGTAILSEARCH_BACKENDS["opensearch"])
    conf["INDEX_PREFIX"] = INDEX_PREFIX
    # Pages are indexed only by the explicit update_index below, never by save signals.
    conf["AUTO_UPDATE"] = False
    yield conf
    client = get_search_backend("opensearch", **copy.deepcopy(conf)).es
    names = list(client.indices.get(index=f"{INDEX_PREFIX}*"))
    if names:
        client.indices.delete(index=",".join(names))


@pytest.fixture
def backend(settings, backend_conf):
    settings.WAGTAILSEARCH_BACKENDS = {
        **settings.WAGTAILSEARCH_BACKENDS,
        "opensearch": copy.deepcopy(backend_conf),
    }
    return get_search_backend("opensearch")


@pytest.fixture
def articles(topic, backend) -> dict[str, ArticlePage]:
    """A few live articles under `topic`, indexed into OpenSearch by `update_index`."""
    pages = {
        key: ArticlePageFactory(parent=topic, title=title, summary="", body=body)
        for key, (title, body) in ARTICLES.items()
    }
    out = io.StringIO()
    call_command("update_index", backend_name="opensearch", stdout=out)
    assert (
        f"opensearch: Rebuilding index {INDEX_PREFIX}wagtailcore_page" in out.getvalue()
    )
    return pages


def found(backend, query: str) -> set[str]:
    """Keys of the ARTICLES that an OpenSearch query finds."""
    titles = {title: key for key, (title, _body) in ARTICLES.items()}
    results = backend.search(query, ArticlePage.objects.live())
    return {titles[page.title] for page in results}


def analyzed(backend, text: str, analyzer: str) -> list[str]:
    index = backend.get_index_for_model(ArticlePage).name
    answer = backend.es.indices.analyze(
        index=index, body={"analyzer": analyzer, "text": text}
    )
    return [token["token"] for token in answer["tokens"]]


def test_index_uses_indonesian_analyzers_from_settings(backend, articles):
    assert analyzed(backend, "pemungutan dipungut memungut", "default") == [
        "pungut",
        "pungut",
        "pungut",
    ]
    assert analyzed(backend, "keberatan pengembalian", "default") == [
        "keberatan",
        "pengembalian",
    ]
    assert "npwp" in analyzed(backend, "nomor pokok wajib pajak", "default_search")


def test_stemmed_query_finds_other_forms_of_the_word(backend, articles):
    # Lucene's stemmer alone gives "ungut"/"eriksa" for the pe-/me- forms but
    # "pungut"/"periksa" for the di- forms; tkb_stem_repair joins them.
    queries = ["pemungutan", "memungut", "pemeriksaan", "pendaftaran"]

    assert {query: found(backend, query) for query in queries} == {
        "pemungutan": {"pph22"},
        "memungut": {"pph22"},
        "pemeriksaan": {"refund"},
        "pendaftaran": {"npwp"},
    }


def test_synonyms_match_abbreviation_and_spelled_out_term(backend, articles):
    queries = ["npwp", "NPWP", "nomor pokok wajib pajak", "Nomor Pokok Wajib Pajak"]

    assert {query: found(backend, query) for query in queries} == {
        query: {"npwp", "address"} for query in queries
    }


def test_protected_tax_word_is_not_merged_with_its_stem(backend, articles):
    assert found(backend, "keberatan") == {"objection"}
    assert found(backend, "berat") == {"parcel"}
    assert found(backend, "pengembalian") == {"refund"}  # not "login kembali"


def test_meaningful_short_words_are_not_stopwords(backend, articles):
    assert found(backend, "lebih") == {"refund"}
    assert found(backend, "paling") == {"objection", "parcel"}


def test_unreachable_node_raises_connection_error_quickly():
    with socket.socket() as sock:  # a loopback port that nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    down = get_search_backend(
        "opensearch", URLS=[f"http://127.0.0.1:{port}"], INDEX_PREFIX=INDEX_PREFIX
    )
    timeout = django_settings.WAGTAILSEARCH_BACKENDS["opensearch"]["TIMEOUT"]

    started = time.monotonic()
    with pytest.raises(OpenSearchConnectionError):
        list(down.search("pajak", ArticlePage))

    assert time.monotonic() - started < timeout
