"""Model fields the knowledge base needs and Django lacks."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _


class ChoiceListField(models.JSONField):
    """Several values from a fixed list (e.g. channels), stored as a JSON list, edited as checkboxes.

    Works the same on SQLite and PostgreSQL, and inside Wagtail revisions.
    """

    def __init__(self, *args: Any, item_choices=(), **kwargs: Any) -> None:
        self.item_choices = [(str(value), label) for value, label in item_choices]
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["item_choices"] = self.item_choices
        if kwargs.get("default") is list:
            del kwargs["default"]
        if kwargs.get("blank") is True:
            del kwargs["blank"]
        return name, path, args, kwargs

    def validate(self, value: Any, model_instance: models.Model | None) -> None:
        super().validate(value, model_instance)
        allowed = {choice for choice, _label in self.item_choices}
        if not isinstance(value, list):
            raise ValidationError(_("Nilai harus berupa daftar."), code="invalid")
        unknown = [item for item in value if item not in allowed]
        if unknown:
            raise ValidationError(
                _(
                    "Nilai tidak dikenal: %(values)s. Pilihan yang tersedia: %(allowed)s."
                )
                % {
                    "values": ", ".join(map(str, unknown)),
                    "allowed": ", ".join(allowed),
                },
                code="invalid_choice",
            )

    def formfield(self, **kwargs: Any) -> forms.Field:
        for json_only in ("encoder", "decoder"):
            kwargs.pop(json_only, None)
        defaults = {
            "form_class": forms.TypedMultipleChoiceField,
            "choices": self.item_choices,
            "coerce": str,
            "widget": forms.CheckboxSelectMultiple,
        }
        return models.Field.formfield(self, **{**defaults, **kwargs})


# Markdown an editor may save in one field: an article body up to about 30,000 words;
# anything longer is several articles, and would make every reader download it.
MARKDOWN_MAX_CHARS = 200_000
# A shorter field (an FAQ answer, a section of a service page).
MARKDOWN_SECTION_MAX_CHARS = 20_000


@deconstructible
class MarkdownLengthValidator(MaxLengthValidator):
    """MaxLengthValidator whose message says what to do about a long text."""

    message = _(
        "Teks ini terlalu panjang: %(show_value)d karakter, paling banyak "
        "%(limit_value)d. Pecah isinya menjadi beberapa halaman."
    )
