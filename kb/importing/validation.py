"""Validation shared by the article and FAQ importers: the files' field names, topic
paths, and the Page fields an import never sets."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Page

from ingest import Fields, shown

DEFAULT_TOPIC = "Umum"
TOPIC_SEGMENT_MAX = 255


# Page fields the importer never sets from a record; validating them would only cost
# foreign-key look-ups, and Wagtail fills them in when the page is added to the tree.
_SYSTEM_FIELDS = tuple(
    f.name
    for f in Page._meta.get_fields()
    if f.concrete and f.name not in {"title", "slug", "seo_title", "search_description"}
)

LABELS = {
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
    "answer_kind": "jenis jawaban (answer_kind)",
    "sources": "sumber (sources)",
    "intro": "pengantar (intro)",
    "items": "pertanyaan (items)",
    "question": "pertanyaan (question)",
    "answer": "jawaban (answer)",
    "anchor": "jangkar (anchor)",
}


def kb_fields(data: Mapping[str, Any]) -> Fields:
    """A field reader naming fields as the KB's import files do."""
    return Fields(data, labels=LABELS)


def topic_segments(fields: Fields, *, default: str) -> tuple[str, ...]:
    """The topic path of a record ("Parent/Child", a title or slug per segment)."""
    raw = fields.text("topic", max_length=1000) or default
    segments = tuple(part.strip() for part in raw.split("/"))
    for segment in segments:
        if not slugify(segment):
            fields.error(
                "topic",
                _(
                    "topik (topic) %(value)s tidak sah: setiap bagian jalur (dipisah '/') harus memuat huruf atau angka"
                )
                % {"value": shown(raw)},
            )
            return ()
        if len(segment) > TOPIC_SEGMENT_MAX:
            fields.error(
                "topic",
                _("nama topik (topic) %(value)s lebih dari %(max)d karakter")
                % {"value": shown(segment), "max": TOPIC_SEGMENT_MAX},
            )
            return ()
    return segments
