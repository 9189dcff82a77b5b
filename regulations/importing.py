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
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DataError, IntegrityError, transaction
from django.utils.translation import gettext as _

from ingest import (
    FirstSeen,
    Problem,
    Record,
    Report,
    error_text,
    parse_jsonl,
)
from regulations.actions import (
    regulation_add_relation,
    regulation_change_relation,
    regulation_create,
    regulation_update,
)
from regulations.import_lines import PERIOD_KEYS, Key, _Line, _Relation, parse_line
from regulations.models import Regulation, RegulationRelation

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser


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


class _Rejected(Exception):
    """A line of a unit refused while writing, with the reason."""

    def __init__(self, line: _Line, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


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
                    periods=line.periods or (),
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
            periods = None
            if line.periods is not None and [
                period.key for period in existing.periods.all()
            ] != [tuple(values[k] for k in PERIOD_KEYS) for values in line.periods]:
                periods = line.periods
            if not changes and subjects is None and periods is None:
                return "unchanged"
            regulation_update(
                regulation=existing,
                user=self.user,
                reason=self.reason,
                subjects=subjects,
                periods=periods,
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
