"""Import FAQ pages from YAML files, one page per file, created or updated by slug."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Page

from ingest import (
    YAML_SUFFIXES,
    FirstSeen,
    Problem,
    Record,
    error_text,
    input_paths,
    max_length_of,
    read_yaml_mapping,
    shown,
)
from kb.importing.results import ImportResult
from kb.importing.topics import TopicTree, kb_home
from kb.importing.validation import (
    _SYSTEM_FIELDS,
    DEFAULT_TOPIC,
    LABELS,
    kb_fields,
    topic_segments,
)
from kb.models import FAQItem, FAQPage, TopicIndexPage
from kb.publishing import page_slug_check

FAQ_FIELDS = frozenset({"slug", "title", "topic", "intro", "items"})
FAQ_ITEM_FIELDS = frozenset({"question", "answer", "anchor"})
INTRO_MAX = 600  # as FAQPage.intro's validator
QUESTION_MAX = max_length_of(FAQItem, "question")
ANCHOR_MAX = max_length_of(FAQItem, "anchor")


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
    record: Record, *, default_topic: str = DEFAULT_TOPIC
) -> tuple[FAQInput | None, list[tuple[int, str]], list[str]]:
    """Validate one FAQ page record: (page or None, [(line, error)], unknown keys)."""
    data = record.data
    fields = kb_fields(data)
    slug = fields.slug(max_length=max_length_of(FAQPage, "slug"))
    title = fields.text(
        "title", required=True, max_length=max_length_of(FAQPage, "title")
    )
    intro = fields.text("intro", max_length=INTRO_MAX, multiline=True)
    topic = topic_segments(fields, default=default_topic)
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
        item_fields = kb_fields(raw)
        question = item_fields.text("question", required=True, max_length=QUESTION_MAX)
        answer = item_fields.text(
            "answer",
            required=True,
            max_length=max_length_of(FAQItem, "answer"),
            multiline=True,
        )
        anchor = item_fields.text("anchor", max_length=ANCHOR_MAX)
        if anchor:
            anchor = item_fields.slug("anchor", max_length=ANCHOR_MAX)
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
    files = input_paths(paths, suffixes=YAML_SUFFIXES)
    result = ImportResult()
    started = time.perf_counter()
    topics = TopicTree(kb_home())
    seen = FirstSeen()
    for path in files:
        record = read_yaml_mapping(path)
        if isinstance(record, Problem):
            result.rejected.append(record)
            continue
        faq, errors, unknown = parse_faq(record, default_topic=default_topic)
        if unknown:
            result.warnings.append(
                record.problem(
                    _("kolom tidak dikenal diabaikan: %(names)s")
                    % {"names": ", ".join(unknown)}
                )
            )
        if faq is None:
            line = errors[0][0]
            result.rejected.append(
                Problem(record.source, line, "; ".join(m for _line, m in errors))
            )
            continue
        repeat = seen.repeat(
            faq.slug,
            source=record.source,
            line=record.line_of("slug"),
            name=f"slug {shown(faq.slug)}",
        )
        if repeat:
            result.rejected.append(record.problem(repeat, key="slug"))
            continue
        existing = list(FAQPage.objects.filter(slug=faq.slug))
        if len(existing) > 1 or (demo and existing and not existing[0].is_demo):
            result.rejected.append(
                record.problem(
                    _(
                        "slug '%(slug)s' sudah dipakai halaman FAQ lain (id %(ids)s) yang tidak boleh diubah oleh impor ini"
                    )
                    % {
                        "slug": faq.slug,
                        "ids": ", ".join(str(p.pk) for p in existing),
                    },
                    key="slug",
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
            reason = error_text(err, LABELS)
        except (IntegrityError, DataError) as err:
            reason = _("basis data menolak catatan ini (%(detail)s)") % {"detail": err}
        else:
            reason = ""
        if reason:
            topics.rollback()
            result.rejected.append(record.problem(reason))
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
        page_slug_check(slug=page.slug, parent=topic, page=page)
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
        page_slug_check(slug=page.slug, parent=topic)
        page.full_clean(
            exclude=_SYSTEM_FIELDS, validate_unique=False, validate_constraints=False
        )
        topic.add_child(instance=page)
    page.save_revision(log_action=not is_new).publish()
    return page
