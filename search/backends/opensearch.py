"""Wagtail's OpenSearch backend, extended with the TKB document index.

Wagtail's own per-model indices (with the Indonesian analyzers of INDEX_SETTINGS) are
kept as they are. Beside them this backend maintains one index of TKB documents,
`<INDEX_PREFIX>documents`, holding the same analysed terms as the database backends,
so a query means the same on every engine. Queries are built with elasticsearch-dsl
(`Q`, `Search(...).to_dict()`) and sent through opensearch-py, since the Elasticsearch
client refuses to talk to OpenSearch. Any transport failure becomes
`EngineUnavailable`, on which the search layer falls back to the database.
"""

from __future__ import annotations

import logging
import secrets
from functools import cached_property

from django.conf import settings
from elasticsearch_dsl import Q, Search
from modelsearch.backends.elasticsearchbase import (
    ElasticsearchAtomicIndexRebuilder,
    ElasticsearchIndexRebuilder,
)
from modelsearch.backends.opensearch2 import OpenSearch2Index, OpenSearch2SearchBackend
from opensearchpy import NotFoundError, TransportError
from opensearchpy import helpers as opensearch_helpers
from opensearchpy.exceptions import ConnectionError as OpenSearchConnectionError
from opensearchpy.exceptions import SerializationError

from search.backends.base import (
    AUDIENCE_CODES,
    Candidate,
    DocumentEngine,
    EngineQuery,
    EngineUnavailable,
    Filters,
    Retrieval,
)
from search.documents import DocumentData, build_documents, owner_key

__all__ = ["OpenSearchDocumentEngine", "SearchBackend"]

logger = logging.getLogger(__name__)

FIELDS = ("title_terms^8", "keyword_terms^3", "body_terms")
TITLE_FIELDS = ("title_terms^8", "keyword_terms^3")
_SOURCE = [
    "key",
    "kind",
    "title",
    "url",
    "slug",
    "page_id",
    "topic_id",
    "summary",
    "title_terms",
    "keyword_terms",
    "body_terms",
    "boost",
    "answer_kind",
    "audiences",
]
_ERRORS = (OpenSearchConnectionError, TransportError, SerializationError)
# What a search answers when a copy of a shard vanished under it: a node leaving the
# cluster between the query and fetch phases ("Node not connected"), with a server
# status (a malformed query gets the same type with 400). The other copies are fine,
# and the same search asked again is answered from them.
_SHARD_LOST = "search_phase_execution_exception"

_NOT_INDEXED = {"type": "text", "index": False}
INDEX_BODY = {
    "settings": {
        "index": {"number_of_shards": 1, "number_of_replicas": 0},  # see _index_body
        "analysis": {
            "filter": {
                "tkb_edge": {"type": "edge_ngram", "min_gram": 1, "max_gram": 20}
            },
            "analyzer": {
                # Terms arrive analysed by search.analysis; only split them.
                "tkb_terms": {"type": "custom", "tokenizer": "whitespace"},
                "tkb_prefixes": {
                    "type": "custom",
                    "tokenizer": "whitespace",
                    "filter": ["tkb_edge"],
                },
            },
        },
    },
    "mappings": {
        "dynamic": "strict",
        "properties": {
            "key": {"type": "keyword"},
            "owner": {"type": "keyword"},
            "generation": {"type": "keyword"},
            "kind": {"type": "keyword"},
            "page_id": {"type": "integer"},
            "topic_id": {"type": "integer"},
            "topic_ids": {"type": "keyword"},
            "audiences": {"type": "keyword"},
            "boost": {"type": "float"},
            "answer_kind": {"type": "keyword"},
            "digest": {"type": "keyword"},
            "title": _NOT_INDEXED,
            "url": _NOT_INDEXED,
            "slug": _NOT_INDEXED,
            "summary": _NOT_INDEXED,
            "keywords_text": _NOT_INDEXED,
            "body_text": _NOT_INDEXED,
            "title_terms": {"type": "text", "analyzer": "tkb_terms"},
            "keyword_terms": {"type": "text", "analyzer": "tkb_terms"},
            "body_terms": {"type": "text", "analyzer": "tkb_terms"},
            "autocomplete": {
                "type": "text",
                "analyzer": "tkb_prefixes",
                "search_analyzer": "tkb_terms",
            },
        },
    },
}


def _index_body() -> dict:
    """INDEX_BODY with settings.OPENSEARCH_REPLICAS copies of the shard."""
    body = {**INDEX_BODY, "settings": {**INDEX_BODY["settings"]}}
    body["settings"]["index"] = {
        **INDEX_BODY["settings"]["index"],
        "number_of_replicas": settings.OPENSEARCH_REPLICAS,
    }
    return body


