"""Malformed import lines for the three importers, and the checks a run must pass.

Shared by the property tests (tests/ingest/test_fuzz_imports.py) and the longer run
(bench/fuzz_imports.py). Lines start from a valid record of each importer and are then
spoiled: a field replaced by a random JSON value (wrong type, huge or control-laden
text, lone surrogates, deep nesting), a key repeated, bytes that are not UTF-8, a cut,
a byte-order mark, 100,000 nested brackets, or a random JSON value for the whole line.

`run_one` imports one file and compares the database before and after: a file none
of whose lines was created or updated must leave every counted table unchanged.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

BOM = b"\xef\xbb\xbf"

ARTICLE = {
    "title": "Cara lapor SPT",
    "body": "## Langkah\n\n1. Buka Coretax.",
    "summary": "Ringkas.",
    "topic": "Uji Fuzz",
    "tags": ["spt"],
    "audience": ["badan"],
    "reviewed_on": "2025-05-01",
    "content_owner": "Direktorat P2Humas",
    "sources": ["PMK 81/2024"],
}
REGULATION = {
    "type": "PMK",
    "year": 2020,
    "unit": "PMK.03",
    "title": "Peraturan uji",
    "signed_on": "2020-07-01",
    "effective_on": "2020-07-16",
    "subjects": ["uji"],
    "abstract": "Abstrak.",
}
SERVICE = {
    "name": "Layanan uji",
    "handling_unit": "kpp_kanwil",
    "target_state": "automated",
    "target_year": 2026,
    "plan_category": "renstra",
    "current_state": "kpp_kanwil",
    "state_since": "2019-01-02",
    "legal_basis": ["Pasal 2 UU 6/1983"],
    "description": "Uraian.",
    "channels": ["djp_online"],
    "service_level_days": 5,
    "illustrative": True,
}

# ---------------------------------------------------------------- values

_SPECIAL_TEXT = [
    "\ud800",
    "a\udfffb",
    "\x00",
    "judul\x07",
    "dua\nbaris",
    "tab\tdi tengah",
    "\u202e",
    "\ufeff",
    "\r\n",
    " ",
    "",
    "2025-02-30",
    "20250521",
    "0001-01-01",
    "9999-12-31",
    "PMK 81/2024",
    "cari",
    "Peraturan",
    "[" * 50,
    "<script>alert(1)</script>",
    "١٢٣",
    "²",
    "9" * 40,
]
texts = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(max_codepoint=0x9F), max_size=12),
    st.sampled_from(_SPECIAL_TEXT),
    # Over every limit, and over the short fields' limits; plain letters, so what is
    # accepted renders fast.
    st.integers(200_001, 210_000).map(lambda n: "a" * n),
    st.integers(121, 600).map(lambda n: "j" * n),
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=10**30, max_value=10**40),
    st.floats(),
    texts,
)
json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.text(max_size=8), inner, max_size=4),
    ),
    max_leaves=8,
)


def nested_list(depth: int) -> list:
    value: list = []
    for _ in range(depth):
        value = [value]
    return value


values = st.one_of(json_values, st.integers(17, 200).map(nested_list))
keys = st.one_of(
    st.text(max_size=10),
    st.sampled_from(["a\x00b", "\ud800", "_catatan", "judul", "x" * 300]),
)

# ---------------------------------------------------------------- lines

SPOILERS = (
    "valid",
    "field",
    "drop",
    "new_key",
    "bytes",
    "truncate",
    "duplicate_key",
    "bom",
    "deep",
    "whole",
    "list_item",
)


def _dumps(record: Any, *, ascii_only: bool) -> bytes:
    return json.dumps(record, ensure_ascii=ascii_only).encode("utf-8", "surrogatepass")


@st.composite
def spoiled_line(draw: st.DrawFn, record: dict[str, Any]) -> bytes:
    """One JSON Lines line (no line break) made from `record`, spoiled one way."""
    spoiler = draw(st.sampled_from(SPOILERS))
    record = dict(record)
    field_names = sorted(record)
    if spoiler == "field":
        record[draw(st.sampled_from(field_names))] = draw(values)
    elif spoiler == "drop":
        del record[draw(st.sampled_from(field_names))]
    elif spoiler == "new_key":
        record[draw(keys)] = draw(values)
    elif spoiler == "list_item":
        name = draw(st.sampled_from(field_names))
        record[name] = [record[name], draw(values)]
    elif spoiler == "whole":
        return _dumps(draw(values), ascii_only=draw(st.booleans())).replace(b"\n", b" ")
    line = _dumps(record, ascii_only=draw(st.booleans()))
    if spoiler == "bytes":
        at = draw(st.integers(0, len(line)))
        junk = draw(st.binary(min_size=1, max_size=4)).replace(b"\n", b"\xff")
        line = line[:at] + junk + line[at:]
    elif spoiler == "truncate":
        line = line[: draw(st.integers(0, max(len(line) - 1, 0)))]
    elif spoiler == "duplicate_key":
        name = draw(st.sampled_from(field_names))
        pair = _dumps({name: draw(values)}, ascii_only=True)[1:-1]
        line = b"{" + pair + b", " + line[1:]
    elif spoiler == "bom":
        line = BOM + line
    elif spoiler == "deep":
        depth = draw(st.sampled_from([20, 1_000, 100_000]))
        name = draw(st.sampled_from(field_names))
        line = b'{"%s": %s%s, %s' % (
            name.encode(),
            b"[" * depth,
            b"]" * depth,
            line[1:],
        )
    return line


@dataclass(frozen=True)
class Importer:
    """How to make, spoil and import one importer's lines."""

    name: str
    suffix: str
    record: Callable[[st.DrawFn], dict[str, Any]]
    run: Callable[[Path], Any]


