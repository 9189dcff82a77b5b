"""Import regulations from JSON Lines: one regulation per line, relations by citation.

Two passes, so a relation may name a regulation that appears later in the file:
pass 1 creates or updates the regulations, pass 2 adds their relations. Every write
goes through regulations.services (validated, atomic, published with a revision, the
reason in the audit log). The import is idempotent: a line that matches what is stored
changes nothing and saves no revision. Only the keys a line gives are compared and
written, so data the legal team added in the admin (a PDF, say) is kept. Bad lines are
reported as "FILE:LINE: reason" and never half-written; the valid lines still import.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from regulations.actions import (
    regulation_add_relation,
    regulation_change_relation,
    regulation_create,
    regulation_update,
)
from regulations.choices import RegulationType, RelationType
from regulations.citations import parse_one
from regulations.models import Regulation, RegulationRelation

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

DATE_KEYS = ("signed_on", "promulgated_on", "effective_on", "ends_on")
TEXT_KEYS = ("unit", "abstract", "source_url", "verification_note", "publication")
ALLOWED_KEYS = frozenset(
    {"type", "number", "year", "title", "subjects", "relations", *DATE_KEYS, *TEXT_KEYS}
)
RELATION_KEYS = frozenset({"type", "target", "provision", "effective_on", "note"})


class LineError(Exception):
    """One line (or one relation on it) that cannot be imported, with the reason."""


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    relations_added: int = 0
    relations_changed: int = 0
    relations_unchanged: int = 0
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return _(
            "%(created)d peraturan dibuat, %(updated)d diperbarui, %(unchanged)d tetap; "
            "%(added)d hubungan ditambahkan, %(changed)d diperbarui, %(same)d tetap; "
            "%(errors)d ditolak."
        ) % {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "added": self.relations_added,
            "changed": self.relations_changed,
            "same": self.relations_unchanged,
            "errors": len(self.errors),
        }


@dataclass
class _Line:
    number: int
    key: tuple[str, int, int]
    fields: dict[str, Any]
    subjects: list[str] | None
    relations: list[Any]


def _messages(error: ValidationError) -> str:
    return "; ".join(dict.fromkeys(error.messages))


def _date(value: Any, name: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise LineError(
        _("tanggal %(name)s %(value)r tidak sah; tulis TTTT-BB-HH, mis. 2020-03-27.")
        % {"name": name, "value": value}
    )


def _text(value: Any, name: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise LineError(
            _("%(name)s harus berupa teks, bukan %(value)r.")
            % {"name": name, "value": value}
        )
    return value.strip()


def _integer(value: Any, name: str, low: int, high: int, example: str) -> int:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or not low <= value <= high
    ):
        raise LineError(
            _(
                "%(name)s %(value)r tidak sah; tulis bilangan bulat %(low)d sampai %(high)d, "
                "mis. %(example)s."
            )
            % {
                "name": name,
                "value": value,
                "low": low,
                "high": high,
                "example": example,
            }
        )
    return value


def parse_line(raw: str, number: int) -> _Line:
    """Check one line's shape and values; raise LineError with the reason."""
    try:
        record = json.loads(raw)
    except json.JSONDecodeError as err:
        raise LineError(
            _("baris ini bukan JSON yang sah (%(error)s).") % {"error": err.msg}
        ) from err
    if not isinstance(record, dict):
        raise LineError(_('baris harus berupa satu objek JSON {"type": …, …}.'))
    unknown = sorted(set(record) - ALLOWED_KEYS)
    if unknown:
        raise LineError(
            _("kolom tidak dikenal: %(keys)s. Kolom yang dikenal: %(known)s.")
            % {"keys": ", ".join(unknown), "known": ", ".join(sorted(ALLOWED_KEYS))}
        )
    kind = record.get("type")
    if not isinstance(kind, str) or kind.strip().upper() not in RegulationType.values:
        raise LineError(
            _("jenis %(value)r tidak dikenal; gunakan salah satu dari %(types)s.")
            % {"value": kind, "types": ", ".join(RegulationType.values)}
        )
    kind = kind.strip().upper()
    fields: dict[str, Any] = {
        "type": kind,
        "number": _integer(record.get("number"), "nomor", 1, 9999, "23"),
        "year": _integer(record.get("year"), "tahun", 1945, 2100, "2020"),
    }
    title = _text(record.get("title"), "judul")
    if not title:
        raise LineError(_('judul kosong; isi "title" dengan judul setelah "tentang".'))
    fields["title"] = title
    for name in DATE_KEYS:
        if name in record:
            fields[name] = _date(record[name], name)
    for name in TEXT_KEYS:
        if name in record:
            fields[name] = _text(record[name], name)
    subjects = record.get("subjects")
    if subjects is not None and (
        not isinstance(subjects, list) or not all(isinstance(s, str) for s in subjects)
    ):
        raise LineError(_('"subjects" harus berupa daftar teks, mis. ["NPWP"].'))
    relations = record.get("relations") or []
    if not isinstance(relations, list):
        raise LineError(_('"relations" harus berupa daftar objek hubungan.'))
    key = (kind, fields["number"], fields["year"])
    _check_citable(fields)
    return _Line(
        number=number,
        key=key,
        fields=fields,
        subjects=[s.strip() for s in subjects if s.strip()]
        if subjects is not None
        else None,
        relations=relations,
    )