_OWNER_PREFIXES = {"wagtailcore_page": "page:", "regulations_regulation": "regulation:"}


def _shard_lost(error, status) -> bool:
    """Did a search fail because a shard copy vanished under it?"""
    kind = error.get("type") if isinstance(error, dict) else error
    return kind == _SHARD_LOST and isinstance(status, int) and status >= 500


def _candidate(hit: dict) -> Candidate:
    source = hit["_source"]
    return Candidate(
        key=source["key"],
        kind=source["kind"],
        title=source["title"],
        url=source["url"],
        slug=source.get("slug") or "",
        page_id=source.get("page_id"),
        topic_id=source.get("topic_id"),
        summary=source.get("summary") or "",
        title_terms=source.get("title_terms") or "",
        keyword_terms=source.get("keyword_terms") or "",
        body_terms=source.get("body_terms") or "",
        boost=source.get("boost", 1.0),
        answer_kind=source.get("answer_kind") or "",
        # Stored as a keyword list (for the facet); candidates carry the codes as text.
        audiences=_codes(source.get("audiences")),
        engine_score=hit.get("_score") or 0.0,
    )


def _codes(value) -> str:
    """Audience codes as the space-separated text candidates carry."""
    if isinstance(value, str):
        return value
    return " ".join(value or ())


def _alternative_query(terms: tuple[str, ...], fields: tuple[str, ...]) -> Q:
    if len(terms) == 1:
        return Q("multi_match", query=terms[0], fields=list(fields), tie_breaker=0.3)
    return Q("multi_match", query=" ".join(terms), fields=list(fields), type="phrase")


def _filter_clauses(filters: Filters) -> dict[str, Q]:
    clauses = {}
    if filters.kinds:
        clauses["type"] = Q("terms", kind=list(filters.kinds))
    if filters.topic_ids:
        clauses["topic"] = Q("terms", topic_ids=[str(t) for t in filters.topic_ids])
    if filters.audiences:
        clauses["audience"] = Q("terms", audiences=list(filters.audiences))
    return clauses


