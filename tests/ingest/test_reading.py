"""The core's readers: every line becomes a Record or a Problem, never an exception."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest import (
    MAX_LINE_BYTES,
    Problem,
    Record,
    parse_jsonl,
    read_csv,
    read_jsonl,
    read_markdown,
    read_yaml_mapping,
)

BOM = b"\xef\xbb\xbf"


def read(*lines: bytes | str) -> list[Record | Problem]:
    return list(parse_jsonl(lines, source="f.jsonl"))


def shown(items) -> list:
    return [
        (item.line, item.data) if isinstance(item, Record) else str(item)
        for item in items
    ]


def test_json_lines_keep_file_line_numbers_across_blank_lines_and_crlf():
    assert shown(read(b'{"a": 1}\r\n', b"  \r\n", b"", b'{"a": 2}')) == [
        (1, {"a": 1}),
        (4, {"a": 2}),
    ]


def test_byte_order_mark_is_dropped_on_the_first_line_only():
    assert shown(read(BOM + b'{"a": 1}', BOM + b'{"a": 2}')) == [
        (1, {"a": 1}),
        "f.jsonl:2: JSON tidak sah pada kolom 1 (tanda BOM UTF-8 hanya boleh di awal "
        "berkas)",
    ]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (b'{"a": 1, "a": 2}', "kunci 'a' muncul dua kali dalam satu objek"),
        (b'{"a": {"b": 1, "b": 2}}', "kunci 'b' muncul dua kali dalam satu objek"),
        (b'{"a": [' * 20 + b"]}" * 20, "a bertingkat lebih dari 16 lapis"),
        (b'{"a": ["x", "\\udc80"]}', "a memuat karakter surrogate tunggal"),
        (b'{"\\ud800": 1}', "nama kolom '\\ud800' memuat karakter surrogate tunggal"),
        (b'{"a\\u0007": 1}', "nama kolom 'a\\x07' memuat karakter kendali U+0007"),
        (b'{"a": Infinity}', "Infinity bukan nilai JSON"),
        (b'{"a": 1} {"b": 2}', "JSON tidak sah pada kolom 10 (ada teks lain"),
        (b'{"a": "tidak ditutup}', "JSON tidak sah pada kolom 7 (teks tidak ditutup"),
        (b"null", "setiap baris harus berupa satu objek JSON {...}, bukan kosong"),
    ],
)
def test_line_that_is_not_one_clean_object_is_a_problem(line, reason):
    [problem] = read(line)
    assert isinstance(problem, Problem)
    assert problem.line == 1
    assert reason in problem.message


def test_surrogate_pairs_are_one_character_not_a_problem():
    assert shown(read(b'{"a": "\\ud83d\\ude00"}')) == [(1, {"a": "\U0001f600"})]


def test_line_over_the_size_limit_is_skipped_without_being_held(tmp_path):
    path = tmp_path / "f.jsonl"
    path.write_bytes(b'{"a": "' + b"x" * MAX_LINE_BYTES + b'"}\n{"a": 2}\n')
    items = list(read_jsonl(path))
    assert str(items[0]) == (
        f"{path}:1: baris lebih dari {MAX_LINE_BYTES} byte; satu baris memuat satu "
        "catatan"
    )
    assert shown(items[1:]) == [(2, {"a": 2})]


def test_csv_rows_keep_line_numbers_and_report_each_bad_row(tmp_path):
    path = tmp_path / "f.csv"
    path.write_bytes(BOM + b'slug,name\na,"dua\nbaris"\n\n,\nb,B,lebih\nc,Caf\xe9\nd\n')
    assert shown(read_csv(path)) == [
        (3, {"slug": "a", "name": "dua\nbaris"}),
        f"{path}:6: baris ini punya lebih banyak kolom daripada kepala tabel",
        f"{path}:7: bukan teks UTF-8 yang sah (byte 0xe9 di kolom name); simpan ulang "
        "berkas sebagai UTF-8",
        (8, {"slug": "d", "name": None}),
    ]


def test_csv_header_with_a_control_character_stops_the_file(tmp_path):
    path = tmp_path / "f.csv"
    path.write_bytes(b"slug,na\x01me\na,b\n")
    assert shown(read_csv(path)) == [
        f"{path}:1: nama kolom 'na\\x01me' memuat karakter kendali U+0001 pada posisi "
        "3; hapus karakter itu"
    ]


def test_yaml_aliases_are_walked_once_each(tmp_path):
    # A "billion laughs" document: checking every value must not expand the aliases.
    levels = ["a: &a ['x', 'x']"] + [
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]"
        for i in range(10)
    ]
    path = tmp_path / "f.yaml"
    path.write_text("\n".join(levels) + "\n")
    record = read_yaml_mapping(path)
    assert isinstance(record, Record)


def test_deep_yaml_is_a_problem_not_a_recursion_error(tmp_path):
    path = tmp_path / "f.md"
    path.write_text("---\ntitle: " + "[" * 5000 + "]" * 5000 + "\n---\nIsi.\n")
    problem = read_markdown(path)
    assert isinstance(problem, Problem)
    assert "front matter YAML bertingkat lebih dari 16 lapis" in problem.message


def test_yaml_escape_for_a_lone_surrogate_is_a_problem(tmp_path):
    path = tmp_path / "f.yaml"
    path.write_text('title: "a\\ud800"\n')
    problem = read_yaml_mapping(path)
    assert isinstance(problem, Problem)
    assert "title memuat karakter surrogate tunggal" in problem.message


@pytest.mark.parametrize(
    ("front", "reason"),
    [
        ("title: " + "1" * 5000, "ada nilai yang tidak dapat dibaca"),
        ("title: !!timestamp 2025-02-30", "ada nilai yang tidak dapat dibaca"),
        ("title: !!timestamp kemarin", "ada nilai yang tidak dapat dibaca"),
        ("title: !!int abc", "ada nilai yang tidak dapat dibaca"),
        ("title: !!int", "ada nilai yang tidak dapat dibaca"),
        ("title:\tx", "tab tidak boleh dipakai sebagai indentasi; gunakan spasi"),
        ("? [a, b]\n: 1", "kunci harus berupa teks"),
    ],
)
def test_yaml_value_its_tag_cannot_hold_is_a_problem(tmp_path, front, reason):
    path = tmp_path / "f.md"
    path.write_text(f"---\n{front}\n---\nIsi.\n")
    problem = read_markdown(path)
    assert isinstance(problem, Problem)
    assert problem.message.startswith("front matter YAML tidak sah (")
    assert reason in problem.message


def test_yaml_merge_keys_still_work(tmp_path):
    path = tmp_path / "f.yaml"
    path.write_text("a: &a {x: 1, y: 2}\nb:\n  <<: *a\n  x: 3\n")
    assert read_yaml_mapping(path).data["b"] == {"x": 3, "y": 2}


@settings(max_examples=200, deadline=None, derandomize=True)
@given(front=st.text(max_size=200))
def test_any_front_matter_is_a_record_or_a_problem(tmp_path_factory, front):
    path = tmp_path_factory.mktemp("md") / "f.md"
    path.write_bytes(f"---\n{front}\n---\nIsi.\n".encode("utf-8", "surrogatepass"))
    assert isinstance(read_markdown(path), Record | Problem)
