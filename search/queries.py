"""The public search: the only module that runs searches and knows about backends.

One call answers a query for the HTML page and the JSON API alike:
query understanding (`search.analysis` via the lexicon) -> candidates from the
configured engine (falling back to the database when the engine is unreachable) ->
BM25F re-ranking (`search.ranking`) -> snippets (`search.highlight`), plus the
best-answer box and promoted results (`search.promotions`), facets, pagination and
the search log.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import partial

from django.conf import settings
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from wagtail.search.backends import get_search_backend

from kb.choices import Audience
from kb.models import TopicIndexPage
from observability import search_observe
from search.actions import search_log_record
from search.analysis import QueryPlan, tokenise
from search.backends.base import (
    Candidate,
    DocumentEngine,
    EngineQuery,
    EngineUnavailable,
    Filters,
    MatchGroup,
)
from search.choices import DocumentKind
from search.currency import demote_under_review
from search.highlight import highlight_text, snippet
from search.learning import apply_learned
from search.lexicon import Lexicon, get_lexicon
from search.models import SearchClick, SearchLog
from search.promotions import (
    BestAnswer,
    best_answer_for,
    promote_best_answer,
    promotions_for,
)
from search.ranking import rank
from search.suggestions import popular_completions

__all__ = [
    "PAGE_SIZE",
    "BestAnswer",
    "Hit",
    "SearchOutcome",
    "engines",
    "record_click",
    "search",
    "suggest",
]

logger = logging.getLogger(__name__)

PAGE_SIZE = 10
# Candidates re-ranked by `search.ranking`; deeper pages keep the engine's order.
RERANK_DEPTH = 100
# A word in more than this share of documents only narrows, it does not find.
COMMON_SHARE = 0.4
# The strict first try: documents with this share of the (rarest) concepts.
STRICT_SHARE = 0.6
MAX_STRICT_GROUPS = 6
# Results a strict try must find to be used; with fewer, a looser one is tried.
STRICT_ENOUGH = RERANK_DEPTH
# Results the any-word try must find before a broader one is tried (see below).
FEW_ENOUGH = 10
# Title and keyword matches that make body-only matches unnecessary to score.
TITLE_ENOUGH = RERANK_DEPTH // 2
# After the engine fails, how long the fallback is used without retrying it.
RETRY_AFTER_SECONDS = 30.0


# --- engines ----------------------------------------------------------------------
_engines: dict[tuple[str, str], DocumentEngine | None] = {}


def _engine(alias: str) -> DocumentEngine | None:
    """The engine of a WAGTAILSEARCH_BACKENDS alias, built once per configuration."""
    key = (alias, repr(settings.WAGTAILSEARCH_BACKENDS.get(alias)))
    if key not in _engines:
        _engines[key] = getattr(get_search_backend(alias), "tkb_engine", None)
    return _engines[key]


def engines() -> tuple[DocumentEngine, DocumentEngine | None]:
    """The configured engine (settings.SEARCH_BACKEND) and the database fallback."""
    primary = _engine(settings.SEARCH_BACKEND)
    if primary is None:
        raise LookupError(
            f"WAGTAILSEARCH_BACKENDS[{settings.SEARCH_BACKEND!r}] is not a TKB "
            "backend; run `manage.py check` for the fix."
        )
    if primary.is_database:
        return primary, None
    for alias in settings.WAGTAILSEARCH_BACKENDS:
        engine = _engine(alias)
        if engine is not None and engine.is_database:
            return primary, engine
    return primary, None


_down_until: dict[DocumentEngine, float] = {}


def _with_fallback(call):
    """`call(engine)` on the primary engine, or on the database when it is down."""
    primary, fallback = engines()
    if fallback is None or _down_until.get(primary, 0.0) < time.monotonic():
        try:
            answer = call(primary)
            if _down_until.pop(primary, None) is not None:
                _engine_back()
            return primary, answer
        except EngineUnavailable as err:
            if fallback is None:
                raise
            logger.warning(
                "Search engine %s unavailable, using %s: %s",
                primary.name,
                fallback.name,
                err,
            )
            _down_until[primary] = time.monotonic() + RETRY_AFTER_SECONDS
    return fallback, call(fallback)


def _engine_back() -> None:
    """The engine answers again: queue the catch-up for what it missed meanwhile."""
    from search.tasks import search_catch_up

    transaction.on_commit(search_catch_up.enqueue)


# --- results ----------------------------------------------------------------------
@dataclass
class Hit:
    """One result as shown: escaped, highlighted title and snippet."""

    title: SafeString
    title_text: str
    url: str
    slug: str
    kind: str
    kind_label: str
    snippet: SafeString
    score: float
    position: int
    under_review: bool = False
    page_id: int | None = None

    def as_json(self) -> dict:
        return {
            "title": self.title_text,
            "title_html": str(self.title),
            "url": self.url,
            "slug": self.slug,
            "type": self.kind,
            "snippet": str(self.snippet),
            "score": round(self.score, 4),
            "position": self.position,
            "under_review": self.under_review,
        }


@dataclass
class SearchOutcome:
    """Everything the search page and the JSON API show for one query."""

    query: str
    plan: QueryPlan | None
    total: int
    page: PaginatorPage
    hits: list[Hit]
    facets: dict[str, list[dict]]
    suggestion: str | None
    best_answer: BestAnswer | None
    promotions: list[dict]
    backend: str
    log_id: int | None = None
    filters: dict[str, list[str]] = field(default_factory=dict)

    def as_json(self) -> dict:
        return {
            "query": self.query,
            "total": self.total,
            "page": self.page.number,
            "pages": self.page.paginator.num_pages,
            "results": [hit.as_json() for hit in self.hits],
            "facets": self.facets,
            "suggestion": self.suggestion,
            "best_answer": self.best_answer.as_json() if self.best_answer else None,
            "promotions": self.promotions,
            "search_id": self.log_id,
        }


class _Ranked(Sequence):
    """Search results for the paginator: re-ranked head, engine order beyond it."""

    def __init__(self, head: list[Candidate], total: int, fetch) -> None:
        self.head = head
        self.total = max(total, len(head))
        self.fetch = fetch

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, item):
        if not isinstance(item, slice):
            return self[item : item + 1][0]
        start, stop, _step = item.indices(self.total)
        if stop <= len(self.head):
            return self.head[start:stop]
        return self.fetch(start, stop - start)


# --- query understanding ----------------------------------------------------------
def engine_queries(plan: QueryPlan, lexicon: Lexicon) -> list[tuple[EngineQuery, int]]:
    """What to ask the engine, strictest first, each with the results it must find to
    be used (the last is always used).

    Very common concepts only narrow the ranking. Documents matching most concepts
    (60%, rarest first) are tried before any-word matches, and matches in titles and
    keywords before matches anywhere: the final ranking weighs those fields most, and
    scoring fewer candidates keeps large indexes fast.
    """
    scored = []
    documents = max(lexicon.documents, 1)
    for concept in plan.concepts:
        frequency = max(lexicon.frequency(alt.terms) for alt in concept.alternatives)
        group = MatchGroup(
            tuple(alt.terms for alt in concept.alternatives), lexicon.idf(frequency)
        )
        scored.append((frequency, group))
    selective = [
        group
        for frequency, group in scored
        if frequency / documents <= COMMON_SHARE or lexicon.documents < 20
    ]
    if not selective:
        return [(EngineQuery(tuple(g for _f, g in scored), title_only=True), 0)]
    any_word = EngineQuery(tuple(selective))
    tiers: list[tuple[EngineQuery, int]] = []
    if len(selective) >= 2:
        rarest = tuple(
            group
            for _f, group in sorted(
                ((f, g) for f, g in scored if g in selective), key=lambda item: item[0]
            )[:MAX_STRICT_GROUPS]
        )
        minimum = max(2, math.ceil(STRICT_SHARE * len(rarest)))
        strict = EngineQuery(rarest, minimum_match=minimum)
        tiers += [
            (replace(strict, title_only=True), TITLE_ENOUGH),
            (strict, STRICT_ENOUGH),
        ]
    tiers += [(replace(any_word, title_only=True), TITLE_ENOUGH), (any_word, 0)]
    # When one concept or none finds (the others being common words, or words the
    # index never saw: "what happens if I never file my tax return"), a page that
    # answers with the common words alone ("tidak lapor spt") would never be scored:
    # documents with two of all the known concepts are then tried too.
    found = [group for frequency, group in scored if frequency > 0]
    rare = [group for group in selective if group in found]
    if len(rare) < 2 and len(found) >= 2 and lexicon.documents >= 20:
        tiers[-1] = (any_word, FEW_ENOUGH)
        tiers.append((EngineQuery(tuple(found), minimum_match=2, fallback=True), 0))
    return tiers


def _filters(
    kinds: Sequence[str], topic: str | None, audience: str | None, exclude: list[int]
) -> Filters:
    topic_ids: tuple[int, ...] = ()
    if topic:
        topic_ids = tuple(
            TopicIndexPage.objects.filter(slug=topic).values_list("id", flat=True)
        ) or (0,)
    return Filters(
        kinds=tuple(kinds),
        topic_ids=topic_ids,
        audiences=(audience,) if audience else (),
        exclude_page_ids=tuple(exclude),
    )


# --- facets -----------------------------------------------------------------------
_topics_cache: dict[str, tuple] = {}


def _topic_names() -> dict[int, tuple[str, str]]:
    """Topic id -> (slug, title), cached per index version (topic edits reindex)."""
    key = get_lexicon().key
    cached = _topics_cache.get("value")
    if cached is None or cached[0] != key:
        names = {
            pk: (slug, title)
            for pk, slug, title in TopicIndexPage.objects.values_list(
                "pk", "slug", "title"
            )
        }
        cached = (key, names)
        _topics_cache["value"] = cached
    return cached[1]


def _facet_lists(raw: dict, filters: Filters, topic: str | None) -> dict:
    kinds = raw.get("type", {})
    type_facet = [
        {
            "value": kind.value,
            "label": str(kind.label),
            "count": kinds.get(kind.value, 0),
            "selected": kind.value in filters.kinds,
        }
        for kind in DocumentKind
        if kinds.get(kind.value)
    ]
    topic_counts = raw.get("topic", {})
    names = _topic_names()
    topic_facet = sorted(
        (
            {
                "value": names[pk][0],
                "label": names[pk][1],
                "count": count,
                "selected": names[pk][0] == topic,
            }
            for pk, count in topic_counts.items()
            if pk in names
        ),
        key=lambda item: (-item["count"], item["label"]),
    )
    audiences = raw.get("audience", {})
    audience_facet = [
        {
            "value": audience.value,
            "label": str(audience.label),
            "count": audiences.get(audience.value, 0),
            "selected": audience.value in filters.audiences,
        }
        for audience in Audience
        if audiences.get(audience.value)
    ]
    return {"type": type_facet, "topic": topic_facet, "audience": audience_facet}


# --- the search -------------------------------------------------------------------
def _hits(
    candidates: list[Candidate], plan: QueryPlan, engine: DocumentEngine, first: int
) -> list[Hit]:
    bodies = engine.shown(candidates)
    terms = plan.highlight_terms
    labels = dict(DocumentKind.choices)
    return [
        Hit(
            title=highlight_text(candidate.title, terms),
            title_text=candidate.title,
            url=candidate.url,
            slug=candidate.slug,
            kind=candidate.kind,
            kind_label=str(labels.get(candidate.kind, candidate.kind)),
            snippet=snippet(
                bodies.get(candidate.key, ""), terms, fallback=candidate.summary
            ),
            score=candidate.score or candidate.engine_score,
            position=first + offset,
            under_review=candidate.under_review,
            page_id=candidate.page_id,
        )
        for offset, candidate in enumerate(candidates)
    ]


def search(
    query: str,
    *,
    kinds: Sequence[str] = (),
    topic: str | None = None,
    audience: str | None = None,
    page: int | str | None = 1,
    log: bool = True,
    learned: bool = True,
) -> SearchOutcome:
    """Answer `query`: ranked, highlighted, faceted and paginated results.

    `learned=False` leaves out what readers taught the ranking (search.learning), to
    show editors what the signals change.
    """
    started = time.perf_counter()
    query = " ".join(query.split())
    lexicon = get_lexicon()
    plan = lexicon.plan(query) if query else None
    promotions, promoted_ids = promotions_for(query) if query else ([], [])
    best_answer = best_answer_for(query) if query else None
    filters = _filters(kinds, topic, audience, promoted_ids)
    engine, _fallback = engines()
    total, head, facets = 0, [], {}
    if plan is not None and not plan.is_empty:
        tiers = engine_queries(plan, lexicon)
        engine, (matcher, retrieval) = _with_fallback(
            lambda engine: engine.retrieve_first(tiers, filters, limit=RERANK_DEPTH)
        )
        head = retrieval.candidates
        rank(plan, head, lexicon)
        if learned and apply_learned(query, head):
            head.sort(key=lambda c: (-round(c.score, 9), c.url, c.key))
        demote_under_review(head, on=timezone.localdate())
        if best_answer is not None:
            promote_best_answer(head, best_answer)
        total, facets = retrieval.total, retrieval.facets

        def fetch(start: int, count: int) -> list[Candidate]:
            _engine_used, more = _with_fallback(
                lambda engine: engine.retrieve(
                    matcher, filters, limit=count, offset=start, with_facets=False
                )
            )
            return more.candidates

        results = _Ranked(head, total, fetch)
    else:
        results = _Ranked([], 0, lambda start, count: [])
    paginator_page = Paginator(results, PAGE_SIZE).get_page(page)
    shown = list(paginator_page.object_list)
    hits = _hits(shown, plan, engine, paginator_page.start_index()) if plan else []
    outcome = SearchOutcome(
        query=query,
        plan=plan,
        total=total,
        page=paginator_page,
        hits=hits,
        facets=_facet_lists(facets, filters, topic),
        suggestion=plan.suggestion if plan else None,
        best_answer=best_answer,
        promotions=promotions,
        backend=engine.name,
        filters={
            "type": list(kinds),
            "topic": [topic] if topic else [],
            "audience": [audience] if audience else [],
        },
    )
    if log and query:
        outcome.log_id = _log(outcome)
    if query:
        search_observe(
            backend=engine.name, seconds=time.perf_counter() - started, total=total
        )
    return outcome


def ranked_page_ids(query: str, *, limit: int = RERANK_DEPTH) -> list[int]:
    """Pages answering `query`, best first, at most `limit`: the read API's ?search=,
    with the same understanding, engines and ranking as search() (no log)."""
    outcome = search(query, log=False)
    head = outcome.page.paginator.object_list.head
    return list(dict.fromkeys(c.page_id for c in head if c.page_id))[:limit]


def _log(outcome: SearchOutcome) -> int | None:
    """Record the search: a hit for search_promotions' report and our own log row.

    A database that refuses the write (read-only, a locked table) costs the log row,
    logged as a warning, never the taxpayer's answer; the result list then has no
    search id, so clicks are not logged either.
    """
    filters = ";".join(
        f"{name}={','.join(values)}"
        for name, values in outcome.filters.items()
        if values
    )
    # One entry per result, so a click's position finds its page.
    shown = ",".join(str(hit.page_id or 0) for hit in outcome.hits)
    record = partial(
        search_log_record,
        query=outcome.query,
        results=outcome.total,
        page_number=outcome.page.number,
        backend=outcome.backend,
        suggestion=outcome.suggestion or "",
        filters=filters,
        shown=shown if outcome.page.number == 1 else "",
    )
    try:
        if connection.in_atomic_block:
            with transaction.atomic():  # a savepoint: the failure stays inside it
                return record()
        return record()
    except DatabaseError as err:
        logger.warning("Search not logged (%r): %s", outcome.query[:80], err)
        return None


def record_click(*, search_id: int, position: int, url: str) -> bool:
    """Store that result `position` of search `search_id` was opened (once per position)."""
    entry = SearchLog.objects.filter(pk=search_id).first()
    if entry is None:
        return False
    _click, created = SearchClick.objects.get_or_create(
        search=entry, position=position, defaults={"url": url[:500]}
    )
    return created


# --- baseline ---------------------------------------------------------------------
def stock_wagtail_slugs(
    query: str, *, operator: str = "and", limit: int = 10
) -> list[str]:
    """Slugs found by stock Wagtail page search (its database backend, default settings),
    for comparisons in `search_eval --baseline` and bench/search.py only."""
    from wagtail.models import Page
    from wagtail.search.backends.database import SearchBackend

    pages = Page.objects.live().public().specific()
    return [
        page.slug
        for page in SearchBackend({}).search(query, pages, operator=operator)[:limit]
    ]


# --- suggestions ------------------------------------------------------------------
SUGGEST_LIMIT = 10


def _ranked_titles(text: str) -> list[Candidate]:
    """The best matches of `text`, ranked as a search ranks them (no log, no facets
    read back, no snippets)."""
    lexicon = get_lexicon()
    plan = lexicon.plan(text)
    if plan.is_empty:
        return []
    tiers = engine_queries(plan, lexicon)
    engine, (_matcher, retrieval) = _with_fallback(
        lambda engine: engine.retrieve_first(tiers, Filters(), limit=SUGGEST_LIMIT)
    )
    rank(plan, retrieval.candidates, lexicon)
    if any(not candidate.title for candidate in retrieval.candidates):
        # Engines that rank without display fields (PostgreSQL) read them here.
        engine.shown(retrieval.candidates)
    return retrieval.candidates


def suggest(query: str, *, limit: int = SUGGEST_LIMIT) -> list[dict]:
    """What completes what has been typed so far (at most `limit`, default 10): popular
    questions first (search.suggestions), then titles holding every word typed, the
    last as a prefix, then the best matches of the complete words as a search reads
    them (colloquial forms, stems, synonyms: "denda telat" finds "… terlambat")."""
    limit = max(1, min(limit, SUGGEST_LIMIT))
    words = tokenise(query)[:8]
    if not words:
        return []
    popular = popular_completions(query, limit=max(2, limit // 3))
    ends_with_space = query[-1:].isspace()
    complete, prefix = (words, "") if ends_with_space else (words[:-1], words[-1])
    _engine_used, candidates = _with_fallback(
        lambda engine: engine.suggest(complete, prefix, limit=limit)
    )
    if len(candidates) < limit and complete:
        # Titles holding the words typed only in another form ("telat" for
        # "terlambat", "daftar" for "mendaftar"): the best matches of the search.
        seen = {candidate.key for candidate in candidates}
        candidates += [
            candidate
            for candidate in _ranked_titles(" ".join(complete))
            if candidate.key not in seen
        ][: limit - len(candidates)]
    labels = dict(DocumentKind.choices)
    titles = [
        {
            "title": candidate.title,
            "url": candidate.url,
            "type": candidate.kind,
            "type_label": str(labels.get(candidate.kind, candidate.kind)),
        }
        for candidate in candidates
    ]
    for item in popular:
        item["type_label"] = str(_("Pencarian populer"))
    return [*popular, *titles][:limit]


def no_results_message(outcome: SearchOutcome) -> str:
    """What to tell someone whose search found nothing."""
    if outcome.suggestion:
        return _("Tidak ada hasil. Coba ejaan yang disarankan di atas.")
    return _(
        "Tidak ada hasil. Coba kata lain, misalnya nama layanan, singkatan (NPWP, SPT) "
        "atau nomor peraturan."
    )
