"""Import knowledge-base articles and FAQ pages from files, and load the demo content.

Articles come from JSON Lines files (one object per line) or from folders of Markdown
files with YAML front matter; FAQ pages from YAML files. Every record is validated,
written in its own savepoint and published; records that are unchanged are skipped, so
running an import twice changes nothing. Problems are reported per record as
``file:line: reason`` (in Bahasa Indonesia) and never leave a half-written page.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import islice
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug, validate_unicode_slug
from django.db import DataError, IntegrityError, transaction
from django.db.models.signals import post_save
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Page, Site
from wagtail.search.backends import get_search_backends
from wagtail.search.signal_handlers import post_save_signal_handler
from wagtail.signal_handlers import disable_reference_index_auto_update

from kb.choices import Audience
from kb.models import (
    ArticlePage,
    ArticlePageTag,
    AudienceGroup,
    FAQItem,
    FAQPage,
    HomePage,
    TopicIndexPage,
)
from kb.publishing import pages_create_published
from regulations.impact import page_sync_deferred

logger = logging.getLogger(__name__)

JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
YAML_SUFFIXES = frozenset({".yaml", ".yml"})
DEFAULT_TOPIC = "Umum"
DEMO_DIR = Path(__file__).resolve().parent / "demo"
BATCH_SIZE = 100
INDEX_CHUNK = 500

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
    }
)
FAQ_FIELDS = frozenset({"slug", "title", "topic", "intro", "items"})
FAQ_ITEM_FIELDS = frozenset({"question", "answer", "anchor"})

# Page fields the importer never sets from a record; validating them would only cost
# foreign-key look-ups, and Wagtail fills them in when the page is added to the tree.
_SYSTEM_FIELDS = tuple(
    f.name
    for f in Page._meta.get_fields()
    if f.concrete and f.name not in {"title", "slug", "seo_title", "search_description"}
)

_LABELS = {
    "slug": "slug",
    "title": "judul (title)",
    "body": "isi (body)",
    "summary": "ringkasan (summary)",
    "topic": "topik (topic)",
    "tags": "tag (tags)",
    "audience": "pembaca (audience)",
    "audiences": "pembaca (audience)",
    "reviewed_on": "tanggal tinjau (reviewed_on)",
    "content_owner": "pemilik konten (content_owner)",
    "sources": "sumber (sources)",
    "intro": "pengantar (intro)",
    "items": "pertanyaan (items)",
    "question": "pertanyaan (question)",
    "answer": "jawaban (answer)",
    "anchor": "jangkar (anchor)",
}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


# ---------------------------------------------------------------- results


@dataclass(frozen=True)
class Problem:
    """A rejected record or a warning, pointing at the file and line to fix."""

    source: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.source}:{self.line}: {self.reason}"


@dataclass
class ImportResult:
    """What an import did: counts, problems, per-record timings and index state."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    durations: list[float] = field(default_factory=list)
    seconds: float = 0.0
    index_seconds: float = 0.0
    page_ids: list[int] = field(default_factory=list)
    indexed: int = 0
    index_pending: bool = False

    @property
    def processed(self) -> int:
        return self.created + self.updated + self.unchanged + len(self.rejected)


class ImportInputError(ValueError):
    """A path given to an import cannot be used at all (missing, wrong type)."""


ProgressCallback = Callable[[int, float], None]


# ---------------------------------------------------------------- reading files


@dataclass(frozen=True)
class SourceRecord:
    """One raw record read from a file, or the reason it could not be read."""

    source: str
    line: int
    data: dict[str, Any] | None = None
    error: str | None = None
    key_lines: Mapping[str, int] = field(default_factory=dict)
    item_lines: Sequence[int] = ()

    def line_of(self, key: str | None) -> int:
        """The line of a top-level key (Markdown/YAML), else the record's own line."""
        return self.key_lines.get(key, self.line) if key else self.line


