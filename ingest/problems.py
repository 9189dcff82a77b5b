"""What every import reports: one Problem type, one Report, and the input errors that
stop an import before it reads a line."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

SHOWN_MAX = 60

OUTCOMES = ("created", "updated", "unchanged")


def shown(value: Any) -> str:
    """A value as it may appear in a message: quoted, escaped, and cut to a readable length."""
    try:
        text = repr(value)
    except ValueError:  # an int too long to print
        text = _("angka sangat panjang")
    return text if len(text) <= SHOWN_MAX else f"{text[: SHOWN_MAX - 1]}…"


@dataclass(frozen=True)
class Problem:
    """A rejected line (or a warning), pointing at the file, line and field to fix."""

    source: str
    line: int
    message: str
    field: str = ""

    def __str__(self) -> str:
        return f"{self.source}:{self.line}: {self.message}"


class InputError(ValueError):
    """A path given to an import cannot be used at all (missing, a folder, unreadable)."""


@dataclass
class Report:
    """What an import did: lines created, updated, unchanged, and every rejected line."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def processed(self) -> int:
        return self.created + self.updated + self.unchanged + len(self.rejected)

    def count(self, outcome: str, number: int = 1) -> None:
        """Count a line as "created", "updated" or "unchanged"."""
        if outcome not in OUTCOMES:
            raise ValueError(f"unknown outcome {outcome!r}")
        setattr(self, outcome, getattr(self, outcome) + number)

    def details(self) -> list[str]:
        """Further clauses of the summary (an importer's own counts or timings)."""
        return []

    def summary(self, label: str) -> str:
        """One line of counts, e.g. "Impor layanan: 2 dibuat, … 1 ditolak."."""
        counts = _(
            "%(label)s: %(created)d dibuat, %(updated)d diperbarui, "
            "%(unchanged)d tidak berubah, %(rejected)d ditolak"
        ) % {
            "label": label,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": len(self.rejected),
        }
        return "; ".join([counts, *self.details()]) + "."

    def rejection_text(self) -> str:
        """Every rejected line as ``file:line: reason``, under a heading saying what to do."""
        ordered = sorted(self.rejected, key=lambda p: (p.source, p.line))
        heading = _(
            "%(count)d catatan ditolak; perbaiki lalu jalankan ulang (catatan yang sah "
            "sudah diimpor):"
        ) % {"count": len(self.rejected)}
        return "\n".join([heading, *(str(problem) for problem in ordered)])


class FirstSeen:
    """Where each key (slug, citation) was first met in one import, to refuse repeats."""

    def __init__(self) -> None:
        self._where: dict[Hashable, tuple[str, int]] = {}

    def repeat(self, key: Hashable, *, source: str, line: int, name: str) -> str | None:
        """None the first time `key` is met; after that, why this line is rejected,
        naming the line that had it first."""
        first = self._where.setdefault(key, (source, line))
        if first == (source, line):
            return None
        where = (
            _("baris %(line)d") % {"line": first[1]}
            if first[0] == source
            else f"{first[0]}:{first[1]}"
        )
        return _(
            "%(name)s sudah ada di %(where)s dalam impor ini; hanya yang pertama diimpor"
        ) % {"name": name, "where": where}


def error_text(err: ValidationError, labels: Mapping[str, str] | None = None) -> str:
    """One line out of a model's ValidationError; with `labels`, each field's messages
    are prefixed with its name as written in the import files."""
    if labels is None or not hasattr(err, "error_dict"):
        return "; ".join(dict.fromkeys(str(m) for m in err.messages))
    parts: Iterable[str] = (
        message if name == "__all__" else f"{labels.get(name, name)}: {message}"
        for name, messages in err.message_dict.items()
        for message in messages
    )
    return "; ".join(dict.fromkeys(parts))