def _article(draw: st.DrawFn) -> dict[str, Any]:
    return {"slug": f"fuzz-{draw(st.integers(0, 10**6))}", **ARTICLE}


def _regulation(draw: st.DrawFn) -> dict[str, Any]:
    record = {"number": draw(st.integers(1, 9999)), **REGULATION}
    if draw(st.booleans()):
        target = draw(st.integers(1, 9999))
        record["relations"] = [
            {
                "type": draw(st.sampled_from(["amends", "revokes", "implements"])),
                "target": f"PMK {target}/PMK.03/2020",
            }
        ]
    return record


def _service(draw: st.DrawFn) -> dict[str, Any]:
    return {"slug": f"layanan-fuzz-{draw(st.integers(0, 10**6))}", **SERVICE}


def _run_articles(path: Path):
    from kb.importing import articles_import

    return articles_import(paths=[path])


def _run_regulations(path: Path):
    from ingest import read_jsonl
    from regulations.importing import regulations_import

    return regulations_import(read_jsonl(path), reason="Uji fuzz")


def _run_services(path: Path):
    from catalogue.importing import import_file

    return import_file(path)


IMPORTERS = {
    "articles": Importer("articles", ".jsonl", _article, _run_articles),
    "regulations": Importer("regulations", ".jsonl", _regulation, _run_regulations),
    "services": Importer("services", ".jsonl", _service, _run_services),
}


@st.composite
def jsonl_files(draw: st.DrawFn, importer: Importer, *, max_lines: int = 1) -> bytes:
    """A JSON Lines file of 1 to `max_lines` spoiled lines of this importer."""
    count = draw(st.integers(1, max_lines))
    lines = [draw(spoiled_line(importer.record(draw))) for _ in range(count)]
    return b"\n".join(lines) + b"\n"


_CELL_ALPHABET = st.characters(
    codec="utf-8", exclude_characters="\r\n"
) | st.sampled_from(["\udce9", "\udcff", "\x00", '"', ","])


