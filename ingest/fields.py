"""Typed field reading shared by the importers, with one message per kind of mistake.

`Fields` reads one record and collects ``(key, message)`` errors instead of stopping at
the first, so a line is reported with everything wrong in it. Messages name the field
by the label the importer gives it (e.g. "judul (title)").
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import (
    MaxLengthValidator,
    validate_slug,
    validate_unicode_slug,
)
from django.utils.translation import gettext as _

from ingest.dates import date_error, parse_date
from ingest.problems import shown

# The longest free text (an article body, a service description, an abstract) any
# importer accepts; short fields take their model field's max_length.
LONG_TEXT_MAX = 200_000
# C0 controls, DEL and C1 controls; multi-line text may hold tab and line breaks.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_MULTILINE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_CONTROL_NAMES = {"\x00": "NUL", "\t": "tab", "\n": "baris baru", "\r": "CR"}
_DIGITS = re.compile(r"[0-9]{1,18}")
TRUE_WORDS = frozenset({"1", "true", "ya", "yes", "y"})
FALSE_WORDS = frozenset({"", "0", "false", "tidak", "no", "n"})


def max_length_of(model: type, name: str) -> int:
    """The limit an import applies to a model's field: its max_length, else the limit
    of its MaxLengthValidator (a Markdown field's), else LONG_TEXT_MAX."""
    field = model._meta.get_field(name)
    if field.max_length:
        return field.max_length
    limits = [
        validator.limit_value
        for validator in field.validators
        if isinstance(validator, MaxLengthValidator)
    ]
    return min(limits, default=LONG_TEXT_MAX)


def type_name(value: Any) -> str:
    """What kind of value this is, in the editors' words."""
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
    if isinstance(value, date):
        return _("tanggal")
    return type(value).__name__


def control_error(label: str, value: str, *, multiline: bool) -> str | None:
    """Why `value` may not be stored (a control character), or None."""
    found = (_CONTROL_MULTILINE if multiline else _CONTROL).search(value)
    if found is None:
        return None
    char = found.group()
    code = f"U+{ord(char):04X}"
    name = _CONTROL_NAMES.get(char)
    return _(
        "%(label)s memuat karakter kendali %(char)s pada posisi %(pos)d; hapus karakter itu"
    ) % {
        "label": label,
        "char": f"{code} ({name})" if name else code,
        "pos": found.start() + 1,
    }


def too_long_error(label: str, value: str, max_length: int) -> str | None:
    """Why `value` is too long for its field, or None."""
    if len(value) <= max_length:
        return None
    return _("%(label)s terlalu panjang: %(length)d karakter, maksimal %(max)d") % {
        "label": label,
        "length": len(value),
        "max": max_length,
    }


class Fields:
    """Reads typed values out of one record, collecting (key, message) errors."""

    def __init__(
        self, data: Mapping[str, Any], *, labels: Mapping[str, str] | None = None
    ) -> None:
        self.data = data
        self.labels = labels or {}
        self.errors: list[tuple[str, str]] = []

    def label(self, key: str) -> str:
        return self.labels.get(key, key)

    def error(self, key: str, message: str) -> None:
        self.errors.append((key, message))

    @staticmethod
    def blank(value: Any) -> bool:
        return value is None or (isinstance(value, str) and not value.strip())

    def _required(self, key: str) -> None:
        self.error(key, _("%(label)s wajib diisi") % {"label": self.label(key)})

    def _checked(
        self, key: str, value: str, *, max_length: int | None, multiline: bool
    ) -> str | None:
        """`value` stripped (line breaks as "\\n"), or None after recording why not."""
        value = value.replace("\r\n", "\n").strip()
        label = self.label(key)
        problem = control_error(label, value, multiline=multiline) or (
            too_long_error(label, value, max_length) if max_length else None
        )
        if problem:
            self.error(key, problem)
            return None
        return value

    def text(
        self,
        key: str,
        *,
        required: bool = False,
        max_length: int | None = LONG_TEXT_MAX,
        multiline: bool = False,
    ) -> str:
        """A text field ("" when absent); single-line unless `multiline`."""
        value = self.data.get(key)
        if self.blank(value):
            if required:
                self._required(key)
            return ""
        if not isinstance(value, str):
            self.error(
                key,
                _(
                    "%(label)s harus berupa teks, bukan %(type)s; beri tanda kutip bila perlu"
                )
                % {"label": self.label(key), "type": type_name(value)},
            )
            return ""
        return (
            self._checked(key, value, max_length=max_length, multiline=multiline) or ""
        )

    def slug(
        self, key: str = "slug", *, max_length: int, allow_unicode: bool | None = None
    ) -> str:
        """A required slug: letters, digits, "-" and "_" (Unicode letters when Wagtail
        allows them, unless `allow_unicode` is false)."""
        value = self.text(key, required=True, max_length=max_length)
        if not value:
            return ""
        if allow_unicode is None:
            allow_unicode = getattr(settings, "WAGTAIL_ALLOW_UNICODE_SLUGS", True)
        try:
            (validate_unicode_slug if allow_unicode else validate_slug)(value)
        except ValidationError:
            self.error(
                key,
                _(
                    "%(label)s %(value)s tidak sah: gunakan huruf, angka, garis bawah atau tanda hubung saja, tanpa spasi (mis. daftar-npwp)"
                )
                % {"label": self.label(key), "value": shown(value)},
            )
            return ""
        return value

    def _unknown_choices(
        self, key: str, values: list[str], choices: Collection[str]
    ) -> bool:
        unknown = [value for value in values if value not in choices]
        if unknown:
            self.error(
                key,
                _("%(label)s %(value)s tidak dikenal; gunakan salah satu: %(choices)s")
                % {
                    "label": self.label(key),
                    "value": ", ".join(shown(value) for value in unknown),
                    "choices": ", ".join(choices),
                },
            )
        return bool(unknown)

    def choice(
        self,
        key: str,
        choices: Collection[str],
        *,
        required: bool = True,
        upper: bool = False,
    ) -> str:
        """One of `choices` ("" when absent and not required)."""
        value = self.text(key, required=required, max_length=None)
        if not value:
            return ""
        if upper:
            value = value.upper()
        return "" if self._unknown_choices(key, [value], choices) else value

    def text_list(
        self, key: str, *, max_length: int, separator: str | None = None
    ) -> list[str]:
        """A list of single-line texts, without blanks or repeats; a text is split on
        `separator` (or taken as one item when there is none)."""
        value = self.data.get(key)
        if value is None or value == "":
            return []
        if isinstance(value, str):
            value = value.split(separator) if separator else [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.error(
                key,
                _('%(label)s harus berupa daftar teks, mis. ["npwp", "spt"]')
                % {"label": self.label(key)},
            )
            return []
        items: list[str] = []
        for raw in value:
            item = self._checked(key, raw, max_length=max_length, multiline=False)
            if item is None:
                return []
            if item and item not in items:
                items.append(item)
        return items

    def choice_list(
        self, key: str, choices: Collection[str], *, separator: str | None = None
    ) -> list[str]:
        """A list of `choices` (see text_list)."""
        longest = max((len(choice) for choice in choices), default=0)
        items = self.text_list(key, max_length=max(longest, 100), separator=separator)
        return [] if self._unknown_choices(key, items, choices) else items

    def integer(
        self, key: str, *, low: int, high: int, example: str, required: bool = False
    ) -> int | None:
        """A whole number from `low` to `high`, written as a number or as digits."""
        value = self.data.get(key)
        if self.blank(value):
            if required:
                self._required(key)
            return None
        number = value
        if isinstance(value, str) and _DIGITS.fullmatch(value.strip()):
            number = int(value.strip())
        if isinstance(number, bool) or not isinstance(number, int):
            number = None
        if number is None or not low <= number <= high:
            self.error(
                key,
                _(
                    "%(label)s %(value)s tidak sah; tulis bilangan bulat %(low)d sampai %(high)d, mis. %(example)s"
                )
                % {
                    "label": self.label(key),
                    "value": shown(value),
                    "low": low,
                    "high": high,
                    "example": example,
                },
            )
            return None
        return number

    def boolean(self, key: str) -> bool:
        """true/false (also ya/tidak, yes/no, 1/0); absent or blank is false."""
        value = self.data.get(key)
        if isinstance(value, bool):
            return value
        if value is None:
            return False
        if isinstance(value, int) and value in (0, 1):
            return bool(value)
        word = value.strip().lower() if isinstance(value, str) else None
        if word in TRUE_WORDS | FALSE_WORDS:
            return word in TRUE_WORDS
        self.error(
            key,
            _("%(label)s %(value)s tidak sah; tulis true atau false")
            % {"label": self.label(key), "value": shown(value)},
        )
        return False

    def date(self, key: str, *, required: bool = False) -> date | None:
        """A YYYY-MM-DD date (None when absent)."""
        value = self.data.get(key)
        if value is None or value == "":
            if required:
                self._required(key)
            return None
        try:
            return parse_date(value)
        except ValidationError:
            self.error(key, f"{self.label(key)}: {date_error(value)}")
            return None

    def unknown(self, known: Collection[str], *, notes_prefix: str = "") -> list[str]:
        """The keys that are not `known` (nor notes starting with `notes_prefix`)."""
        return sorted(
            key if len(key) <= 40 else f"{key[:39]}…"
            for key in map(str, self.data)
            if key not in known and not (notes_prefix and key.startswith(notes_prefix))
        )
