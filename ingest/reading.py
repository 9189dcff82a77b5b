"""Line readers: JSON Lines and CSV files read into Records, or Problems for the lines
that cannot be read.

Every reader accepts a UTF-8 byte-order mark, reports invalid UTF-8, a line over
MAX_LINE_BYTES, a repeated key in one object, nesting deeper than MAX_DEPTH, lone
surrogates (``"\\ud800"``, which json accepts but no file or database can store) and
control characters in key names as a problem of that line, and goes on with the next.
Nothing a file holds makes a reader raise; a path that cannot be read at all raises
InputError before the first line.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ingest.fields import control_error, type_name
from ingest.problems import InputError, Problem, shown

JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
CSV_SUFFIXES = frozenset({".csv"})
# A line holds at most one record: a LONG_TEXT_MAX body written as \uXXXX escapes
# fits, a runaway file without line breaks does not.
MAX_LINE_BYTES = 4 * 1024 * 1024
# Records are flat objects holding lists of small objects; deeper means a broken file.
MAX_DEPTH = 16
BOM = b"\xef\xbb\xbf"

_JSON_MESSAGES = {
    "Expecting value": gettext_lazy("nilai diharapkan"),
    "Expecting property name enclosed in double quotes": gettext_lazy(
        "nama kunci harus diapit tanda kutip ganda"
    ),
    "Expecting ':' delimiter": gettext_lazy("tanda ':' diharapkan"),
    "Expecting ',' delimiter": gettext_lazy("tanda ',' diharapkan"),
    "Unterminated string starting at": gettext_lazy("teks tidak ditutup tanda kutip"),
    "Invalid control character at": gettext_lazy(
        "karakter kendali di dalam teks; tulis \\n atau \\t"
    ),
    "Invalid \\escape": gettext_lazy("escape '\\' tidak sah"),
    "Invalid \\uXXXX escape": gettext_lazy("escape \\uXXXX tidak sah"),
    "Extra data": gettext_lazy("ada teks lain setelah objek JSON"),
    "Unexpected UTF-8 BOM (decode using utf-8-sig)": gettext_lazy(
        "tanda BOM UTF-8 hanya boleh di awal berkas"
    ),
}


@dataclass(frozen=True)
class Record:
    """One record read from a file, with the line of each key where the format has it."""

    source: str
    line: int
    data: dict[str, Any]
    key_lines: Mapping[str, int] = field(default_factory=dict)
    item_lines: Sequence[int] = ()

    def line_of(self, key: str | None) -> int:
        """The line of a top-level key (Markdown/YAML), else the record's own line."""
        return self.key_lines.get(key, self.line) if key else self.line

    def problem(self, message: str, *, key: str = "") -> Problem:
        """A problem of this record, at the line of `key`."""
        return Problem(self.source, self.line_of(key), message, key)

    def rejection(self, errors: Sequence[tuple[str, str]]) -> Problem:
        """The problem for a record with these (key, message) errors, at the first key."""
        key = errors[0][0]
        return self.problem("; ".join(message for _key, message in errors), key=key)


# ---------------------------------------------------------------- paths


def _readable(path: Path) -> None:
    try:
        with path.open("rb"):
            pass
    except PermissionError as err:
        raise InputError(
            _("%(path)s: berkas tidak dapat dibaca (izin ditolak).") % {"path": path}
        ) from err
    except OSError as err:
        raise InputError(
            _("%(path)s: berkas tidak dapat dibaca (%(error)s).")
            % {"path": path, "error": err.strerror or err}
        ) from err


def _kinds(suffixes: frozenset[str]) -> str:
    return ", ".join(sorted(suffixes))


def input_file(path: Path | str, *, suffixes: frozenset[str]) -> Path:
    """The file to import, or InputError saying why it cannot be used."""
    path = Path(path)
    if path.is_dir():
        raise InputError(
            _("%(path)s adalah folder; sebutkan satu berkas %(kinds)s.")
            % {"path": path, "kinds": _kinds(suffixes)}
        )
    if not path.exists():
        raise InputError(
            _("%(path)s: berkas tidak ditemukan; periksa jalurnya.") % {"path": path}
        )
    if not path.is_file():
        raise InputError(
            _("%(path)s bukan berkas biasa; sebutkan satu berkas %(kinds)s.")
            % {"path": path, "kinds": _kinds(suffixes)}
        )
    if path.suffix.lower() not in suffixes:
        raise InputError(
            _("%(path)s: jenis berkas tidak didukung; gunakan berkas %(kinds)s.")
            % {"path": path, "kinds": _kinds(suffixes)}
        )
    _readable(path)
    return path


