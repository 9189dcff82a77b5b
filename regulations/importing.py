"""Import regulations from JSON Lines: one regulation per line, relations by citation.

Reading, field checks and the report come from the import core (``ingest``). Each line
is one unit: its regulation and every relation on it are written in one savepoint, or
nothing of it is. A relation may name a regulation that appears later in the file, so
lines are written in dependency order (the target's line first); lines that name each
other form one unit, written together or not at all. A line whose relation cannot be
resolved (unknown target, a target line that was rejected, a relation the registry
refuses) is rejected whole.

Every write goes through regulations.actions (validated, published with a revision,
the reason in the audit log). The import is idempotent: a line that matches what is
stored changes nothing and saves no revision. Only the keys a line gives are compared
and written, so data the legal team added in the admin (a PDF, say) is kept.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DataError, IntegrityError, transaction
from django.utils.translation import gettext as _

from ingest import (
    LONG_TEXT_MAX,
    Fields,
    FirstSeen,
    Problem,
    Record,
    Report,
    error_text,
    max_length_of,
    parse_jsonl,
    shown,
)
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
SHORT_TEXT_KEYS = ("unit", "publication", "source_url")
LONG_TEXT_KEYS = ("abstract", "verification_note")
ALLOWED_KEYS = frozenset(
    {
        "type",
        "number",
        "year",
        "title",
        "subjects",
        "relations",
        *DATE_KEYS,
        *SHORT_TEXT_KEYS,
        *LONG_TEXT_KEYS,
    }
)
RELATION_KEYS = frozenset({"type", "target", "provision", "effective_on", "note"})
LABELS = {"type": "jenis", "number": "nomor", "year": "tahun", "title": "judul"}
RELATION_LABELS = {"type": "jenis hubungan"}
SUBJECT_MAX = 100  # taggit's Tag.name
TARGET_MAX = 300

Key = tuple[str, int, int]


@dataclass
class RegulationReport(Report):
    """The import report, with what happened to the relations of the lines written."""

    relations_added: int = 0
    relations_changed: int = 0
    relations_unchanged: int = 0

    def details(self) -> list[str]:
        return [
            _(
                "hubungan: %(added)d ditambahkan, %(changed)d diperbarui, "
                "%(same)d tidak berubah"
            )
            % {
                "added": self.relations_added,
                "changed": self.relations_changed,
                "same": self.relations_unchanged,
            }
        ]


@dataclass(frozen=True)
class _Relation:
    """A relation read from a line; its target is looked up when the line is written."""

    index: int
    type: str
    target_text: str
    target_key: Key
    provision: str
    effective_on: date | None
    note: str


@dataclass
class _Line:
    record: Record
    key: Key
    citation: str
    fields: dict[str, Any]
    subjects: list[str] | None
    relations: list[_Relation] = field(default_factory=list)


class _Rejected(Exception):
    """A line of a unit refused while writing, with the reason."""

    def __init__(self, line: _Line, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


# ---------------------------------------------------------------- reading a line


def _key(fields: Fields) -> Key | None:
    """(type, number, year) of the line when all three are valid, else None."""
    kind = fields.choice("type", RegulationType.values, upper=True)
    number = fields.integer("number", low=1, high=9999, example="23", required=True)
    year = fields.integer("year", low=1945, high=2100, example="2020", required=True)
    if kind and number is not None and year is not None:
        return (kind, number, year)
    return None


def _citable_error(probe: Regulation) -> str | None:
    """The registry's citation of the line must read back to the same regulation."""
    citation = parse_one(probe.short_citation)
    if citation is not None and citation.key == probe.key:
        return None
    return _(
        "kode unit %(unit)r tidak cocok dengan jenis %(type)s (kutipan "
        "%(citation)s tidak terbaca); mis. PMK.03 untuk PMK, PJ untuk PER/SE, "
        "kosong untuk UU/PP."
    ) % {
        "unit": probe.unit,
        "type": probe.type,
        "citation": probe.short_citation,
    }


def _relation(index: int, item: Any) -> tuple[_Relation | None, list[str]]:
    """One relation of a line, or the reasons it cannot be read (pure: no look-ups)."""
    prefix = _("hubungan ke-%(index)d: ") % {"index": index}
    if not isinstance(item, dict):
        return None, [prefix + _('harus berupa objek {"type", "target", …}.')]
    unknown = sorted(str(k) for k in set(item) - RELATION_KEYS)
    if unknown:
        return None, [
            prefix + _("kolom tidak dikenal: %(keys)s.") % {"keys": ", ".join(unknown)}
        ]
    fields = Fields(item, labels=RELATION_LABELS)
    kind = fields.choice("type", RelationType.values)
    text = fields.text("target", required=True, max_length=TARGET_MAX)
    provision = fields.text(
        "provision", max_length=max_length_of(RegulationRelation, "provision")
    )
    effective_on = fields.date("effective_on")
    note = fields.text("note", max_length=max_length_of(RegulationRelation, "note"))
    citation = parse_one(text) if text else None
    if text and citation is None:
        fields.error(
            "target",
            _(
                "kutipan target %(value)s tidak dapat dibaca; tulis satu kutipan, mis. "
                '"PMK 23/PMK.03/2020", "UU 7/2021" atau "PER-04/PJ/2020".'
            )
            % {"value": shown(text)},
        )
    if fields.errors or citation is None:
        return None, [prefix + message for _key, message in fields.errors]
    return (
        _Relation(
            index=index,
            type=kind,
            target_text=text,
            target_key=citation.key,
            provision=provision or citation.provision or "",
            effective_on=effective_on,
            note=note,
        ),
        [],
    )