def collect_files(
    paths: Iterable[Path | str], *, suffixes: frozenset[str]
) -> list[Path]:
    """The files to import: the given files plus, for folders, every matching file in them."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file() and p.suffix.lower() in suffixes
                )
            )
        elif path.is_file():
            if path.suffix.lower() not in suffixes:
                raise ImportInputError(
                    _(
                        "%(path)s: jenis berkas tidak didukung; gunakan berkas %(kinds)s atau folder berisi berkas tersebut."
                    )
                    % {"path": path, "kinds": ", ".join(sorted(suffixes))}
                )
            files.append(path)
        else:
            raise ImportInputError(
                _("%(path)s: berkas atau folder tidak ditemukan.") % {"path": path}
            )
    return files


def _type_name(value: Any) -> str:
    if value is None:
        return _("kosong (null)")
    if isinstance(value, bool):
        return _("nilai benar/salah")
    if isinstance(value, int | float):
        return _("angka")
    if isinstance(value, str):
        return _("teks")
    if isinstance(value, list | tuple):
        return _("daftar")
    if isinstance(value, dict):
        return _("objek")
    if isinstance(value, datetime):
        return _("tanggal dan jam")
    if isinstance(value, date):
        return _("tanggal")
    return type(value).__name__


def _utf8_error(raw: bytes, err: UnicodeDecodeError) -> str:
    return _(
        "bukan teks UTF-8 yang sah (byte 0x%(byte)02x pada posisi %(pos)d); simpan ulang berkas sebagai UTF-8"
    ) % {"byte": raw[err.start], "pos": err.start + 1}


def read_jsonl(path: Path) -> Iterator[SourceRecord]:
    """Records of a JSON Lines file, one per non-blank line (line numbers from 1)."""
    source = str(path)
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            raw = raw.rstrip(b"\r\n")
            if not raw.strip():
                continue
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as err:
                yield SourceRecord(source, number, error=_utf8_error(raw, err))
                continue
            try:
                data = json.loads(text)
            except json.JSONDecodeError as err:
                yield SourceRecord(
                    source,
                    number,
                    error=_("JSON tidak sah pada kolom %(col)d (%(detail)s)")
                    % {"col": err.colno, "detail": err.msg},
                )
                continue
            if not isinstance(data, dict):
                yield SourceRecord(
                    source,
                    number,
                    error=_(
                        "setiap baris harus berupa satu objek JSON {...}, bukan %(type)s"
                    )
                    % {"type": _type_name(data)},
                )
                continue
            yield SourceRecord(source, number, data=data)


def _decode_file(path: Path) -> tuple[str | None, SourceRecord | None]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        return None, SourceRecord(str(path), line, error=_utf8_error(raw, err))
    return text.replace("\r\n", "\n").replace("\r", "\n"), None


class _TextDatesLoader(yaml.SafeLoader):
    """PyYAML's safe loader, except that dates stay text: a bad date such as 2025-02-30
    then gets the field's own message instead of a bare ValueError."""


_TextDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _load_yaml(text: str, *, first_line: int) -> tuple[Any, dict[str, int], list[int]]:
    """Parse YAML, returning the data plus the file line of each top-level key and of
    each item of a top-level ``items`` list (for precise error locations)."""
    loader = _TextDatesLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    key_lines: dict[str, int] = {}
    item_lines: list[int] = []
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                key_lines[key_node.value] = key_node.start_mark.line + first_line
                if key_node.value == "items" and isinstance(
                    value_node, yaml.SequenceNode
                ):
                    item_lines = [
                        item.start_mark.line + first_line for item in value_node.value
                    ]
    return data, key_lines, item_lines


def _yaml_error(
    err: yaml.YAMLError, *, first_line: int, default: int
) -> tuple[int, str]:
    mark = getattr(err, "problem_mark", None)
    line = mark.line + first_line if mark is not None else default
    detail = getattr(err, "problem", None) or str(err)
    return line, _("YAML tidak sah (%(detail)s)") % {"detail": detail}


