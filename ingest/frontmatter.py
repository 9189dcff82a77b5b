"""Readers for whole-file records: Markdown with YAML front matter, and YAML mappings.

Each file is one record. Like the line readers they accept a byte-order mark, refuse
a repeated key, nesting deeper than MAX_DEPTH and lone surrogates, and return a
Problem pointing at the file and line instead of raising.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ingest.fields import type_name
from ingest.problems import Problem, shown
from ingest.reading import MAX_DEPTH, Record, _opened, structure_error, utf8_error

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
YAML_SUFFIXES = frozenset({".yaml", ".yml"})


# The parser's most common complaints, in the editors' language (others stay as given).
_YAML_MESSAGES = (
    (
        "mapping values are not allowed here",
        gettext_lazy(
            "tanda ':' di tempat yang tidak boleh; beri tanda kutip pada nilai yang "
            "memuat ':'"
        ),
    ),
    ("could not find expected ':'", gettext_lazy("tanda ':' tidak ditemukan")),
    (
        "found character '\\t' that cannot start any token",
        gettext_lazy("tab tidak boleh dipakai sebagai indentasi; gunakan spasi"),
    ),
    (
        "found unexpected end of stream",
        gettext_lazy("teks berakhir sebelum tanda kutip ditutup"),
    ),
    ("found undefined alias", gettext_lazy("alias tidak dikenal")),
    ("found unhashable key", gettext_lazy("kunci harus berupa teks")),
)


class _DuplicateKey(yaml.YAMLError):
    def __init__(self, key: str, mark: yaml.Mark) -> None:
        super().__init__(key)
        self.problem = _("kunci %(key)s muncul dua kali; hapus salah satunya") % {
            "key": shown(key)
        }
        self.problem_mark = mark


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader, except that dates stay text (a bad date such as 2025-02-30
    then gets the field's own message instead of a bare ValueError) and a repeated key
    is an error instead of silently replacing the first."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: set[Any] = set()
        for key_node, _value in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue  # "<<: *alias" may be overridden by the mapping's own keys
            key = self.construct_object(key_node, deep=deep)
            try:
                repeated = key in seen
                seen.add(key)
            except TypeError:  # an unhashable key; PyYAML reports it below
                continue
            if repeated:
                raise _DuplicateKey(str(key), key_node.start_mark)
        return super().construct_mapping(node, deep=deep)


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _decode(path: Path) -> str | Problem:
    with _opened(path) as handle:
        raw = handle.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        where = _("pada posisi %(pos)d") % {"pos": err.start + 1}
        return Problem(str(path), line, utf8_error(raw[err.start], where))
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _load(
    text: str, *, source: str, first_line: int, prefix: str = ""
) -> tuple[Any, dict[str, int], list[int]] | Problem:
    """The YAML data plus the file line of each top-level key and of each item of a
    top-level ``items`` list (for precise error locations), or the Problem."""
    loader: _Loader | None = None
    try:
        loader = _Loader(text)  # its reader refuses control characters at once
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.reader.ReaderError as err:
        return Problem(
            source,
            text[: err.position].count("\n") + first_line,
            prefix
            + _("YAML tidak sah (karakter kendali U+%(code)04X; hapus karakter itu)")
            % {"code": err.character if isinstance(err.character, int) else 0},
        )
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + first_line if mark is not None else first_line
        detail = getattr(err, "problem", None) or str(err)
        detail = next(
            (said for start, said in _YAML_MESSAGES if detail.startswith(start)),
            detail,
        )
        return Problem(
            source, line, prefix + _("YAML tidak sah (%(detail)s)") % {"detail": detail}
        )
    except (ValueError, LookupError, TypeError, AttributeError, ArithmeticError):
        # PyYAML's constructors raise these for a value its tag cannot hold:
        # "!!int abc", an empty "!!int", "!!timestamp 2025-02-30", 5,000 digits.
        return Problem(
            source,
            first_line,
            prefix
            + _(
                "YAML tidak sah (ada nilai yang tidak dapat dibaca, mis. angka yang "
                "terlalu panjang atau nilai bertanda !!int/!!timestamp yang salah)"
            ),
        )
    except RecursionError:
        return Problem(
            source,
            first_line,
            prefix
            + _("YAML bertingkat lebih dari %(max)d lapis; periksa tanda kurung")
            % {"max": MAX_DEPTH},
        )
    finally:
        if loader is not None:
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


def _mapping(
    loaded: tuple[Any, dict[str, int], list[int]],
    *,
    source: str,
    not_mapping: str,
) -> Record | Problem:
    data, key_lines, item_lines = loaded
    if not isinstance(data, dict):
        return Problem(source, 1, not_mapping % {"type": type_name(data)})
    problem = structure_error(data)
    if problem:
        return Problem(source, 1, problem)
    return Record(source, 1, dict(data), key_lines, item_lines)


def read_markdown(
    path: Path, *, body_key: str = "body", stem_key: str = "slug"
) -> Record | Problem:
    """One record from a Markdown file: YAML front matter between ``---`` lines, then
    the body (under `body_key`). `stem_key` defaults to the file name without its
    extension."""
    source = str(path)
    text = _decode(path)
    if isinstance(text, Problem):
        return text
    lines = text.split("\n")
    if lines[0].strip() != "---":
        return Problem(
            source,
            1,
            _(
                "front matter YAML tidak ditemukan: baris pertama berkas harus '---', diikuti metadata dan baris '---' penutup"
            ),
        )
    end = next(
        (i for i in range(1, len(lines)) if lines[i].rstrip() in {"---", "..."}), None
    )
    if end is None:
        return Problem(
            source,
            1,
            _(
                "front matter tidak ditutup: tambahkan baris '---' setelah metadata, sebelum isi artikel"
            ),
        )
    loaded = _load(
        "\n".join(lines[1:end]),
        source=source,
        first_line=2,
        prefix=_("front matter "),
    )
    if isinstance(loaded, Problem):
        return loaded
    record = _mapping(
        loaded,
        source=source,
        not_mapping=_(
            "front matter harus berupa pasangan 'kunci: nilai' (mis. 'title: ...'), bukan %(type)s"
        ),
    )
    if isinstance(record, Problem):
        return record
    data = {**record.data, body_key: "\n".join(lines[end + 1 :])}
    data.setdefault(stem_key, path.stem)
    key_lines = {**record.key_lines}
    key_lines.setdefault(body_key, end + 2)
    return Record(source, 1, data, key_lines)


def read_yaml_mapping(path: Path, *, stem_key: str = "slug") -> Record | Problem:
    """One record from a YAML file whose top level is a mapping (FAQ pages);
    `stem_key` defaults to the file name without its extension."""
    source = str(path)
    text = _decode(path)
    if isinstance(text, Problem):
        return text
    loaded = _load(text, source=source, first_line=1)
    if isinstance(loaded, Problem):
        return loaded
    record = _mapping(
        loaded,
        source=source,
        not_mapping=_("berkas harus berisi pasangan 'kunci: nilai', bukan %(type)s"),
    )
    if isinstance(record, Problem):
        return record
    data = dict(record.data)
    data.setdefault(stem_key, path.stem)
    return Record(source, 1, data, record.key_lines, record.item_lines)
