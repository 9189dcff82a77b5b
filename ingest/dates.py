"""The one date parser of imports, commands and forms, with its one message."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy

from ingest.problems import shown

DATE_ERROR = gettext_lazy(
    "tanggal %(value)s tidak sah; tulis YYYY-MM-DD, mis. 2025-05-21"
)
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def date_error(value: Any) -> str:
    """The message for a value that is not a YYYY-MM-DD date."""
    return DATE_ERROR % {"value": shown(value)}


def parse_date(value: Any) -> date:
    """A YYYY-MM-DD text (surrounding spaces allowed) or a date, as a date.

    Anything else, including other ISO forms such as 20250521, raises ValidationError
    with DATE_ERROR.
    """
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValidationError(
        DATE_ERROR, code="invalid_date", params={"value": shown(value)}
    )


class DateField(forms.DateField):
    """A form field for YYYY-MM-DD dates, read by parse_date; its error is the same
    message, starting with a capital as a sentence on a page or in an API answer."""

    def to_python(self, value: Any) -> date | None:
        if value in self.empty_values:
            return None
        try:
            return parse_date(value)
        except ValidationError as err:
            raise ValidationError(capfirst(date_error(value)), code="invalid") from err