def read_markdown(path: Path) -> SourceRecord:
    """One article from a Markdown file: YAML front matter between ``---`` lines, then
    the body. The slug defaults to the file name without its extension."""
    source = str(path)
    text, failure = _decode_file(path)
    if failure:
        return failure
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return SourceRecord(
            source,
            1,
            error=_(
                "front matter YAML tidak ditemukan: baris pertama berkas harus '---', diikuti metadata dan baris '---' penutup"
            ),
        )
    end = next(
        (i for i in range(1, len(lines)) if lines[i].rstrip() in {"---", "..."}), None
    )
    if end is None:
        return SourceRecord(
            source,
            1,
            error=_(
                "front matter tidak ditutup: tambahkan baris '---' setelah metadata, sebelum isi artikel"
            ),
        )
    front = "\n".join(lines[1:end])
    try:
        data, key_lines, _items = _load_yaml(front, first_line=2)
    except yaml.YAMLError as err:
        line, reason = _yaml_error(err, first_line=2, default=1)
        return SourceRecord(
            source, line, error=_("front matter %(reason)s") % {"reason": reason}
        )
    if not isinstance(data, dict):
        return SourceRecord(
            source,
            1,
            error=_(
                "front matter harus berupa pasangan 'kunci: nilai' (mis. 'title: ...'), bukan %(type)s"
            )
            % {"type": _type_name(data)},
        )
    data = dict(data)
    data.setdefault("slug", path.stem)
    data["body"] = "\n".join(lines[end + 1 :])
    key_lines.setdefault("body", end + 2)
    return SourceRecord(source, 1, data=data, key_lines=key_lines)


def read_yaml_mapping(path: Path) -> SourceRecord:
    """One record from a YAML file whose top level is a mapping (FAQ pages)."""
    source = str(path)
    text, failure = _decode_file(path)
    if failure:
        return failure
    try:
        data, key_lines, item_lines = _load_yaml(text, first_line=1)
    except yaml.YAMLError as err:
        line, reason = _yaml_error(err, first_line=1, default=1)
        return SourceRecord(source, line, error=reason)
    if not isinstance(data, dict):
        return SourceRecord(
            source,
            1,
            error=_("berkas harus berisi pasangan 'kunci: nilai', bukan %(type)s")
            % {"type": _type_name(data)},
        )
    data = dict(data)
    data.setdefault("slug", path.stem)
    return SourceRecord(
        source, 1, data=data, key_lines=key_lines, item_lines=item_lines
    )


def read_article_records(files: Iterable[Path]) -> Iterator[SourceRecord]:
    """Every article record of these files, in order."""
    for path in files:
        if path.suffix.lower() in JSONL_SUFFIXES:
            yield from read_jsonl(path)
        else:
            yield read_markdown(path)


# ---------------------------------------------------------------- validation