def _check_citable(fields: dict[str, Any]) -> None:
    """The registry's citation of the line must read back to the same regulation."""
    probe = Regulation(
        type=fields["type"],
        number=fields["number"],
        year=fields["year"],
        unit=fields.get("unit", ""),
    )
    citation = parse_one(probe.short_citation)
    if citation is None or citation.key != probe.key:
        raise LineError(
            _(
                "kode unit %(unit)r tidak cocok dengan jenis %(type)s (kutipan "
                "%(citation)s tidak terbaca); mis. PMK.03 untuk PMK, PJ untuk PER/SE, "
                "kosong untuk UU/PP."
            )
            % {
                "unit": fields.get("unit", ""),
                "type": fields["type"],
                "citation": probe.short_citation,
            }
        )


def _changes(regulation: Regulation, line: _Line) -> dict[str, Any]:
    return {
        name: value
        for name, value in line.fields.items()
        if getattr(regulation, name) != value
    }


def _import_regulation(
    line: _Line, *, user: AbstractBaseUser | None, reason: str, report: ImportReport
) -> None:
    existing = Regulation.objects.by_key(line.key)
    if existing is None:
        regulation_create(
            user=user, reason=reason, subjects=line.subjects or (), **line.fields
        )
        report.created += 1
        return
    changes = _changes(existing, line)
    subjects = None
    if line.subjects is not None and sorted(existing.subjects.names()) != sorted(
        set(line.subjects)
    ):
        subjects = line.subjects
    if not changes and subjects is None:
        report.unchanged += 1
        return
    regulation_update(
        regulation=existing, user=user, reason=reason, subjects=subjects, **changes
    )
    report.updated += 1


def _parse_relation(item: Any) -> tuple[str, Regulation, str, date | None, str]:
    if not isinstance(item, dict):
        raise LineError(_('harus berupa objek {"type", "target", …}.'))
    unknown = sorted(set(item) - RELATION_KEYS)
    if unknown:
        raise LineError(
            _("kolom tidak dikenal: %(keys)s.") % {"keys": ", ".join(unknown)}
        )
    kind = item.get("type")
    if kind not in RelationType.values:
        raise LineError(
            _("jenis hubungan %(value)r tidak dikenal; gunakan %(types)s.")
            % {"value": kind, "types": ", ".join(RelationType.values)}
        )
    text = _text(item.get("target"), "target")
    citation = parse_one(text) if text else None
    if citation is None:
        raise LineError(
            _(
                "kutipan target %(value)r tidak dapat dibaca; tulis satu kutipan, mis. "
                '"PMK 23/PMK.03/2020", "UU 7/2021" atau "PER-04/PJ/2020".'
            )
            % {"value": text}
        )
    target = Regulation.objects.by_key(citation.key)
    if target is None:
        raise LineError(
            _(
                "%(citation)s belum ada di registri; tambahkan barisnya di berkas ini "
                "atau perbaiki kutipannya."
            )
            % {"citation": text}
        )
    provision = _text(item.get("provision"), "provision") or (citation.provision or "")
    return (
        kind,
        target,
        provision,
        _date(item.get("effective_on"), "effective_on"),
        _text(item.get("note"), "note"),
    )


def _import_relations(
    line: _Line,
    *,
    filename: str,
    user: AbstractBaseUser | None,
    reason: str,
    report: ImportReport,
) -> None:
    for index, item in enumerate(line.relations, start=1):
        label = _("hubungan ke-%(index)d") % {"index": index}
        try:
            kind, target, provision, effective_on, note = _parse_relation(item)
            label = f"{label} ({kind} {target.short_citation})"
            source = Regulation.objects.by_key(line.key)
            existing = RegulationRelation.objects.filter(
                source=source, type=kind, target=target, provision=provision
            ).first()
            if existing is None:
                regulation_add_relation(
                    source=source,
                    type=kind,
                    target=target,
                    provision=provision,
                    effective_on=effective_on,
                    note=note,
                    user=user,
                    reason=reason,
                )
                report.relations_added += 1
            elif (existing.effective_on, existing.note) != (effective_on, note):
                regulation_change_relation(
                    relation=existing,
                    effective_on=effective_on,
                    note=note,
                    user=user,
                    reason=reason,
                )
                report.relations_changed += 1
            else:
                report.relations_unchanged += 1
        except LineError as err:
            report.errors.append(f"{filename}:{line.number}: {label}: {err}")
        except ValidationError as err:
            report.errors.append(f"{filename}:{line.number}: {label}: {_messages(err)}")


def import_regulations(
    lines: Iterable[str],
    *,
    filename: str,
    user: AbstractBaseUser | None = None,
    reason: str,
) -> ImportReport:
    """Import JSON Lines of regulations; see the module docstring for the rules."""
    report = ImportReport()
    accepted: list[_Line] = []
    seen: dict[tuple[str, int, int], int] = {}
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            line = parse_line(raw, number)
            if line.key in seen:
                raise LineError(
                    _(
                        "baris duplikat: %(type)s %(number)d/%(year)d sudah ada di baris %(first)d."
                    )
                    % {
                        "type": line.key[0],
                        "number": line.key[1],
                        "year": line.key[2],
                        "first": seen[line.key],
                    }
                )
            seen[line.key] = number
            _import_regulation(line, user=user, reason=reason, report=report)
            accepted.append(line)
        except LineError as err:
            report.errors.append(f"{filename}:{number}: {err}")
        except ValidationError as err:
            report.errors.append(f"{filename}:{number}: {_messages(err)}")
        except PermissionDenied as err:
            report.errors.append(
                f"{filename}:{number}: "
                + _("pengguna tidak berhak mengubah peraturan (%(error)s).")
                % {"error": err}
            )
    for line in accepted:
        try:
            _import_relations(
                line, filename=filename, user=user, reason=reason, report=report
            )
        except PermissionDenied as err:
            report.errors.append(
                f"{filename}:{line.number}: "
                + _("pengguna tidak berhak mengubah peraturan (%(error)s).")
                % {"error": err}
            )
    return report
