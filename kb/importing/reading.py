"""Reading import files into SourceRecords, and the results every import reports.

Articles come from JSON Lines files (one object per line) or from folders of Markdown
files with YAML front matter; FAQ pages from YAML files. A record that cannot be read
carries its error, pointing at the file and line, instead of data.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml
from django.utils.translation import gettext as _

JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
YAML_SUFFIXES = frozenset({".yaml", ".yml"})


# ---------------------------------------------------------------- results


@dataclass(frozen=True)
class Problem:
    """A rejected record or a warning, pointing at the file and line to fix."""

    source: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.source}:{self.line}: {self.reason}"


@dataclass
class ImportResult:
    """What an import did: counts, problems, per-record timings and index state."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    durations: list[float] = field(default_factory=list)
    seconds: float = 0.0
    index_seconds: float = 0.0
    page_ids: list[int] = field(default_factory=list)
    indexed: int = 0
    index_pending: bool = False

    @property
    def processed(self) -> int:
        return self.created + self.updated + self.unchanged + len(self.rejected)


class ImportInputError(ValueError):
    """A path given to an import cannot be used at all (missing, wrong type)."""


ProgressCallback = Callable[[int, float], None]


# ---------------------------------------------------------------- reading files


@dataclass(frozen=True)
class SourceRecord:
    """One raw record read from a file, or the reason it could not be read."""

    source: str
    line: int
    data: dict[str, Any] | None = None
    error: str | None = None
    key_lines: Mapping[str, int] = field(default_factory=dict)
    item_lines: Sequence[int] = ()

    def line_of(self, key: str | None) -> int:
        """The line of a top-level key (Markdown/YAML), else the record's own line."""
        return self.key_lines.get(key, self.line) if key else self.line


def collect_files(
    paths: Iterable[Path | str], *, suffixes: frozenset[str]
) -> list[Path]:
    """The files to import: the given files plus, for folders, every matching file in them."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file() and p.suffix.lower() in suffixes
                )
            )
        elif path.is_file():
            if path.suffix.lower() not in suffixes:
                raise ImportInputError(
                    _(
                        "%(path)s: jenis berkas tidak didukung; gunakan berkas %(kinds)s atau folder berisi berkas tersebut."
                    )
                    % {"path": path, "kinds": ", ".join(sorted(suffixes))}
                )
            files.append(path)
        else:
            raise ImportInputError(
                _("%(path)s: berkas atau folder tidak ditemukan.") % {"path": path}
            )
    return files


def _type_name(value: Any) -> str:
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
    if isinstance(value, datetime):
        return _("tanggal dan jam")
    if isinstance(value, date):
        return _("tanggal")
    return type(value).__name__


def _utf8_error(raw: bytes, err: UnicodeDecodeError) -> str:
    return _(
        "bukan teks UTF-8 yang sah (byte 0x%(byte)02x pada posisi %(pos)d); simpan ulang berkas sebagai UTF-8"
    ) % {"byte": raw[err.start], "pos": err.start + 1}


def read_jsonl(path: Path) -> Iterator[SourceRecord]:
    """Records of a JSON Lines file, one per non-blank line (line numbers from 1)."""
    source = str(path)
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            raw = raw.rstrip(b"\r\n")
            if not raw.strip():
                continue
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as err:
                yield SourceRecord(source, number, error=_utf8_error(raw, err))
                continue
            try:
                data = json.loads(text)
            except json.JSONDecodeError as err:
                yield SourceRecord(
                    source,
                    number,
                    error=_("JSON tidak sah pada kolom %(col)d (%(detail)s)")
                    % {"col": err.colno, "detail": err.msg},
                )
                continue
            if not isinstance(data, dict):
                yield SourceRecord(
                    source,
                    number,
                    error=_(
                        "setiap baris harus berupa satu objek JSON {...}, bukan %(type)s"
                    )
                    % {"type": _type_name(data)},
                )
                continue
            yield SourceRecord(source, number, data=data)


def _decode_file(path: Path) -> tuple[str | None, SourceRecord | None]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        return None, SourceRecord(str(path), line, error=_utf8_error(raw, err))
    return text.replace("\r\n", "\n").replace("\r", "\n"), None


class _TextDatesLoader(yaml.SafeLoader):
    """PyYAML's safe loader, except that dates stay text: a bad date such as 2025-02-30
    then gets the field's own message instead of a bare ValueError."""


_TextDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _load_yaml(text: str, *, first_line: int) -> tuple[Any, dict[str, int], list[int]]:
    """Parse YAML, returning the data plus the file line of each top-level key and of
    each item of a top-level ``items`` list (for precise error locations)."""
    loader = _TextDatesLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    key_lines: dict[str, int] = {}
    item_lines: list[int] = []
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                key_lines[key_node.value] = key_node.start_mark.line + first_line
                if key_node.value == "items" and isinstance(
                    value_node, yaml.SequenceNode
                ):
                    item_lines = [
                        item.start_mark.line + first_line for item in value_node.value
                    ]
    return data, key_lines, item_lines


def _yaml_error(
    err: yaml.YAMLError, *, first_line: int, default: int
) -> tuple[int, str]:
    mark = getattr(err, "problem_mark", None)
    line = mark.line + first_line if mark is not None else default
    detail = getattr(err, "problem", None) or str(err)
    return line, _("YAML tidak sah (%(detail)s)") % {"detail": detail}


def read_markdown(path: Path) -> SourceRecord:
    """One article from a Markdown file: YAML front matter between ``---`` lines, then
    the body. The slug defaults to the file name without its extension."""
    source = str(path)
    text, failure = _decode_file(path)
    if failure:
        return failure
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return SourceRecord(
            source,
            1,
            error=_(
                "front matter YAML tidak ditemukan: baris pertama berkas harus '---', diikuti metadata dan baris '---' penutup"
            ),
        )
    end = next(
        (i for i in range(1, len(lines)) if lines[i].rstrip() in {"---", "..."}), None
    )
    if end is None:
        return SourceRecord(
            source,
            1,
            error=_(
                "front matter tidak ditutup: tambahkan baris '---' setelah metadata, sebelum isi artikel"
            ),
        )
    front = "\n".join(lines[1:end])
    try:
        data, key_lines, _items = _load_yaml(front, first_line=2)
    except yaml.YAMLError as err:
        line, reason = _yaml_error(err, first_line=2, default=1)
        return SourceRecord(
            source, line, error=_("front matter %(reason)s") % {"reason": reason}
        )
    if not isinstance(data, dict):
        return SourceRecord(
            source,
            1,
            error=_(
                "front matter harus berupa pasangan 'kunci: nilai' (mis. 'title: ...'), bukan %(type)s"
            )
            % {"type": _type_name(data)},
        )
    data = dict(data)
    data.setdefault("slug", path.stem)
    data["body"] = "\n".join(lines[end + 1 :])
    key_lines.setdefault("body", end + 2)
    return SourceRecord(source, 1, data=data, key_lines=key_lines)


def read_yaml_mapping(path: Path) -> SourceRecord:
    """One record from a YAML file whose top level is a mapping (FAQ pages)."""
    source = str(path)
    text, failure = _decode_file(path)
    if failure:
        return failure
    try:
        data, key_lines, item_lines = _load_yaml(text, first_line=1)
    except yaml.YAMLError as err:
        line, reason = _yaml_error(err, first_line=1, default=1)
        return SourceRecord(source, line, error=reason)
    if not isinstance(data, dict):
        return SourceRecord(
            source,
            1,
            error=_("berkas harus berisi pasangan 'kunci: nilai', bukan %(type)s")
            % {"type": _type_name(data)},
        )
    data = dict(data)
    data.setdefault("slug", path.stem)
    return SourceRecord(
        source, 1, data=data, key_lines=key_lines, item_lines=item_lines
    )


def read_article_records(files: Iterable[Path]) -> Iterator[SourceRecord]:
    """Every article record of these files, in order."""
    for path in files:
        if path.suffix.lower() in JSONL_SUFFIXES:
            yield from read_jsonl(path)
        else:
            yield read_markdown(path)