class OpenSearchDocumentEngine(DocumentEngine):
    """The TKB documents in one OpenSearch index, queried with elasticsearch-dsl."""

    name = "opensearch"

    def __init__(self, client, index: str, timeout: float) -> None:
        self.client = client
        self.index = index
        self.timeout = timeout

    def health(self) -> str | None:
        try:
            status = self.client.cluster.health(request_timeout=self.timeout)["status"]
        except _ERRORS as err:
            return f"unreachable: {err}"[:300]
        return None if status in ("green", "yellow") else f"cluster {status}"

    # Reading -------------------------------------------------------------------------
    def _read(self, request, **arguments) -> dict:
        """Send a read request, and once more when a shard copy vanished under it
        (tests/search/test_cluster.py stops a node under search load)."""
        try:
            response = request(request_timeout=self.timeout, **arguments)
        except TransportError as err:
            if not _shard_lost(err.error, err.status_code):
                raise
            logger.info("Search asked again after a shard failure: %s", err)
        else:
            answers = response.get("responses", ())  # a multi-search answers each
            if not any(_shard_lost(a.get("error"), a.get("status")) for a in answers):
                return response
            logger.info("Multi-search asked again after a shard failure")
        return request(request_timeout=self.timeout, **arguments)

    def _search(self, body: dict) -> dict:
        try:
            return self._read(self.client.search, index=self.index, body=body)
        except NotFoundError as err:
            raise EngineUnavailable(f"index {self.index} does not exist") from err
        except _ERRORS as err:
            raise EngineUnavailable(str(err)) from err

    def _body(
        self,
        query: EngineQuery,
        filters: Filters,
        *,
        limit: int,
        offset: int,
        with_facets: bool,
    ) -> dict:
        """The search request, built with elasticsearch-dsl."""
        fields = TITLE_FIELDS if query.title_only else FIELDS
        groups = [
            Q(
                "bool",
                should=[_alternative_query(alt, fields) for alt in group.alternatives],
                minimum_should_match=1,
            )
            for group in query.groups
        ]
        must_not = []
        if filters.exclude_page_ids:
            must_not.append(Q("terms", page_id=list(filters.exclude_page_ids)))
        search = Search(index=self.index).query(
            Q(
                "bool",
                should=groups,
                minimum_should_match=query.minimum_match,
                must_not=must_not,
            )
        )
        clauses = _filter_clauses(filters)
        if clauses:
            search = search.post_filter(Q("bool", filter=list(clauses.values())))
        if with_facets:
            for name, field, size in (
                ("type", "kind", 10),
                ("topic", "topic_id", 200),
                ("audience", "audiences", len(AUDIENCE_CODES) + 5),
            ):
                others = [q for facet, q in clauses.items() if facet != name]
                search.aggs.bucket(
                    name, "filter", filter=Q("bool", filter=others)
                ).bucket("values", "terms", field=field, size=size)
        search = search.extra(track_total_hits=True).source(_SOURCE)
        return search[offset : offset + limit].to_dict()

    def _retrieval(self, response: dict) -> Retrieval:
        candidates = [_candidate(hit) for hit in response["hits"]["hits"]]
        facets = {
            name: {
                bucket["key"]: bucket["doc_count"]
                for bucket in aggregation["values"]["buckets"]
            }
            for name, aggregation in response.get("aggregations", {}).items()
        }
        return Retrieval(candidates, response["hits"]["total"]["value"], facets)

    def retrieve(
        self,
        query: EngineQuery,
        filters: Filters,
        *,
        limit: int,
        offset: int = 0,
        with_facets: bool = True,
    ) -> Retrieval:
        if not query.groups:
            return Retrieval([], 0, {})
        body = self._body(
            query, filters, limit=limit, offset=offset, with_facets=with_facets
        )
        return self._retrieval(self._search(body))

    def retrieve_first(
        self,
        tiers: list[tuple[EngineQuery, int]],
        filters: Filters,
        *,
        limit: int,
    ) -> tuple[EngineQuery, Retrieval]:
        """One multi-search fetches the first tier in full and counts the others but
        the last; a later tier, when chosen, is fetched in a second request. A
        fallback tier is not counted: it is fetched only when the tier before it,
        chosen, found fewer than it needs."""
        if len(tiers) > 1 and tiers[-1][0].fallback:
            (fallback, _enough), tiers = tiers[-1], tiers[:-1]
            chosen, retrieval = self.retrieve_first(tiers, filters, limit=limit)
            if chosen is tiers[-1][0] and retrieval.total < tiers[-1][1]:
                return fallback, self.retrieve(fallback, filters, limit=limit)
            return chosen, retrieval
        (first, first_enough), *rest = tiers
        if not rest:
            return first, self.retrieve(first, filters, limit=limit)
        lines: list[dict] = [
            {"index": self.index},
            self._body(first, filters, limit=limit, offset=0, with_facets=True),
        ]
        for query, _enough in rest[:-1]:
            body = self._body(query, filters, limit=0, offset=0, with_facets=False)
            lines += [{"index": self.index}, {**body, "_source": False}]
        try:
            responses = self._read(self.client.msearch, body=lines)["responses"]
        except _ERRORS as err:
            raise EngineUnavailable(str(err)) from err
        for response in responses:
            if "error" in response:
                raise EngineUnavailable(str(response["error"])[:300])
        if responses[0]["hits"]["total"]["value"] >= first_enough:
            return first, self._retrieval(responses[0])
        chosen = rest[-1][0]
        for (query, enough), response in zip(rest[:-1], responses[1:], strict=True):
            if response["hits"]["total"]["value"] >= enough:
                chosen = query
                break
        return chosen, self.retrieve(chosen, filters, limit=limit)

    def bodies(self, keys: list[str]) -> dict[str, str]:
        if not keys:
            return {}
        try:
            response = self.client.mget(
                index=self.index,
                body={"ids": keys},
                _source_includes=["body_text"],
                request_timeout=self.timeout,
            )
        except _ERRORS as err:
            logger.warning("Snippets unavailable from OpenSearch: %s", err)
            return {}
        return {
            doc["_id"]: doc["_source"].get("body_text", "")
            for doc in response["docs"]
            if doc.get("found")
        }

    def suggest(self, words: list[str], prefix: str, *, limit: int) -> list[Candidate]:
        if not words and len(prefix) < 2:
            return []
        must = [Q("match", autocomplete=word) for word in [*words, prefix] if word]
        search = (
            Search(index=self.index)
            .query(Q("bool", must=must))
            .source(_SOURCE)
            .extra(size=limit)
        )
        response = self._search(search.to_dict())
        return [_candidate(hit) for hit in response["hits"]["hits"]]

    # Writing -------------------------------------------------------------------------
    _mapping_current = False

    def ensure_index(self) -> None:
        if not self.client.indices.exists(index=self.index):
            self.client.indices.create(index=self.index, body=_index_body())
        elif not self._mapping_current:
            # An index made before `digest` existed gets the field (an additive change).
            self.client.indices.put_mapping(
                index=self.index,
                body={
                    "properties": {
                        "digest": INDEX_BODY["mappings"]["properties"]["digest"]
                    }
                },
            )
        self._mapping_current = True

    def digests(self) -> dict[str, tuple[str, str]]:
        """Every document in the index: key -> (owner, digest); raises
        EngineUnavailable when the engine does not answer."""
        try:
            if not self.client.indices.exists(index=self.index):
                return {}
            return {
                hit["_id"]: (
                    hit["_source"].get("owner", ""),
                    hit["_source"].get("digest", ""),
                )
                for hit in opensearch_helpers.scan(
                    self.client,
                    index=self.index,
                    query={"query": {"match_all": {}}},
                    _source=["owner", "digest"],
                    size=2000,
                    request_timeout=max(self.timeout, 30),
                )
            }
        except _ERRORS as err:
            raise EngineUnavailable(str(err)) from err

    def write(
        self, owners: dict[str, list[DocumentData]], session: str | None = None
    ) -> None:
        """Index the owners' documents, then drop their documents not rewritten now."""
        if not owners:
            return
        self.ensure_index()
        generation = session or secrets.token_hex(6)
        actions = []
        for documents in owners.values():
            for document in documents:
                source = document.as_fields()
                source["topic_ids"] = document.topic_ids.split()
                source["audiences"] = document.audiences.split()
                source["generation"] = generation
                actions.append(
                    {"_index": self.index, "_id": document.key, "_source": source}
                )
        if actions:
            opensearch_helpers.bulk(self.client, actions, refresh=session is None)
        if session is None:
            self.client.delete_by_query(
                index=self.index,
                body={
                    "query": Q(
                        "bool",
                        filter=[Q("terms", owner=list(owners))],
                        must_not=[Q("term", generation=generation)],
                    ).to_dict()
                },
                refresh=True,
                conflicts="proceed",
            )

    def delete_owners(self, owners: list[str]) -> None:
        if not owners or not self.client.indices.exists(index=self.index):
            return
        self.client.delete_by_query(
            index=self.index,
            body={"query": Q("terms", owner=owners).to_dict()},
            refresh=True,
            conflicts="proceed",
        )

    def finish_rebuild(self, generation: str, owner_prefix: str) -> None:
        """Drop documents of `owner_prefix` owners that the rebuild did not rewrite."""
        self.ensure_index()
        self.client.indices.refresh(index=self.index)
        self.client.delete_by_query(
            index=self.index,
            body={
                "query": Q(
                    "bool",
                    filter=[Q("prefix", owner=owner_prefix)],
                    must_not=[Q("term", generation=generation)],
                ).to_dict()
            },
            refresh=True,
            conflicts="proceed",
        )