class _Fields:
    """Reads typed values out of one record, collecting (key, message) errors."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = data
        self.errors: list[tuple[str, str]] = []

    def error(self, key: str, message: str) -> None:
        self.errors.append((key, message))

    def text(
        self, key: str, *, required: bool = False, max_length: int | None = None
    ) -> str:
        value = self.data.get(key)
        label = _LABELS.get(key, key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.error(key, _("%(label)s wajib diisi") % {"label": label})
            return ""
        if not isinstance(value, str):
            self.error(
                key,
                _(
                    "%(label)s harus berupa teks, bukan %(type)s; beri tanda kutip bila perlu"
                )
                % {"label": label, "type": _type_name(value)},
            )
            return ""
        value = value.replace("\r\n", "\n").strip()
        if max_length is not None and len(value) > max_length:
            self.error(
                key,
                _("%(label)s terlalu panjang: %(length)d karakter, maksimal %(max)d")
                % {"label": label, "length": len(value), "max": max_length},
            )
        return value

    def slug(self, key: str = "slug", *, max_length: int = 255) -> str:
        value = self.text(key, required=True, max_length=max_length)
        if not value:
            return ""
        validator = (
            validate_unicode_slug
            if getattr(settings, "WAGTAIL_ALLOW_UNICODE_SLUGS", True)
            else validate_slug
        )
        try:
            validator(value)
        except ValidationError:
            self.error(
                key,
                _(
                    "%(label)s '%(value)s' tidak sah: gunakan huruf, angka, garis bawah atau tanda hubung saja, tanpa spasi (mis. daftar-npwp)"
                )
                % {"label": _LABELS.get(key, key), "value": value},
            )
        return value

    def text_list(self, key: str, *, max_length: int, split_commas: bool) -> list[str]:
        value = self.data.get(key)
        if value is None or value == "":
            return []
        if isinstance(value, str):
            value = value.split(",") if split_commas else [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.error(
                key,
                _('%(label)s harus berupa daftar teks, mis. ["npwp", "spt"]')
                % {"label": _LABELS.get(key, key)},
            )
            return []
        items: list[str] = []
        for raw in value:
            item = raw.strip()
            if not item or item in items:
                continue
            if len(item) > max_length:
                self.error(
                    key,
                    _(
                        "%(label)s '%(value)s…' terlalu panjang: %(length)d karakter, maksimal %(max)d"
                    )
                    % {
                        "label": _LABELS.get(key, key),
                        "value": item[:30],
                        "length": len(item),
                        "max": max_length,
                    },
                )
            items.append(item)
        return items

    def iso_date(self, key: str) -> date | None:
        value = self.data.get(key)
        if value is None or value == "":
            return None
        if isinstance(value, date) and not isinstance(value, datetime):
            return value
        if isinstance(value, str) and _ISO_DATE.match(value.strip()):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.error(
            key,
            _(
                "%(label)s '%(value)s' tidak sah; gunakan tanggal berformat YYYY-MM-DD, mis. 2025-03-31"
            )
            % {"label": _LABELS.get(key, key), "value": value},
        )
        return None

    def unknown(self, known: frozenset[str]) -> list[str]:
        return sorted(str(k) for k in self.data if k not in known)


def _topic_segments(fields: _Fields, *, default: str) -> tuple[str, ...]:
    raw = fields.text("topic", max_length=1000) or default
    segments = tuple(part.strip() for part in raw.split("/"))
    for segment in segments:
        if not slugify(segment):
            fields.error(
                "topic",
                _(
                    "topik (topic) '%(value)s' tidak sah: setiap bagian jalur (dipisah '/') harus memuat huruf atau angka"
                )
                % {"value": raw},
            )
            return ()
        if len(segment) > 255:
            fields.error(
                "topic",
                _("nama topik (topic) '%(value)s…' lebih dari 255 karakter")
                % {"value": segment[:30]},
            )
            return ()
    return segments


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
    fields = _Fields(data)
    title_max = ArticlePage._meta.get_field("title").max_length
    slug = fields.slug(max_length=ArticlePage._meta.get_field("slug").max_length)
    title = fields.text("title", required=True, max_length=title_max)
    body = fields.text("body", required=True)
    summary = fields.text("summary", max_length=500)
    topic = _topic_segments(fields, default=default_topic)
    tags = fields.text_list("tags", max_length=100, split_commas=True)
    audiences = fields.text_list("audience", max_length=40, split_commas=False)
    valid_codes = set(Audience.values)
    for code in audiences:
        if code not in valid_codes:
            fields.error(
                "audience",
                _(
                    "pembaca (audience) '%(value)s' tidak dikenal; gunakan salah satu: %(choices)s"
                )
                % {"value": code, "choices": ", ".join(Audience.values)},
            )
    reviewed_on = fields.iso_date("reviewed_on")
    content_owner = fields.text(
        "content_owner",
        max_length=ArticlePage._meta.get_field("content_owner").max_length,
    )
    sources = fields.text_list("sources", max_length=500, split_commas=False)
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
    )
    return article, [], unknown


def _validation_reason(err: ValidationError) -> str:
    """One line out of a model ValidationError, with fields named as in the files."""
    if not hasattr(err, "error_dict"):
        return "; ".join(str(m) for m in err.messages)
    parts = []
    for name, errors in err.message_dict.items():
        label = _LABELS.get(name, name)
        for message in errors:
            parts.append(message if name == "__all__" else f"{label}: {message}")
    return "; ".join(parts)


# ---------------------------------------------------------------- topics


def kb_home() -> HomePage:
    """The KB home page: the root of the default site, created by the migrations."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    root = site.root_page.specific if site else None
    if not isinstance(root, HomePage):
        raise ImportInputError(
            _(
                "Beranda TKB tidak ditemukan sebagai akar situs bawaan; jalankan 'python manage.py migrate' terlebih dahulu."
            )
        )
    return root