def input_paths(paths: Iterable[Path | str], *, suffixes: frozenset[str]) -> list[Path]:
    """The files to import: the given files plus, for folders, every file in them
    with one of `suffixes`; InputError when a path cannot be used."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            try:
                found = sorted(
                    p
                    for p in path.rglob("*")
                    if p.suffix.lower() in suffixes and p.is_file()
                )
            except OSError as err:
                raise InputError(
                    _("%(path)s: folder tidak dapat dibaca (%(error)s).")
                    % {"path": path, "error": err.strerror or err}
                ) from err
            for item in found:
                _readable(item)
            files.extend(found)
        elif path.exists():
            files.append(input_file(path, suffixes=suffixes))
        else:
            raise InputError(
                _("%(path)s: berkas atau folder tidak ditemukan; periksa jalurnya.")
                % {"path": path}
            )
    return files


@contextmanager
def _opened(path: Path) -> Iterator[BinaryIO]:
    """The file opened for reading; a failure while reading is an InputError."""
    try:
        with path.open("rb") as handle:
            yield handle
    except OSError as err:
        raise InputError(
            _("%(path)s: berkas tidak dapat dibaca (%(error)s).")
            % {"path": path, "error": err.strerror or err}
        ) from err


# ---------------------------------------------------------------- checks


def utf8_error(byte: int, where: str) -> str:
    return _(
        "bukan teks UTF-8 yang sah (byte 0x%(byte)02x %(where)s); simpan ulang berkas sebagai UTF-8"
    ) % {"byte": byte, "where": where}


def _surrogate_at(text: str) -> int | None:
    """The position of a lone surrogate in `text`, or None (one C-speed pass)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as err:
        return err.start
    return None


def structure_error(data: Any) -> str | None:
    """Why a parsed record cannot be imported whatever its fields mean, or None:
    nesting deeper than MAX_DEPTH, a lone surrogate in any text, a key that is not
    text or holds a control character. Walks iteratively, each container once."""
    stack: list[tuple[Any, int, str]] = [(data, 1, "")]
    seen: set[int] = set()
    while stack:
        value, depth, top = stack.pop()
        if isinstance(value, str):
            if _surrogate_at(value) is not None:
                return _(
                    "%(field)s memuat karakter surrogate tunggal (mis. \\ud800), bukan teks Unicode yang sah"
                ) % {"field": top or _("baris ini")}
            continue
        if not isinstance(value, dict | list):
            continue
        if id(value) in seen:
            continue
        seen.add(id(value))
        if depth > MAX_DEPTH:
            return _(
                "%(field)s bertingkat lebih dari %(max)d lapis; periksa tanda kurung"
            ) % {"field": top or _("baris ini"), "max": MAX_DEPTH}
        if isinstance(value, list):
            stack.extend((item, depth + 1, top) for item in value)
            continue
        for key, item in value.items():
            if not isinstance(key, str):
                return _("nama kolom %(key)s harus berupa teks") % {"key": shown(key)}
            if _surrogate_at(key) is not None:
                return _(
                    "nama kolom %(key)s memuat karakter surrogate tunggal, bukan teks Unicode yang sah"
                ) % {"key": shown(key)}
            problem = control_error(
                _("nama kolom %s") % shown(key), key, multiline=False
            )
            if problem:
                return problem
            stack.append((item, depth + 1, top or key))
    return None


class _DuplicateKey(ValueError):
    pass


class _NotJSON(ValueError):
    pass


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for key, value in pairs:
        if key in data:
            raise _DuplicateKey(key)
        data[key] = value
    return data


def _refuse_constant(name: str) -> Any:
    raise _NotJSON(name)


def _json_error(err: json.JSONDecodeError) -> str:
    detail = _JSON_MESSAGES.get(err.msg, err.msg)
    return _("JSON tidak sah pada kolom %(col)d (%(detail)s)") % {
        "col": err.colno,
        "detail": detail,
    }


def parse_json_object(text: str) -> dict[str, Any] | str:
    """A JSON object, or why `text` is not one (in Bahasa Indonesia)."""
    try:
        data = json.loads(
            text, object_pairs_hook=_unique_pairs, parse_constant=_refuse_constant
        )
    except _DuplicateKey as err:
        return _(
            "kunci %(key)s muncul dua kali dalam satu objek; hapus salah satunya"
        ) % {"key": shown(err.args[0])}
    except _NotJSON as err:
        return _("%(value)s bukan nilai JSON; tulis angka biasa atau null") % {
            "value": err.args[0]
        }
    except json.JSONDecodeError as err:
        return _json_error(err)
    except RecursionError:
        return _(
            "baris ini bertingkat lebih dari %(max)d lapis; periksa tanda kurung"
        ) % {"max": MAX_DEPTH}
    except ValueError:  # an integer longer than Python converts
        return _("JSON memuat angka yang terlalu panjang")
    if not isinstance(data, dict):
        return _("setiap baris harus berupa satu objek JSON {...}, bukan %(type)s") % {
            "type": type_name(data)
        }
    return structure_error(data) or data


# ---------------------------------------------------------------- JSON Lines