# --- Wagtail backend integration -------------------------------------------------
class TKBOpenSearchIndex(OpenSearch2Index):
    """Wagtail's per-model index, also writing the objects' TKB documents."""

    session: str | None = None

    def _write_documents(self, items) -> None:
        owners = build_documents(items)
        if not owners:
            return
        try:
            self.backend.tkb_engine.write(owners, self.session)
        except _ERRORS:
            # Like Wagtail's own indexing: a search node outage must not fail a save.
            logger.exception("Could not index TKB documents in OpenSearch")

    def add_item(self, item):
        super().add_item(item)
        self._write_documents([item])

    def add_items(self, model, items):
        super().add_items(model, items)
        self._write_documents(items)

    def delete_item(self, item):
        super().delete_item(item)
        owner = owner_key(item)
        if owner:
            try:
                self.backend.tkb_engine.delete_owners([owner])
            except _ERRORS:
                logger.exception("Could not delete TKB documents of %s", owner)


class _DocumentRebuilderMixin:
    def start(self):
        index = super().start()
        index.session = secrets.token_hex(6)
        self.session = index.session
        return index

    def finish(self):
        super().finish()
        name = getattr(self, "alias", self.index).name
        for suffix, owner_prefix in _OWNER_PREFIXES.items():
            if name.endswith(suffix):
                self.index.backend.tkb_engine.finish_rebuild(self.session, owner_prefix)


class TKBRebuilder(_DocumentRebuilderMixin, ElasticsearchIndexRebuilder):
    pass


class TKBAtomicRebuilder(_DocumentRebuilderMixin, ElasticsearchAtomicIndexRebuilder):
    pass


class TKBOpenSearchBackend(OpenSearch2SearchBackend):
    """OpenSearch 2 backend with the TKB documents index."""

    index_class = TKBOpenSearchIndex
    basic_rebuilder_class = TKBRebuilder
    atomic_rebuilder_class = TKBAtomicRebuilder

    @cached_property
    def tkb_engine(self) -> OpenSearchDocumentEngine:
        return OpenSearchDocumentEngine(
            self.es,
            f"{self.index_prefix}documents",
            timeout=getattr(settings, "SEARCH_ENGINE_TIMEOUT", 2.0),
        )


SearchBackend = TKBOpenSearchBackend
