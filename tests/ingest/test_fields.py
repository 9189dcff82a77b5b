"""The core's converters and date parser: one message per kind of mistake."""

import datetime

import pytest
from django import forms
from django.core.exceptions import ValidationError

from ingest import (
    DateField,
    Fields,
    FirstSeen,
    Problem,
    Report,
    date_error,
    error_text,
    parse_date,
)


@pytest.mark.parametrize(
    "value", ["2025-05-21", " 2025-05-21 ", datetime.date(2025, 5, 21)]
)
def test_date_parser_reads_yyyy_mm_dd(value):
    assert parse_date(value) == datetime.date(2025, 5, 21)


@pytest.mark.parametrize(
    "value",
    [
        "20250521",
        "2025-W21-3",
        "2025-02-30",
        "21-05-2025",
        "\u0662\u0660\u0662\u0665-\u0660\u0665-\u0662\u0661",  # Arabic-Indic digits
        datetime.datetime(2025, 5, 21, 8, 0),
        20250521,
        None,
    ],
)
def test_date_parser_refuses_everything_else_with_the_one_message(value):
    with pytest.raises(ValidationError) as caught:
        parse_date(value)
    assert caught.value.messages == [date_error(value)]
    assert date_error("1/3/2025") == (
        "tanggal '1/3/2025' tidak sah; tulis YYYY-MM-DD, mis. 2025-05-21"
    )


def test_date_form_field_uses_the_same_message():
    class Form(forms.Form):
        on = DateField(required=False)

    form = Form({"on": "2025-5-1"})
    assert not form.is_valid()
    assert form.errors["on"] == [
        "Tanggal '2025-5-1' tidak sah; tulis YYYY-MM-DD, mis. 2025-05-21"
    ]
    assert Form({"on": ""}).is_valid()


def read(data, method, key, **kwargs):
    fields = Fields(data, labels={"n": "jumlah (n)"})
    value = getattr(fields, method)(key, **kwargs)
    return value, [message for _key, message in fields.errors]


@pytest.mark.parametrize(
    ("value", "expected", "errors"),
    [
        (5, 5, []),
        ("12", 12, []),
        ("²", None, ["jumlah (n) '²' tidak sah; tulis bilangan bulat 0 sampai 365, mis. 5"]),
        (True, None, ["jumlah (n) True tidak sah; tulis bilangan bulat 0 sampai 365, mis. 5"]),
        (5.0, None, ["jumlah (n) 5.0 tidak sah; tulis bilangan bulat 0 sampai 365, mis. 5"]),
        ("9" * 40, None, [f"jumlah (n) '{'9' * 40}' tidak sah; tulis bilangan bulat 0 sampai 365, mis. 5"]),
        (None, None, []),
    ],
)  # fmt: skip
def test_integer_takes_numbers_and_ascii_digits_only(value, expected, errors):
    assert read({"n": value}, "integer", "n", low=0, high=365, example="5") == (
        expected,
        errors,
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [(True, True), ("ya", True), ("No", False), (1, True), (0, False), ("", False)],
)
def test_boolean_words(value, expected):
    assert read({"n": value}, "boolean", "n") == (expected, [])


def test_boolean_refuses_other_words():
    assert read({"n": "mungkin"}, "boolean", "n") == (
        False,
        ["jumlah (n) 'mungkin' tidak sah; tulis true atau false"],
    )


def test_text_list_strips_and_drops_blanks_and_repeats():
    assert read({"n": "a, b,,a "}, "text_list", "n", max_length=5, separator=",") == (
        ["a", "b"],
        [],
    )


def test_text_refuses_non_text_and_keeps_line_breaks_only_where_allowed():
    assert read({"n": 3}, "text", "n") == (
        "",
        ["jumlah (n) harus berupa teks, bukan angka; beri tanda kutip bila perlu"],
    )
    assert read({"n": " a\r\n\tb "}, "text", "n", multiline=True) == ("a\n\tb", [])
    assert read({"n": "a\tb"}, "text", "n")[1] == [
        "jumlah (n) memuat karakter kendali U+0009 (tab) pada posisi 2; hapus "
        "karakter itu"
    ]


def test_unknown_keys_leave_out_notes():
    assert Fields({"a": 1, "_catatan": 2, "b": 3}).unknown({"a"}, notes_prefix="_") == [
        "b"
    ]


def test_first_seen_names_the_first_line_or_file():
    seen = FirstSeen()
    assert seen.repeat("x", source="a.jsonl", line=1, name="slug 'x'") is None
    assert seen.repeat("x", source="a.jsonl", line=1, name="slug 'x'") is None
    assert seen.repeat("x", source="a.jsonl", line=4, name="slug 'x'") == (
        "slug 'x' sudah ada di baris 1 dalam impor ini; hanya yang pertama diimpor"
    )
    assert seen.repeat("x", source="b.md", line=1, name="slug 'x'") == (
        "slug 'x' sudah ada di a.jsonl:1 dalam impor ini; hanya yang pertama diimpor"
    )


def test_report_lists_rejections_in_file_order_under_one_heading():
    report = Report(created=2, rejected=[Problem("f", 9, "b"), Problem("f", 2, "a")])
    assert report.summary("Impor uji") == (
        "Impor uji: 2 dibuat, 0 diperbarui, 0 tidak berubah, 2 ditolak."
    )
    assert report.rejection_text().splitlines() == [
        "2 catatan ditolak; perbaiki lalu jalankan ulang (catatan yang sah sudah "
        "diimpor):",
        "f:2: a",
        "f:9: b",
    ]


def test_error_text_names_fields_by_label_when_asked():
    err = ValidationError({"title": ["terlalu pendek"], "__all__": ["bentrok"]})
    assert error_text(err) == "terlalu pendek; bentrok"
    assert error_text(err, {"title": "judul (title)"}) == (
        "judul (title): terlalu pendek; bentrok"
    )