class TopicTree:
    """Finds topic pages by a title/slug path under the KB home and creates (and
    publishes) the missing ones. Creations made inside a record that is later rolled
    back are forgotten with `rollback()`."""

    def __init__(self, home: HomePage) -> None:
        self.home = home
        self._children: dict[tuple[str, str], TopicIndexPage] = {}
        self._by_slug: dict[str, list[TopicIndexPage]] = {}
        self._pending: list[TopicIndexPage] = []
        for topic in TopicIndexPage.objects.descendant_of(home).order_by("path"):
            self._remember(topic)

    def _remember(self, topic: TopicIndexPage) -> None:
        parent_path = topic.path[: -topic.steplen]
        self._children[(parent_path, topic.slug)] = topic
        self._by_slug.setdefault(topic.slug, []).append(topic)

    def _forget(self, topic: TopicIndexPage) -> None:
        self._children.pop((topic.path[: -topic.steplen], topic.slug), None)
        self._by_slug[topic.slug].remove(topic)

    def find(self, segments: Sequence[str]) -> TopicIndexPage | None:
        """The existing topic for this path, or None if part of it is missing."""
        if len(segments) == 1:
            slug = slugify(segments[0])
            direct = self._children.get((self.home.path, slug))
            if direct is not None:
                return direct
            anywhere = self._by_slug.get(slug, [])
            return anywhere[0] if len(anywhere) == 1 else None
        parent: Page = self.home
        topic = None
        for segment in segments:
            topic = self._children.get((parent.path, slugify(segment)))
            if topic is None:
                return None
            parent = topic
        return topic

    def resolve(self, segments: Sequence[str]) -> TopicIndexPage:
        """The topic for this path, creating and publishing missing topics."""
        found = self.find(segments)
        if found is not None:
            return found
        parent: Page = self.home
        for segment in segments:
            slug = slugify(segment)
            topic = self._children.get((parent.path, slug))
            if topic is None:
                topic = TopicIndexPage(
                    title=segment, slug=slug, locale_id=parent.locale_id
                )
                parent.add_child(instance=topic)
                topic.save_revision().publish()
                self._remember(topic)
                self._pending.append(topic)
            parent = topic
        return parent

    def commit(self) -> None:
        self._pending.clear()

    def rollback(self) -> None:
        for topic in self._pending:
            self._forget(topic)
        self._pending.clear()


# ---------------------------------------------------------------- publishing


_bulk_import: ContextVar[bool] = ContextVar("kb_bulk_import", default=False)


def bulk_import_active() -> bool:
    """True while `articles_import` runs: it indexes the pages it writes in bulk at the
    end, so receivers that index one page per publish may skip them meanwhile."""
    return _bulk_import.get()


@contextmanager
def search_index_deferred(*models: type) -> Iterator[None]:
    """Stop saves of these models from updating the search index one by one (the
    caller indexes them in bulk afterwards), and stop reference-index updates."""
    disconnected = [
        model
        for model in models
        if post_save.disconnect(post_save_signal_handler, sender=model)
    ]
    token = _bulk_import.set(True)
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        _bulk_import.reset(token)
        for model in disconnected:
            post_save.connect(post_save_signal_handler, sender=model)


