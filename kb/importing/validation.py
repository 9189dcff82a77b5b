"""Validation shared by the article and FAQ importers: typed field reading with messages
in Bahasa Indonesia, topic paths, and model errors named as in the files."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug, validate_unicode_slug
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Page

from kb.importing.reading import _type_name

DEFAULT_TOPIC = "Umum"


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