def _too_long() -> str:
    return _("baris lebih dari %(max)d byte; satu baris memuat satu catatan") % {
        "max": MAX_LINE_BYTES
    }


def parse_jsonl(
    lines: Iterable[bytes | str], *, source: str
) -> Iterator[Record | Problem]:
    """Records of JSON Lines (one object per non-blank line, numbered from 1)."""
    for number, raw in enumerate(lines, start=1):
        raw = raw.rstrip(b"\r\n" if isinstance(raw, bytes) else "\r\n")
        if len(raw) > MAX_LINE_BYTES:
            yield Problem(source, number, _too_long())
            continue
        if isinstance(raw, bytes):
            if number == 1 and raw.startswith(BOM):
                raw = raw[len(BOM) :]
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as err:
                where = _("pada posisi %(pos)d") % {"pos": err.start + 1}
                yield Problem(source, number, utf8_error(raw[err.start], where))
                continue
        else:
            text = raw.removeprefix("\ufeff") if number == 1 else raw
        if not text.strip():
            continue
        parsed = parse_json_object(text)
        if isinstance(parsed, str):
            yield Problem(source, number, parsed)
        else:
            yield Record(source, number, parsed)


def _physical_lines(handle: BinaryIO) -> Iterator[bytes]:
    """The file's lines; a line over MAX_LINE_BYTES is read past and given cut short
    (but still over the limit), so it never has to fit in memory."""
    while raw := handle.readline(MAX_LINE_BYTES + 1):
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            rest = raw
            while rest and not rest.endswith(b"\n"):
                rest = handle.readline(1 << 20)
        yield raw


def read_jsonl(path: Path, *, source: str | None = None) -> Iterator[Record | Problem]:
    """Records of a JSON Lines file, reported under `source` (default: the path)."""
    with _opened(path) as handle:
        yield from parse_jsonl(_physical_lines(handle), source=source or str(path))


# ---------------------------------------------------------------- CSV


def _csv_row(
    header: list[str], row: list[str], *, source: str, line: int
) -> Record | Problem:
    if len(row) > len(header):
        return Problem(
            source, line, _("baris ini punya lebih banyak kolom daripada kepala tabel")
        )
    data: dict[str, Any] = dict.fromkeys(header)
    for name, value in zip(header, row, strict=False):
        at = _surrogate_at(value)
        if at is not None:  # undecodable bytes, kept by surrogateescape
            where = _("di kolom %(name)s") % {"name": name}
            return Problem(
                source, line, utf8_error(ord(value[at]) - 0xDC00, where), name
            )
        data[name] = value
    return Record(source, line, data)


def _csv_header(header: list[str], *, source: str) -> Problem | None:
    for position, name in enumerate(header, start=1):
        at = _surrogate_at(name)
        if at is not None:
            where = _("di kepala tabel")
            return Problem(source, 1, utf8_error(ord(name[at]) - 0xDC00, where))
        problem = control_error(_("nama kolom %s") % shown(name), name, multiline=False)
        if problem:
            return Problem(source, 1, problem)
        first = header.index(name) + 1
        if first != position:
            return Problem(
                source,
                1,
                _(
                    "kolom %(name)s muncul dua kali di kepala tabel (kolom ke-%(first)d dan ke-%(second)d); hapus salah satunya"
                )
                % {"name": shown(name), "first": first, "second": position},
            )
    return None


def _csv_error(err: csv.Error) -> str:
    if str(err).startswith("field larger than field limit"):
        return _too_long()
    return _("baris CSV tidak dapat dibaca (%(detail)s)") % {"detail": err}


def read_csv(path: Path, *, source: str | None = None) -> Iterator[Record | Problem]:
    """Records of a CSV file with a header row (line numbers as in the file),
    reported under `source` (default: the path)."""
    source = source or str(path)
    limit = csv.field_size_limit()
    with _opened(path) as handle:
        text = io.TextIOWrapper(
            handle, encoding="utf-8-sig", errors="surrogateescape", newline=""
        )
        reader = csv.reader(text)
        csv.field_size_limit(max(limit, MAX_LINE_BYTES))
        try:
            header: list[str] | None = None
            while True:
                try:
                    row = next(reader)
                except StopIteration:
                    return
                except csv.Error as err:
                    yield Problem(source, reader.line_num, _csv_error(err))
                    if header is None:
                        return
                    continue
                if header is None:
                    header = [name.strip() for name in row]
                    problem = _csv_header(header, source=source)
                    if problem:
                        yield problem
                        return
                    continue
                if not any(value.strip() for value in row):
                    continue
                yield _csv_row(header, row, source=source, line=reader.line_num)
        finally:
            csv.field_size_limit(limit)


def read_lines(path: Path, *, source: str | None = None) -> Iterator[Record | Problem]:
    """Records of a JSON Lines or CSV file, chosen by its suffix."""
    if path.suffix.lower() in CSV_SUFFIXES:
        return read_csv(path, source=source)
    return read_jsonl(path, source=source)