def articles_index(*, page_ids: Sequence[int]) -> bool:
    """Add these articles to every auto-updated search backend, in chunks.

    Returns False when an external engine (OpenSearch) failed; the error is logged and
    the import stands, as with Wagtail's own auto-update. Database backends raise.
    """
    ids = list(page_ids)
    complete = True
    for backend in get_search_backends(with_auto_update=True):
        try:
            for start in range(0, len(ids), INDEX_CHUNK):
                chunk = ids[start : start + INDEX_CHUNK]
                pages = list(ArticlePage.get_indexed_objects().filter(pk__in=chunk))
                backend.add_bulk(ArticlePage, pages)
        except Exception:  # each engine client raises its own error types
            if not backend.catch_indexing_errors:
                raise
            logger.exception("Bulk indexing of imported articles failed")
            complete = False
    return complete


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

    record: SourceRecord
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
        self.seen: dict[str, str] = {}
        self.pending: list[_Pending] = []

    def prefetch(self, records: Sequence[SourceRecord]) -> None:
        slugs = [
            r.data["slug"]
            for r in records
            if r.data is not None and isinstance(r.data.get("slug"), str)
        ]
        self.states = _article_states(s.strip() for s in slugs)

    def reject(
        self, record: SourceRecord, reason: str, *, key: str | None = None
    ) -> None:
        self.result.rejected.append(Problem(record.source, record.line_of(key), reason))

    def process(self, record: SourceRecord) -> None:
        if record.error is not None:
            self.reject(record, record.error)
            return
        article, errors, unknown = parse_article(
            record.data, default_topic=self.default_topic
        )
        if unknown:
            self.result.warnings.append(
                Problem(
                    record.source,
                    record.line_of(unknown[0]),
                    _("kolom tidak dikenal diabaikan: %(names)s")
                    % {"names": ", ".join(unknown)},
                )
            )
        if article is None:
            key = errors[0][0]
            self.reject(record, "; ".join(message for _key, message in errors), key=key)
            return
        where = f"{record.source}:{record.line}"
        if article.slug in self.seen:
            self.reject(
                record,
                _(
                    "slug '%(slug)s' sudah dipakai catatan lain dalam impor ini (%(where)s); catatan ini dilewati"
                )
                % {"slug": article.slug, "where": self.seen[article.slug]},
                key="slug",
            )
            return
        self.seen[article.slug] = where
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

    def _write(
        self, record: SourceRecord, article: ArticleInput, state: _ArticleState | None
    ) -> None:
        started = time.perf_counter()
        try:
            with transaction.atomic():
                topic = self.topics.resolve(article.topic)
                if state is None:
                    page = self._new_page(article)
                    pages_create_published(entries=[(topic, page)])
                else:
                    page = self._update(article, topic, state)
        except ValidationError as err:
            self.topics.rollback()
            self.reject(record, _validation_reason(err))
            return
        except (IntegrityError, DataError) as err:
            self.topics.rollback()
            self.reject(
                record,
                _("basis data menolak catatan ini (%(detail)s)") % {"detail": err},
            )
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

    def _queue(self, record: SourceRecord, article: ArticleInput) -> None:
        """Validate a new article now; `flush()` writes the queued ones together."""
        started = time.perf_counter()
        try:
            with transaction.atomic():
                page = self._new_page(article)
                topic = self.topics.resolve(article.topic)
        except ValidationError as err:
            self.topics.rollback()
            self.reject(record, _validation_reason(err))
            return
        except (IntegrityError, DataError) as err:
            self.topics.rollback()
            self.reject(
                record,
                _("basis data menolak catatan ini (%(detail)s)") % {"detail": err},
            )
            return
        self.topics.commit()
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
            page.move(topic, pos="last-child")
            page = pages.get(pk=state.id)
        self._fill(page, article)
        page.save_revision(log_action=True).publish()
        return page


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
    files = collect_files(paths, suffixes=JSONL_SUFFIXES | MARKDOWN_SUFFIXES)
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


# ---------------------------------------------------------------- FAQ pages


@dataclass(frozen=True)
class FAQInput:
    """A validated FAQ page record."""

    slug: str
    title: str
    intro: str
    topic: tuple[str, ...]
    items: tuple[tuple[str, str, str], ...]


