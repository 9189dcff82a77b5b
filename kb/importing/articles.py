"""Import articles from JSON Lines files and Markdown folders.

Every record is validated, written in its own savepoint and published; records that are
unchanged are skipped, so running an import twice changes nothing. Problems are reported
per record as ``file:line: reason`` (in Bahasa Indonesia) and never leave a
half-written page.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from pathlib import Path
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, transaction
from django.utils.translation import gettext as _
from wagtail.models import Page

from ingest import (
    JSONL_SUFFIXES,
    MARKDOWN_SUFFIXES,
    FirstSeen,
    Problem,
    Record,
    error_text,
    input_paths,
    max_length_of,
    read_jsonl,
    read_markdown,
    shown,
)
from kb.choices import AnswerKind, Audience
from kb.importing.indexing import INDEX_CHUNK, articles_index, search_index_deferred
from kb.importing.results import ImportResult, ProgressCallback
from kb.importing.topics import TopicTree, kb_home
from kb.importing.validation import (
    _SYSTEM_FIELDS,
    DEFAULT_TOPIC,
    LABELS,
    kb_fields,
    topic_segments,
)
from kb.models import ArticlePage, ArticlePageTag, AudienceGroup, TopicIndexPage
from kb.publishing import page_slug_check, pages_create_published
from regulations.impact.sync import page_sync_deferred

_T = TypeVar("_T")
_SLUG_SHAPE = re.compile(r"[-\w]{1,255}")

BATCH_SIZE = 100
SUMMARY_MAX = 500  # as ArticlePage.summary's validator
TAG_MAX = 100  # taggit's Tag.name
SOURCE_MAX = 500


ARTICLE_FIELDS = frozenset(
    {
        "slug",
        "title",
        "body",
        "summary",
        "topic",
        "tags",
        "audience",
        "reviewed_on",
        "content_owner",
        "sources",
        "answer_kind",
    }
)


# ---------------------------------------------------------------- validation


@dataclass(frozen=True)
class ArticleInput:
    """A validated article record, ready to compare with the database and write."""

    slug: str
    title: str
    body: str
    summary: str
    topic: tuple[str, ...]
    tags: tuple[str, ...]
    audiences: tuple[str, ...]
    reviewed_on: date | None
    content_owner: str
    answer_kind: str = ""


def _body_with_sources(body: str, sources: list[str]) -> str:
    if not sources:
        return body
    listing = "\n".join(f"- {source}" for source in sources)
    return f"{body}\n\n## {_('Sumber')}\n\n{listing}"


def parse_article(
    data: Mapping[str, Any], *, default_topic: str = DEFAULT_TOPIC
) -> tuple[ArticleInput | None, list[tuple[str, str]], list[str]]:
    """Validate one article record: (article or None, [(key, error)], unknown keys).

    Unknown keys are not an error: they are ignored and reported as a warning.
    """
    fields = kb_fields(data)
    slug = fields.slug(max_length=max_length_of(ArticlePage, "slug"))
    title = fields.text(
        "title", required=True, max_length=max_length_of(ArticlePage, "title")
    )
    body = fields.text("body", required=True, multiline=True)
    summary = fields.text("summary", max_length=SUMMARY_MAX, multiline=True)
    topic = topic_segments(fields, default=default_topic)
    tags = fields.text_list("tags", max_length=TAG_MAX, separator=",")
    audiences = fields.choice_list("audience", Audience.values)
    reviewed_on = fields.date("reviewed_on")
    content_owner = fields.text(
        "content_owner",
        max_length=max_length_of(ArticlePage, "content_owner"),
    )
    sources = fields.text_list("sources", max_length=SOURCE_MAX)
    answer_kind = fields.choice("answer_kind", AnswerKind.values, required=False)
    unknown = fields.unknown(ARTICLE_FIELDS)
    if fields.errors:
        return None, fields.errors, unknown
    article = ArticleInput(
        slug=slug,
        title=title,
        body=_body_with_sources(body, sources),
        summary=summary,
        topic=topic,
        tags=tuple(tags),
        audiences=tuple(audiences),
        reviewed_on=reviewed_on,
        content_owner=content_owner,
        answer_kind=answer_kind,
    )
    return article, [], unknown


# ---------------------------------------------------------------- articles


@dataclass
class _ArticleState:
    """What the database holds for an article, in the shape of ArticleInput."""

    id: int
    parent_path: str
    title: str
    summary: str
    body: str
    reviewed_on: date | None
    content_owner: str
    answer_kind: str
    is_demo: bool
    live: bool
    has_unpublished_changes: bool
    tags: set[str] = field(default_factory=set)
    audiences: set[str] = field(default_factory=set)

    def matches(self, article: ArticleInput, *, topic: Page | None, demo: bool) -> bool:
        return (
            topic is not None
            and self.parent_path == topic.path
            and self.live
            and not self.has_unpublished_changes
            and self.is_demo == demo
            and self.title == article.title
            and self.summary == article.summary
            and self.body == article.body
            and self.reviewed_on == article.reviewed_on
            and self.content_owner == article.content_owner
            and self.answer_kind == article.answer_kind
            and self.tags == set(article.tags)
            and self.audiences == set(article.audiences)
        )


def _article_states(slugs: Iterable[str]) -> dict[str, list[_ArticleState]]:
    """The current state of the articles with these slugs (4 queries for any number)."""
    slugs = list(set(slugs))
    states: dict[int, _ArticleState] = {}
    by_slug: dict[str, list[_ArticleState]] = {}
    for start in range(0, len(slugs), INDEX_CHUNK):
        rows = ArticlePage.objects.filter(slug__in=slugs[start : start + INDEX_CHUNK])
        for row in rows.values(
            "id",
            "slug",
            "path",
            "title",
            "summary",
            "body",
            "reviewed_on",
            "content_owner",
            "answer_kind",
            "is_demo",
            "live",
            "has_unpublished_changes",
        ):
            state = _ArticleState(
                id=row["id"],
                parent_path=row["path"][: -Page.steplen],
                title=row["title"],
                summary=row["summary"],
                body=row["body"],
                reviewed_on=row["reviewed_on"],
                content_owner=row["content_owner"],
                answer_kind=row["answer_kind"],
                is_demo=row["is_demo"],
                live=row["live"],
                has_unpublished_changes=row["has_unpublished_changes"],
            )
            states[state.id] = state
            by_slug.setdefault(row["slug"], []).append(state)
    if states:
        for page_id, name in ArticlePageTag.objects.filter(
            content_object_id__in=states
        ).values_list("content_object_id", "tag__name"):
            states[page_id].tags.add(name)
        through = ArticlePage.audiences.through
        for page_id, code in through.objects.filter(
            articlepage_id__in=states
        ).values_list("articlepage_id", "audiencegroup__slug"):
            states[page_id].audiences.add(code)
    return by_slug


@dataclass
class _Pending:
    """A new article validated and waiting for its batch to be written."""

    record: Record
    article: ArticleInput
    page: ArticlePage
    topic: TopicIndexPage
    seconds: float


class _ArticleImporter:
    """Holds the caches of one import run and writes one record at a time."""

    def __init__(self, *, result: ImportResult, demo: bool, default_topic: str) -> None:
        self.result = result
        self.demo = demo
        self.default_topic = default_topic
        self.topics = TopicTree(kb_home())
        self.groups = {group.slug: group for group in AudienceGroup.objects.all()}
        self.states: dict[str, list[_ArticleState]] = {}
        self.seen = FirstSeen()
        self.pending: list[_Pending] = []

    def prefetch(self, records: Sequence[Record | Problem]) -> None:
        slugs = (
            r.data["slug"].strip()
            for r in records
            if isinstance(r, Record) and isinstance(r.data.get("slug"), str)
        )
        # Only slug-shaped values reach the database (PostgreSQL refuses NUL bytes).
        self.states = _article_states(s for s in slugs if _SLUG_SHAPE.fullmatch(s))

    def reject(self, record: Record, reason: str, *, key: str = "") -> None:
        self.result.rejected.append(record.problem(reason, key=key))

    def process(self, record: Record | Problem) -> None:
        if isinstance(record, Problem):
            self.result.rejected.append(record)
            return
        article, errors, unknown = parse_article(
            record.data, default_topic=self.default_topic
        )
        if unknown:
            self.result.warnings.append(
                record.problem(
                    _("kolom tidak dikenal diabaikan: %(names)s")
                    % {"names": ", ".join(unknown)},
                    key=unknown[0],
                )
            )
        if article is None:
            self.result.rejected.append(record.rejection(errors))
            return
        repeat = self.seen.repeat(
            article.slug,
            source=record.source,
            line=record.line,
            name=f"slug {shown(article.slug)}",
        )
        if repeat:
            self.reject(record, repeat, key="slug")
            return
        candidates = self.states.get(article.slug, [])
        if len(candidates) > 1:
            self.reject(
                record,
                _(
                    "slug '%(slug)s' dipakai oleh %(count)d artikel (id %(ids)s); ubah slug salah satunya di admin lalu ulangi"
                )
                % {
                    "slug": article.slug,
                    "count": len(candidates),
                    "ids": ", ".join(str(s.id) for s in candidates),
                },
                key="slug",
            )
            return
        state = candidates[0] if candidates else None
        if self.demo and state is not None and not state.is_demo:
            self.reject(
                record,
                _(
                    "slug '%(slug)s' sudah dipakai artikel non-demo (id %(id)d); data demo tidak mengubah konten non-demo"
                )
                % {"slug": article.slug, "id": state.id},
                key="slug",
            )
            return
        if state is not None and state.matches(
            article, topic=self.topics.find(article.topic), demo=self.demo
        ):
            self.result.unchanged += 1
            return
        if state is None:
            self._queue(record, article)
        else:
            self._write(record, article, state)

    def _in_savepoint(self, record: Record, write: Callable[[], _T]) -> _T | None:
        """Run `write` in the record's own savepoint. If it is refused, roll back (with
        the topics it created), reject the record with the reason and return None."""
        try:
            with transaction.atomic():
                return write()
        except ValidationError as err:
            reason = error_text(err, LABELS)
        except (IntegrityError, DataError) as err:
            reason = _("basis data menolak catatan ini (%(detail)s)") % {"detail": err}
        self.topics.rollback()
        self.reject(record, reason)
        return None

    def _write(
        self, record: Record, article: ArticleInput, state: _ArticleState | None
    ) -> None:
        started = time.perf_counter()

        def write() -> ArticlePage:
            topic = self.topics.resolve(article.topic)
            if state is not None:
                return self._update(article, topic, state)
            page = self._new_page(article)
            pages_create_published(entries=[(topic, page)])
            return page

        page = self._in_savepoint(record, write)
        if page is None:
            return
        self.topics.commit()
        self.result.durations.append(time.perf_counter() - started)
        self.result.page_ids.append(page.pk)
        if state is None:
            self.result.created += 1
        else:
            self.result.updated += 1

    def _fill(self, page: ArticlePage, article: ArticleInput) -> None:
        page.title = article.title
        page.summary = article.summary
        page.body = article.body
        page.reviewed_on = article.reviewed_on
        page.content_owner = article.content_owner
        page.answer_kind = article.answer_kind
        page.is_demo = self.demo
        page.tags.set(list(article.tags))
        page.audiences.set([self.groups[code] for code in article.audiences])

    def _new_page(self, article: ArticleInput) -> ArticlePage:
        """A validated, unsaved article page for this record (tags are looked up or
        created: run it inside the record's savepoint)."""
        missing = [code for code in article.audiences if code not in self.groups]
        if missing:
            raise ValidationError(
                _(
                    "kelompok pembaca %(codes)s belum ada di basis data; jalankan 'python manage.py migrate'"
                )
                % {"codes": ", ".join(missing)}
            )
        page = ArticlePage(slug=article.slug, locale_id=self.topics.home.locale_id)
        self._fill(page, article)
        page.full_clean(
            exclude=_SYSTEM_FIELDS, validate_unique=False, validate_constraints=False
        )
        return page

    def _queue(self, record: Record, article: ArticleInput) -> None:
        """Validate a new article now; `flush()` writes the queued ones together."""
        started = time.perf_counter()
        ready = self._in_savepoint(
            record,
            lambda: (self._new_page(article), self.topics.resolve(article.topic)),
        )
        if ready is None:
            return
        self.topics.commit()
        page, topic = ready
        self.pending.append(
            _Pending(record, article, page, topic, time.perf_counter() - started)
        )

    def flush(self) -> None:
        """Create and publish the queued new articles with bulk writes. If the database
        refuses the batch, each record is written alone, so that only the faulty one is
        rejected and nothing of it stays behind."""
        pending, self.pending = self.pending, []
        if not pending:
            return
        started = time.perf_counter()
        try:
            with transaction.atomic():
                pages_create_published(entries=[(p.topic, p.page) for p in pending])
        except (ValidationError, IntegrityError, DataError):
            for item in pending:
                self._write(item.record, item.article, None)
            return
        share = (time.perf_counter() - started) / len(pending)
        for item in pending:
            self.result.durations.append(item.seconds + share)
            self.result.page_ids.append(item.page.pk)
            self.result.created += 1

    def _update(
        self, article: ArticleInput, topic: TopicIndexPage, state: _ArticleState
    ) -> ArticlePage:
        pages = ArticlePage.objects.annotate_site_root_state()
        page = pages.get(pk=state.id)
        if state.parent_path != topic.path:
            page_slug_check(slug=page.slug, parent=topic, page=page)
            page.move(topic, pos="last-child")
            page = pages.get(pk=state.id)
        self._fill(page, article)
        page.save_revision(log_action=True).publish()
        return page


def read_article_records(files: Iterable[Path]) -> Iterator[Record | Problem]:
    """Every article record of these files (JSON Lines or Markdown), in order."""
    for path in files:
        if path.suffix.lower() in JSONL_SUFFIXES:
            yield from read_jsonl(path)
        else:
            yield read_markdown(path)


def articles_import(
    *,
    paths: Sequence[Path | str],
    demo: bool = False,
    default_topic: str = DEFAULT_TOPIC,
    update_search_index: bool = True,
    progress: ProgressCallback | None = None,
    progress_every: int = 500,
    batch_size: int = BATCH_SIZE,
) -> ImportResult:
    """Create or update (by slug) and publish the articles in these files and folders.

    Unchanged articles are skipped. Records are read in transactions of `batch_size`
    (cut at `progress_every` when progress is reported). Each is validated in its own
    savepoint; updates are written there too, while the batch's new articles are
    written together by ``kb.publishing.pages_create_published`` (if the database
    refuses that, each is written alone so only the faulty record is rejected). The
    citation links of the pages published are synced once per batch. Search indexing
    is done in bulk at the end
    (or left to ``update_index`` when `update_search_index` is false); the reference
    index is not updated (run ``rebuild_references_index``).
    """
    files = input_paths(paths, suffixes=JSONL_SUFFIXES | MARKDOWN_SUFFIXES)
    result = ImportResult()
    started = time.perf_counter()
    importer = _ArticleImporter(result=result, demo=demo, default_topic=default_topic)
    records = read_article_records(files)
    processed = 0
    if progress is not None:
        batch_size = min(batch_size, progress_every)  # report at most once a batch
    with search_index_deferred(ArticlePage):
        while batch := list(islice(records, batch_size)):
            importer.prefetch(batch)
            with transaction.atomic(), page_sync_deferred():
                for record in batch:
                    importer.process(record)
                importer.flush()
            reported = processed // progress_every
            processed += len(batch)
            if progress is not None and processed // progress_every > reported:
                progress(processed, time.perf_counter() - started)
    if update_search_index and result.page_ids:
        indexing = time.perf_counter()
        complete = articles_index(page_ids=result.page_ids)
        result.index_seconds = time.perf_counter() - indexing
        if complete:
            result.indexed = len(result.page_ids)
        else:
            result.index_pending = True
    else:
        result.index_pending = bool(result.page_ids)
    result.seconds = time.perf_counter() - started
    return result
