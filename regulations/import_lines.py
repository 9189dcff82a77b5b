"""Reading one line of a regulation import: fields, relations and time-limited
provisions, checked without writing anything (regulations.importing writes them)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from ingest import (
    LONG_TEXT_MAX,
    Fields,
    Record,
    max_length_of,
    shown,
)
from regulations.choices import RegulationType, RelationType
from regulations.citations import parse_one
from regulations.models import Regulation, RegulationPeriod, RegulationRelation

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
        "periods",
        "facts_verified",
        *DATE_KEYS,
        *SHORT_TEXT_KEYS,
        *LONG_TEXT_KEYS,
    }
)
RELATION_KEYS = frozenset({"type", "target", "provision", "effective_on", "note"})
PERIOD_KEYS = ("label", "provision", "starts_on", "ends_on", "note")
LABELS = {"type": "jenis", "number": "nomor", "year": "tahun", "title": "judul"}
RELATION_LABELS = {"type": "jenis hubungan"}
SUBJECT_MAX = 100  # taggit's Tag.name
TARGET_MAX = 300

Key = tuple[str, int, int]


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
    periods: list[dict[str, Any]] | None = None


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


def _period(index: int, item: Any) -> tuple[dict[str, Any] | None, list[str]]:
    """One time-limited provision of a line, or the reasons it cannot be read."""
    prefix = _("ketentuan berjangka ke-%(index)d: ") % {"index": index}
    if not isinstance(item, dict):
        return None, [prefix + _('harus berupa objek {"label", "ends_on", …}.')]
    unknown = sorted(str(k) for k in set(item) - set(PERIOD_KEYS))
    if unknown:
        return None, [
            prefix + _("kolom tidak dikenal: %(keys)s.") % {"keys": ", ".join(unknown)}
        ]
    fields = Fields(item, labels={"label": "nama ketentuan"})
    values = {
        "label": fields.text(
            "label", required=True, max_length=max_length_of(RegulationPeriod, "label")
        ),
        "provision": fields.text(
            "provision", max_length=max_length_of(RegulationPeriod, "provision")
        ),
        "starts_on": fields.date("starts_on"),
        "ends_on": fields.date("ends_on"),
        "note": fields.text("note", max_length=max_length_of(RegulationPeriod, "note")),
    }
    if (
        not fields.errors
        and values["starts_on"]
        and values["ends_on"]
        and values["ends_on"] < values["starts_on"]
    ):
        fields.error(
            "ends_on",
            _("hari terakhir (%(ends)s) sebelum hari pertama (%(starts)s).")
            % {
                "ends": values["ends_on"].isoformat(),
                "starts": values["starts_on"].isoformat(),
            },
        )
    if fields.errors:
        return None, [prefix + message for _key, message in fields.errors]
    return values, []


def _periods_of(fields: Fields) -> list[dict[str, Any]] | None:
    """The line's time-limited provisions, or None when it names none."""
    raw = fields.data.get("periods")
    if raw is None:
        return None
    if not isinstance(raw, list):
        fields.error("periods", _('"periods" harus berupa daftar objek ketentuan.'))
        return None
    periods = []
    for index, item in enumerate(raw, start=1):
        values, errors = _period(index, item)
        for message in errors:
            fields.error("periods", message)
        if values is not None:
            periods.append(values)
    return periods


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
    if "facts_verified" in data:
        values["facts_verified"] = bool(fields.boolean("facts_verified"))
    subjects = (
        fields.text_list("subjects", max_length=SUBJECT_MAX)
        if data.get("subjects") is not None
        else None
    )
    periods = _periods_of(fields)
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
            periods=periods,
        ),
        key,
        [],
    )