def parse_faq(
    record: SourceRecord, *, default_topic: str = DEFAULT_TOPIC
) -> tuple[FAQInput | None, list[tuple[int, str]], list[str]]:
    """Validate one FAQ page record: (page or None, [(line, error)], unknown keys)."""
    data = record.data or {}
    fields = _Fields(data)
    slug = fields.slug(max_length=FAQPage._meta.get_field("slug").max_length)
    title = fields.text("title", required=True, max_length=255)
    intro = fields.text("intro", max_length=600)
    topic = _topic_segments(fields, default=default_topic)
    errors = [(record.line_of(key), message) for key, message in fields.errors]
    unknown = fields.unknown(FAQ_FIELDS)
    raw_items = data.get("items")
    items: list[tuple[str, str, str]] = []
    if not isinstance(raw_items, list) or not raw_items:
        errors.append(
            (
                record.line_of("items"),
                _(
                    "pertanyaan (items) wajib diisi: daftar berisi minimal satu 'question' dan 'answer'"
                ),
            )
        )
        raw_items = []
    anchors: set[str] = set()
    for index, raw in enumerate(raw_items):
        line = (
            record.item_lines[index]
            if index < len(record.item_lines)
            else record.line_of("items")
        )
        prefix = _("pertanyaan ke-%(n)d: ") % {"n": index + 1}
        if not isinstance(raw, dict):
            errors.append((line, prefix + _("harus berisi 'question' dan 'answer'")))
            continue
        item_fields = _Fields(raw)
        question = item_fields.text("question", required=True, max_length=300)
        answer = item_fields.text("answer", required=True)
        anchor = item_fields.text("anchor", max_length=80)
        if anchor:
            item_fields.slug("anchor", max_length=80)
        errors.extend((line, prefix + message) for _key, message in item_fields.errors)
        unknown.extend(
            f"items[{index + 1}].{name}"
            for name in item_fields.unknown(FAQ_ITEM_FIELDS)
        )
        base = anchor or slugify(question)[:80] or f"q-{index + 1}"
        anchor = base
        suffix = 2
        while anchor in anchors:
            anchor = f"{base[: 80 - len(str(suffix)) - 1]}-{suffix}"
            suffix += 1
        anchors.add(anchor)
        items.append((question, answer, anchor))
    if errors:
        return None, errors, unknown
    return (
        FAQInput(slug=slug, title=title, intro=intro, topic=topic, items=tuple(items)),
        [],
        unknown,
    )


def _faq_matches(
    page: FAQPage, faq: FAQInput, *, topic: Page | None, demo: bool
) -> bool:
    items = tuple(
        (item.question, item.answer, item.anchor)
        for item in page.items.order_by("sort_order", "pk")
    )
    return (
        topic is not None
        and page.path[: -page.steplen] == topic.path
        and page.live
        and not page.has_unpublished_changes
        and page.is_demo == demo
        and page.title == faq.title
        and page.intro == faq.intro
        and items == faq.items
    )


def faq_pages_import(
    *,
    paths: Sequence[Path | str],
    demo: bool = False,
    default_topic: str = DEFAULT_TOPIC,
) -> ImportResult:
    """Create or update (by slug) and publish FAQ pages from YAML files and folders."""
    files = collect_files(paths, suffixes=YAML_SUFFIXES)
    result = ImportResult()
    started = time.perf_counter()
    topics = TopicTree(kb_home())
    seen: dict[str, str] = {}
    for path in files:
        record = read_yaml_mapping(path)
        if record.error is not None:
            result.rejected.append(Problem(record.source, record.line, record.error))
            continue
        faq, errors, unknown = parse_faq(record, default_topic=default_topic)
        if unknown:
            result.warnings.append(
                Problem(
                    record.source,
                    record.line,
                    _("kolom tidak dikenal diabaikan: %(names)s")
                    % {"names": ", ".join(unknown)},
                )
            )
        if faq is None:
            line = errors[0][0]
            result.rejected.append(
                Problem(record.source, line, "; ".join(m for _line, m in errors))
            )
            continue
        if faq.slug in seen:
            result.rejected.append(
                Problem(
                    record.source,
                    record.line_of("slug"),
                    _(
                        "slug '%(slug)s' sudah dipakai catatan lain dalam impor ini (%(where)s); catatan ini dilewati"
                    )
                    % {"slug": faq.slug, "where": seen[faq.slug]},
                )
            )
            continue
        seen[faq.slug] = record.source
        existing = list(FAQPage.objects.filter(slug=faq.slug))
        if len(existing) > 1 or (demo and existing and not existing[0].is_demo):
            result.rejected.append(
                Problem(
                    record.source,
                    record.line_of("slug"),
                    _(
                        "slug '%(slug)s' sudah dipakai halaman FAQ lain (id %(ids)s) yang tidak boleh diubah oleh impor ini"
                    )
                    % {
                        "slug": faq.slug,
                        "ids": ", ".join(str(p.pk) for p in existing),
                    },
                )
            )
            continue
        page = existing[0] if existing else None
        if page is not None and _faq_matches(
            page, faq, topic=topics.find(faq.topic), demo=demo
        ):
            result.unchanged += 1
            continue
        record_started = time.perf_counter()
        try:
            with transaction.atomic():
                topic = topics.resolve(faq.topic)
                page = _faq_write(page, faq, topic=topic, demo=demo)
        except ValidationError as err:
            topics.rollback()
            result.rejected.append(
                Problem(record.source, record.line, _validation_reason(err))
            )
            continue
        except (IntegrityError, DataError) as err:
            topics.rollback()
            result.rejected.append(
                Problem(
                    record.source,
                    record.line,
                    _("basis data menolak catatan ini (%(detail)s)") % {"detail": err},
                )
            )
            continue
        topics.commit()
        result.durations.append(time.perf_counter() - record_started)
        result.page_ids.append(page.pk)
        if existing:
            result.updated += 1
        else:
            result.created += 1
    result.seconds = time.perf_counter() - started
    return result