def parse_line(
    record: Record,
) -> tuple[_Line | None, Key | None, list[tuple[str, str]]]:
    """Read one line: (line or None, its key when readable, [(key, error)])."""
    data = record.data
    fields = Fields(data, labels=LABELS)
    unknown = fields.unknown(ALLOWED_KEYS)
    if unknown:
        fields.error(
            unknown[0],
            _("kolom tidak dikenal: %(keys)s. Kolom yang dikenal: %(known)s.")
            % {"keys": ", ".join(unknown), "known": ", ".join(sorted(ALLOWED_KEYS))},
        )
    key = _key(fields)
    values: dict[str, Any] = {
        "title": fields.text(
            "title", required=True, max_length=max_length_of(Regulation, "title")
        )
    }
    for name in DATE_KEYS:
        if name in data:
            values[name] = fields.date(name)
    for name in SHORT_TEXT_KEYS:
        if name in data:
            values[name] = fields.text(name, max_length=max_length_of(Regulation, name))
    for name in LONG_TEXT_KEYS:
        if name in data:
            values[name] = fields.text(name, max_length=LONG_TEXT_MAX, multiline=True)
    subjects = (
        fields.text_list("subjects", max_length=SUBJECT_MAX)
        if data.get("subjects") is not None
        else None
    )
    raw_relations = data.get("relations") or []
    relations: list[_Relation] = []
    if not isinstance(raw_relations, list):
        fields.error("relations", _('"relations" harus berupa daftar objek hubungan.'))
        raw_relations = []
    for index, item in enumerate(raw_relations, start=1):
        relation, errors = _relation(index, item)
        for message in errors:
            fields.error("relations", message)
        if relation is not None:
            relations.append(relation)
    if fields.errors or key is None:
        return None, key, fields.errors
    probe = Regulation(
        type=key[0], number=key[1], year=key[2], unit=values.get("unit", "")
    )
    problem = _citable_error(probe)
    if problem:
        fields.error("unit", problem)
        return None, key, fields.errors
    values = {"type": key[0], "number": key[1], "year": key[2], **values}
    return (
        _Line(
            record=record,
            key=key,
            citation=probe.short_citation,
            fields=values,
            subjects=subjects,
            relations=relations,
        ),
        key,
        [],
    )


# ---------------------------------------------------------------- ordering


def _units(lines: Sequence[_Line]) -> list[list[_Line]]:
    """The lines in writing order, grouped into units: each line after the lines its
    relations name, and lines that name each other together (Tarjan's strongly
    connected components, iteratively)."""
    by_key = {line.key: position for position, line in enumerate(lines)}
    edges = [
        sorted(
            {
                by_key[relation.target_key]
                for relation in line.relations
                if relation.target_key in by_key
                and by_key[relation.target_key] != position
            }
        )
        for position, line in enumerate(lines)
    ]
    index: dict[int, int] = {}
    low: dict[int, int] = {}
    stack: list[int] = []
    on_stack: set[int] = set()
    units: list[list[_Line]] = []
    for root in range(len(lines)):
        if root in index:
            continue
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        work = [(root, iter(edges[root]))]
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(edges[child])))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    members: list[int] = []
                    while not members or members[-1] != node:
                        members.append(stack.pop())
                        on_stack.discard(members[-1])
                    units.append([lines[i] for i in sorted(members)])
    return units


# ---------------------------------------------------------------- writing