@st.composite
def csv_files(draw: st.DrawFn) -> bytes:
    """A catalogue CSV file: the header and one row with some cells spoiled (cells may
    hold bytes that are not UTF-8)."""
    record = {
        key: ";".join(value) if isinstance(value, list) else str(value)
        for key, value in _service(draw).items()
    }
    for name in draw(st.lists(st.sampled_from(sorted(record)), max_size=3)):
        record[name] = draw(
            st.one_of(
                st.text(_CELL_ALPHABET, max_size=30),
                st.integers(200_001, 210_000).map(lambda n: "d" * n),
            )
        )
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(record)
    writer.writerow(record.values())
    content = out.getvalue().encode("utf-8", "surrogateescape")
    return (BOM if draw(st.booleans()) else b"") + content


# ---------------------------------------------------------------- checks


def expected_records(content: bytes, suffix: str) -> int:
    """How many records a reader must account for (created, updated, unchanged or
    rejected): the non-blank lines, as the JSON Lines reader judges blank."""
    if suffix == ".csv":
        text = content.removeprefix(BOM).decode("utf-8", "surrogateescape")
        limit = csv.field_size_limit(len(text) + 1)
        try:
            rows = list(csv.reader(io.StringIO(text, newline="")))[1:]
        finally:
            csv.field_size_limit(limit)
        return sum(1 for row in rows if any(cell.strip() for cell in row))
    count = 0
    for number, raw in enumerate(content.split(b"\n")[:-1], start=1):
        if number == 1:
            raw = raw.removeprefix(BOM)
        try:
            blank = not raw.decode("utf-8").rstrip("\r\n").strip()
        except UnicodeDecodeError:
            blank = False
        count += not blank
    return count


def snapshot() -> dict[str, int]:
    """Row counts of every table an import writes to."""
    from django.contrib.contenttypes.models import ContentType
    from taggit.models import Tag
    from wagtail.models import ModelLogEntry, Page, PageLogEntry, Revision

    from catalogue.models import ServiceLegalBasis, ServiceStateChange
    from regulations.models import Regulation, RegulationRelation

    models = (
        Page,
        Revision,
        PageLogEntry,
        ModelLogEntry,
        Tag,
        Regulation,
        RegulationRelation,
        ServiceStateChange,
        ServiceLegalBasis,
        ContentType,
    )
    return {model.__name__: model.objects.count() for model in models}


@dataclass
class Tally:
    """What a series of runs did; `tried` counts every generated line, `blank` the
    ones that hold nothing and that readers skip."""

    tried: int = 0
    blank: int = 0
    accepted: int = 0
    rejected: int = 0
    unreported: int = 0
    half_written: int = 0
    exceptions: int = 0


def check_run(
    importer: Importer, path: Path, content: bytes, tally: Tally | None = None
) -> list[str]:
    """Import `path` (holding `content`); return what went wrong (empty: all well).

    Exceptions are not caught here: the caller decides whether one is a failure to
    shrink (tests) or a figure to count (bench).
    """
    before = snapshot()
    report = importer.run(path)
    after = snapshot()
    expected = expected_records(content, path.suffix)
    failures = []
    if report.processed != expected:
        failures.append(
            f"{importer.name}: {report.processed} records accounted for, {expected} expected"
        )
    lines = content.count(b"\n") + 1
    for problem in report.rejected:
        if problem.source != str(path) or not 1 <= problem.line <= lines:
            failures.append(f"{importer.name}: bad location in {problem}")
        if not problem.message:
            failures.append(f"{importer.name}: empty reason in {problem}")
        problem.message.encode("utf-8")  # printable: no lone surrogate in a reason
    wrote = (
        report.created
        + report.updated
        + getattr(report, "relations_added", 0)
        + getattr(report, "relations_changed", 0)
    )
    if not wrote and after != before:
        changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
        failures.append(f"{importer.name}: rejected lines changed rows {changed}")
    if tally is not None:
        physical = (
            len(content.split(b"\n")) - 1
            if path.suffix != ".csv"
            else 1  # one row under the header
        )
        tally.tried += physical
        tally.blank += physical - expected
        tally.accepted += report.created + report.updated + report.unchanged
        tally.rejected += len(report.rejected)
        tally.unreported += max(expected - report.processed, 0)
        tally.half_written += bool(not wrote and after != before)
    return failures