def _faq_write(
    page: FAQPage | None, faq: FAQInput, *, topic: TopicIndexPage, demo: bool
) -> FAQPage:
    if page is not None and page.path[: -page.steplen] != topic.path:
        page.move(topic, pos="last-child")
        page = FAQPage.objects.get(pk=page.pk)
    is_new = page is None
    if page is None:
        page = FAQPage(slug=faq.slug, locale_id=topic.locale_id)
    page.title = faq.title
    page.intro = faq.intro
    page.is_demo = demo
    page.items = [
        FAQItem(question=question, answer=answer, anchor=anchor, sort_order=index)
        for index, (question, answer, anchor) in enumerate(faq.items)
    ]
    if is_new:
        page.full_clean(
            exclude=_SYSTEM_FIELDS, validate_unique=False, validate_constraints=False
        )
        topic.add_child(instance=page)
    page.save_revision(log_action=not is_new).publish()
    return page


# ---------------------------------------------------------------- demo content


@dataclass
class DemoResult:
    """What `demo_load` did for articles, FAQ pages, topic intros and the home intro."""

    articles: ImportResult
    faqs: ImportResult
    topic_intros_filled: int
    home_intro_changed: bool


def home_set_intro(*, intro: str) -> bool:
    """Set and publish the KB home's intro; returns False when it already matches."""
    home = kb_home()
    if home.intro == intro and home.live and not home.has_unpublished_changes:
        return False
    home.intro = intro
    home.save_revision(log_action=True).publish()
    return True


def topics_ensure(*, intros: Mapping[str, str]) -> int:
    """Create the missing topics of these title/slug paths (published), and give each
    topic its intro while its intro is empty; returns how many intros were filled.

    Intros that editors wrote are never replaced.
    """
    topics = TopicTree(kb_home())
    filled = 0
    for path, intro in intros.items():
        with transaction.atomic():
            topic = topics.resolve([part.strip() for part in path.split("/")])
            topics.commit()
            if topic.intro:
                continue
            topic.intro = intro.strip()
            topic.save_revision(log_action=True).publish()
            filled += 1
    return filled


def demo_load(
    *, directory: Path = DEMO_DIR, progress: ProgressCallback | None = None
) -> DemoResult:
    """Load the demo home intro, topics (with intros), articles and FAQ pages.

    Articles and FAQ pages are marked is_demo. Idempotent, and never changes an article
    or FAQ page that is not demo content, nor a topic intro an editor wrote.
    """
    # Home and topics first: publishing a page reindexes what lies below it, which
    # is cheap before the articles exist.
    home = yaml.safe_load((directory / "home.yaml").read_text(encoding="utf-8"))
    changed = home_set_intro(intro=str(home["intro"]).strip())
    intros = yaml.safe_load((directory / "topics.yaml").read_text(encoding="utf-8"))
    filled = topics_ensure(intros=intros)
    articles = articles_import(
        paths=[directory / "articles"], demo=True, progress=progress
    )
    faqs = faq_pages_import(paths=[directory / "faq"], demo=True)
    return DemoResult(
        articles=articles,
        faqs=faqs,
        topic_intros_filled=filled,
        home_intro_changed=changed,
    )