class _Importer:
    def __init__(
        self,
        *,
        user: AbstractBaseUser | None,
        reason: str,
        report: RegulationReport,
    ) -> None:
        self.user = user
        self.reason = reason
        self.report = report
        # Keys of lines that were rejected, to say why a relation to them fails.
        self.rejected_keys: dict[Key, int] = {}

    def write_unit(self, unit: list[_Line]) -> None:
        """Write the unit's regulations, then their relations, in one savepoint."""
        outcomes: list[str] = []
        relation_counts: list[str] = []
        try:
            with transaction.atomic():
                for line in unit:
                    outcomes.append(self._write_regulation(line))
                for line in unit:
                    relation_counts.extend(self._write_relations(line))
        except _Rejected as err:
            self._reject_unit(unit, err.line, err.message)
            return
        for outcome in outcomes:
            self.report.count(outcome)
        for outcome in relation_counts:
            name = f"relations_{outcome}"
            setattr(self.report, name, getattr(self.report, name) + 1)

    def _reject_unit(self, unit: list[_Line], failed: _Line, message: str) -> None:
        for line in unit:
            self.rejected_keys[line.key] = line.record.line
            if line is failed:
                self.report.rejected.append(line.record.problem(message))
                continue
            self.report.rejected.append(
                line.record.problem(
                    _(
                        "ditolak bersama baris %(line)d: baris ini dan baris itu saling "
                        "merujuk, jadi keduanya hanya dapat diimpor bersama"
                    )
                    % {"line": failed.record.line}
                )
            )

    def _write_regulation(self, line: _Line) -> str:
        try:
            existing = Regulation.objects.by_key(line.key)
            if existing is None:
                regulation_create(
                    user=self.user,
                    reason=self.reason,
                    subjects=line.subjects or (),
                    **line.fields,
                )
                return "created"
            changes = {
                name: value
                for name, value in line.fields.items()
                if getattr(existing, name) != value
            }
            subjects = None
            if line.subjects is not None and sorted(
                existing.subjects.names()
            ) != sorted(set(line.subjects)):
                subjects = line.subjects
            if not changes and subjects is None:
                return "unchanged"
            regulation_update(
                regulation=existing,
                user=self.user,
                reason=self.reason,
                subjects=subjects,
                **changes,
            )
            return "updated"
        except ValidationError as err:
            raise _Rejected(line, error_text(err)) from err
        except PermissionDenied as err:
            raise _Rejected(line, _permission_message(err)) from err
        except (IntegrityError, DataError) as err:
            raise _Rejected(
                line,
                _("basis data menolak baris ini (%(detail)s)") % {"detail": err},
            ) from err

    def _target(self, line: _Line, relation: _Relation, label: str) -> Regulation:
        target = Regulation.objects.by_key(relation.target_key)
        if target is not None:
            return target
        if relation.target_key in self.rejected_keys:
            raise _Rejected(
                line,
                f"{label}: "
                + _(
                    "%(citation)s ada di baris %(line)d, yang ditolak; perbaiki baris "
                    "itu lalu jalankan lagi."
                )
                % {
                    "citation": relation.target_text,
                    "line": self.rejected_keys[relation.target_key],
                },
            )
        raise _Rejected(
            line,
            f"{label}: "
            + _(
                "%(citation)s belum ada di registri; tambahkan barisnya di berkas ini "
                "atau perbaiki kutipannya."
            )
            % {"citation": relation.target_text},
        )

    def _write_relations(self, line: _Line) -> list[str]:
        outcomes: list[str] = []
        for relation in line.relations:
            label = _("hubungan ke-%(index)d") % {"index": relation.index}
            target = self._target(line, relation, label)
            label = f"{label} ({relation.type} {target.short_citation})"
            # Fetched per relation: each one written publishes a new revision.
            source = Regulation.objects.by_key(line.key)
            try:
                outcomes.append(self._write_relation(source, target, relation))
            except ValidationError as err:
                raise _Rejected(line, f"{label}: {error_text(err)}") from err
            except PermissionDenied as err:
                raise _Rejected(line, _permission_message(err)) from err
        return outcomes

    def _write_relation(
        self, source: Regulation, target: Regulation, relation: _Relation
    ) -> str:
        existing = RegulationRelation.objects.filter(
            source=source,
            type=relation.type,
            target=target,
            provision=relation.provision,
        ).first()
        if existing is None:
            regulation_add_relation(
                source=source,
                type=relation.type,
                target=target,
                provision=relation.provision,
                effective_on=relation.effective_on,
                note=relation.note,
                user=self.user,
                reason=self.reason,
            )
            return "added"
        if (existing.effective_on, existing.note) != (
            relation.effective_on,
            relation.note,
        ):
            regulation_change_relation(
                relation=existing,
                effective_on=relation.effective_on,
                note=relation.note,
                user=self.user,
                reason=self.reason,
            )
            return "changed"
        return "unchanged"


def _permission_message(err: PermissionDenied) -> str:
    return _("pengguna tidak berhak mengubah peraturan (%(error)s).") % {"error": err}


def regulations_import(
    records: Iterable[Record | Problem],
    *,
    user: AbstractBaseUser | None = None,
    reason: str,
) -> RegulationReport:
    """Import regulation records (see the module docstring for the rules)."""
    report = RegulationReport()
    importer = _Importer(user=user, reason=reason, report=report)
    seen = FirstSeen()
    lines: list[_Line] = []
    for record in records:
        if isinstance(record, Problem):
            report.rejected.append(record)
            continue
        line, key, errors = parse_line(record)
        if line is None:
            report.rejected.append(record.rejection(errors))
            if key is not None:
                importer.rejected_keys.setdefault(key, record.line)
            continue
        repeat = seen.repeat(
            line.key, source=record.source, line=record.line, name=line.citation
        )
        if repeat:
            report.rejected.append(record.problem(repeat))
            continue
        lines.append(line)
    for unit in _units(lines):
        importer.write_unit(unit)
    report.rejected.sort(key=lambda problem: (problem.source, problem.line))
    return report


def import_regulations(
    lines: Iterable[bytes | str],
    *,
    filename: str,
    user: AbstractBaseUser | None = None,
    reason: str,
) -> RegulationReport:
    """Import JSON Lines of regulations (text or bytes, one per line)."""
    return regulations_import(
        parse_jsonl(lines, source=filename), user=user, reason=reason
    )
