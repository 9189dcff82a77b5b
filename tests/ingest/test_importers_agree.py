"""The three import commands agree: one rule, one message, whichever file it is.

Each rule is checked on every importer it applies to, through its command, as an
editor would run it: articles (JSON Lines, Markdown), regulations (JSON Lines) and
services (JSON Lines, CSV).
"""

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from catalogue.models import ServicePage
from ingest import max_length_of
from kb.models import ArticlePage
from regulations.models import Regulation
from tests.catalogue.fixtures import make_registry
from tests.ingest.fuzz import snapshot

pytestmark = pytest.mark.django_db

BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class Target:
    """One importer as the command line sees it."""

    name: str
    command: str
    suffix: str
    title: str  # the single-line field every record has, and its label
    title_label: str
    title_max: int
    long_text: str  # the free-text field, and its label
    long_label: str
    model: type = ArticlePage

    @property
    def long_max(self) -> int:
        """The longest text the model takes in the free-text field."""
        return max_length_of(self.model, self.long_text)

    def record(self, n: int, **changes) -> dict:
        return {**RECORDS[self.name](n), **changes}

    def stored(self) -> int:
        return STORED[self.name]()


RECORDS = {
    "articles": lambda n: {
        "slug": f"artikel-{n}",
        "title": f"Artikel {n}",
        "body": "## Langkah\n\n1. Buka Coretax.",
        "topic": "NPWP",
    },
    "regulations": lambda n: {
        "type": "PMK",
        "number": n,
        "year": 2020,
        "unit": "PMK.03",
        "title": f"Peraturan {n}",
        "effective_on": "2020-07-16",
    },
    "services": lambda n: {
        "slug": f"layanan-{n}",
        "name": f"Layanan {n}",
        "handling_unit": "kpp_kanwil",
        "target_state": "automated",
        "target_year": "2026",
        "plan_category": "renstra",
        "current_state": "kpp_kanwil",
        "state_since": "2019-01-02",
        "legal_basis": "Pasal 2 UU 6/1983",
    },
}
STORED = {
    "articles": lambda: ArticlePage.objects.count(),
    "regulations": lambda: Regulation.objects.filter(type="PMK", year=2020).count(),
    "services": lambda: ServicePage.objects.count(),
}

ARTICLES = Target(
    "articles", "import_articles", ".jsonl", "title", "judul (title)", 255,
    "body", "isi (body)",
)  # fmt: skip
REGULATIONS = Target(
    "regulations", "import_regulations", ".jsonl", "title", "judul", 500,
    "abstract", "abstract", Regulation,
)  # fmt: skip
SERVICES = Target(
    "services", "import_services", ".jsonl", "name", "name (nama layanan)", 255,
    "description", "description", ServicePage,
)  # fmt: skip
SERVICES_CSV = Target(
    "services", "import_services", ".csv", "name", "name (nama layanan)", 255,
    "description", "description", ServicePage,
)  # fmt: skip
JSONL_TARGETS = [ARTICLES, REGULATIONS, SERVICES]
TARGETS = [*JSONL_TARGETS, SERVICES_CSV]


def ids(target: Target) -> str:
    return f"{target.name}{target.suffix}"


@pytest.fixture
def site(home_page):
    """The KB home and the regulations the service records cite."""
    make_registry()
    return home_page


def encode(target: Target, records: list, *, bom: bool = False) -> bytes:
    """A file of `records`: dicts, or raw lines (str/bytes) for JSON Lines."""
    if target.suffix == ".csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(records[0])
        for record in records:
            writer.writerow(record.values())
        content = out.getvalue().encode("utf-8", "surrogatepass")
    else:
        lines = [
            json.dumps(r, ensure_ascii=False).encode("utf-8", "surrogatepass")
            if isinstance(r, dict)
            else (r.encode() if isinstance(r, str) else r)
            for r in records
        ]
        content = b"\n".join(lines) + b"\n"
    return BOM + content if bom else content


def run(target: Target, path: Path) -> tuple[str, str]:
    """Run the command; (stdout, the CommandError's message or "")."""
    out = io.StringIO()
    try:
        call_command(target.command, str(path), stdout=out, stderr=io.StringIO())
    except CommandError as err:
        return out.getvalue(), str(err)
    return out.getvalue(), ""


def run_file(target: Target, tmp_path: Path, records: list, **kwargs):
    path = tmp_path / f"data{target.suffix}"
    path.write_bytes(encode(target, records, **kwargs))
    return path, *run(target, path)


# Byte-order mark ------------------------------------------------------------------


@pytest.mark.parametrize("target", TARGETS, ids=ids)
def test_byte_order_mark_is_accepted(site, tmp_path, target):
    _path, out, message = run_file(
        target, tmp_path, [target.record(1), target.record(2)], bom=True
    )
    assert message == ""
    assert "2 dibuat" in out
    assert target.stored() == 2


def test_byte_order_mark_is_accepted_in_markdown(site, tmp_path):
    (tmp_path / "bom.md").write_bytes(BOM + b"---\ntitle: Dengan BOM\n---\nIsi.\n")
    _out, message = run(ARTICLES, tmp_path)
    assert message == ""
    assert ArticlePage.objects.get(slug="bom").title == "Dengan BOM"


# A key repeated in one file -------------------------------------------------------


@pytest.mark.parametrize("target", TARGETS, ids=ids)
def test_key_repeated_in_one_file_is_rejected_naming_both_lines(site, tmp_path, target):
    path, _out, message = run_file(
        target,
        tmp_path,
        [
            target.record(1),
            target.record(2),
            target.record(1, **{target.title: "Lagi"}),
        ],
    )
    line = 4 if target.suffix == ".csv" else 3
    first = 2 if target.suffix == ".csv" else 1
    assert f"{path}:{line}: " in message
    assert (
        f"sudah ada di baris {first} dalam impor ini; hanya yang pertama diimpor"
        in (message)
    )
    assert target.stored() == 2


# Control characters ---------------------------------------------------------------


@pytest.mark.parametrize("target", TARGETS, ids=ids)
@pytest.mark.parametrize(
    ("char", "shown"),
    [("\x00", "U+0000 (NUL)"), ("\x07", "U+0007"), ("\n", "U+000A (baris baru)")],
)
def test_control_character_is_rejected_naming_the_field(
    site, tmp_path, target, char, shown
):
    bad = target.record(2, **{target.title: f"Judul{char}rusak"})
    path, _out, message = run_file(target, tmp_path, [target.record(1), bad])
    line = 3 if target.suffix == ".csv" and char != "\n" else 2
    if target.suffix == ".csv" and char == "\n":
        line = 4  # the quoted line break makes the record end one line further
    assert (
        f"{path}:{line}: {target.title_label} memuat karakter kendali {shown} pada "
        "posisi 6; hapus karakter itu"
    ) in message
    assert target.stored() == 1


@pytest.mark.parametrize("target", TARGETS, ids=ids)
def test_tab_and_line_break_are_kept_in_long_text(site, tmp_path, target):
    text = "Baris satu\n\tBaris dua menjorok"
    _path, _out, message = run_file(
        target, tmp_path, [target.record(1, **{target.long_text: text})]
    )
    assert message == ""
    assert target.stored() == 1


@pytest.mark.parametrize("target", TARGETS, ids=ids)
def test_control_character_in_long_text_is_rejected(site, tmp_path, target):
    bad = target.record(1, **{target.long_text: "Isi\x1bberwarna"})
    _path, _out, message = run_file(target, tmp_path, [bad])
    assert (
        f"{target.long_label} memuat karakter kendali U+001B pada posisi 4" in message
    )
    assert target.stored() == 0


# Size limits ----------------------------------------------------------------------


@pytest.mark.parametrize("target", TARGETS, ids=ids)
def test_title_over_the_model_limit_is_rejected(site, tmp_path, target):
    too_long = "J" * (target.title_max + 1)
    _path, _out, message = run_file(
        target, tmp_path, [target.record(1, **{target.title: too_long})]
    )
    assert (
        f"{target.title_label} terlalu panjang: {target.title_max + 1} karakter, "
        f"maksimal {target.title_max}"
    ) in message
    assert target.stored() == 0


@pytest.mark.parametrize("target", TARGETS, ids=ids)
def test_long_text_over_the_documented_maximum_is_rejected(site, tmp_path, target):
    limit = target.long_max
    at_limit = target.record(1, **{target.long_text: "a" * limit})
    over = target.record(2, **{target.long_text: "a" * (limit + 1)})
    _path, _out, message = run_file(target, tmp_path, [at_limit, over])
    assert (
        f"{target.long_label} terlalu panjang: {limit + 1} karakter, maksimal {limit}"
    ) in message
    assert target.stored() == 1


# Repeated JSON keys ---------------------------------------------------------------


@pytest.mark.parametrize("target", JSONL_TARGETS, ids=ids)
def test_key_repeated_in_one_object_is_rejected(site, tmp_path, target):
    line = json.dumps(target.record(1))
    twice = f'{{"{target.title}": "Pertama", {line[1:]}'
    path, _out, message = run_file(target, tmp_path, [twice])
    assert (
        f"{path}:1: kunci '{target.title}' muncul dua kali dalam satu objek; hapus "
        "salah satunya"
    ) in message
    assert target.stored() == 0


def test_key_repeated_in_front_matter_is_rejected(site, tmp_path):
    (tmp_path / "dua.md").write_text("---\ntitle: A\ntitle: B\n---\nIsi.\n")
    _out, message = run(ARTICLES, tmp_path)
    assert f"{tmp_path / 'dua.md'}:3: front matter YAML tidak sah (kunci 'title' " in (
        message
    )
    assert not ArticlePage.objects.exists()


def test_repeated_csv_column_is_rejected(site, tmp_path):
    path = tmp_path / "data.csv"
    path.write_text("slug,name,slug\nx,y,z\n")
    _out, message = run(SERVICES_CSV, path)
    assert (
        f"{path}:1: kolom 'slug' muncul dua kali di kepala tabel (kolom ke-1 dan "
        "ke-3); hapus salah satunya"
    ) in message


# Paths that cannot be used --------------------------------------------------------


@pytest.mark.parametrize("target", [REGULATIONS, SERVICES], ids=ids)
def test_folder_given_for_a_file_is_a_command_error(site, tmp_path, target):
    with pytest.raises(CommandError) as caught:
        call_command(target.command, str(tmp_path), stdout=io.StringIO())
    assert str(caught.value).startswith(
        f"{tmp_path} adalah folder; sebutkan satu berkas"
    )


@pytest.mark.parametrize("target", TARGETS, ids=ids)
def test_missing_file_is_a_command_error(site, tmp_path, target):
    path = tmp_path / f"tidak-ada{target.suffix}"
    with pytest.raises(CommandError) as caught:
        call_command(target.command, str(path), stdout=io.StringIO())
    assert str(caught.value).startswith(f"{path}: berkas")
    assert "tidak ditemukan; periksa jalurnya." in str(caught.value)


@pytest.mark.parametrize("target", TARGETS, ids=ids)
def test_unreadable_file_is_a_command_error(site, tmp_path, target, monkeypatch):
    path = tmp_path / f"terkunci{target.suffix}"
    path.write_bytes(encode(target, [target.record(1)]))
    real_open = Path.open

    def locked(self, *args, **kwargs):
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", locked)
    with pytest.raises(CommandError) as caught:
        call_command(target.command, str(path), stdout=io.StringIO())
    assert str(caught.value) == f"{path}: berkas tidak dapat dibaca (izin ditolak)."


@pytest.mark.parametrize("target", [REGULATIONS, SERVICES], ids=ids)
def test_file_of_another_kind_is_a_command_error(site, tmp_path, target):
    path = tmp_path / "data.txt"
    path.write_text("{}\n")
    with pytest.raises(CommandError, match="jenis berkas tidak didukung"):
        call_command(target.command, str(path), stdout=io.StringIO())


# Lines that used to raise ---------------------------------------------------------


@pytest.mark.parametrize("target", JSONL_TARGETS, ids=ids)
@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (
            '{"slug": "\\ud800"}',
            "slug memuat karakter surrogate tunggal (mis. \\ud800), bukan teks "
            "Unicode yang sah",
        ),
        ("[" * 100_000 + "]" * 100_000, "baris ini bertingkat lebih dari 16 lapis"),
        (
            b'{"slug": "caf\xe9"}',
            "bukan teks UTF-8 yang sah (byte 0xe9 pada posisi 14)",
        ),
        ('{"a": NaN}', "NaN bukan nilai JSON"),
        ('{"a": ' + "9" * 5000 + "}", "JSON memuat angka yang terlalu panjang"),
    ],
    ids=["surrogate", "nesting", "utf8", "nan", "huge-int"],
)
def test_line_that_used_to_raise_is_rejected_with_a_reason(
    site, tmp_path, target, line, reason
):
    path, out, message = run_file(target, tmp_path, [target.record(1), line])
    assert f"{path}:2: {reason}" in message
    assert "1 dibuat" in out


def test_invalid_utf8_in_a_csv_cell_is_rejected_with_a_reason(site, tmp_path):
    path = tmp_path / "data.csv"
    path.write_bytes(
        encode(SERVICES_CSV, [SERVICES_CSV.record(1)])
        + ",".join(SERVICES_CSV.record(2).values())
        .replace("Layanan", "Caf\udce9")
        .encode("utf-8", "surrogateescape")
        + b"\n"
    )
    _out, message = run(SERVICES_CSV, path)
    assert (
        f"{path}:3: bukan teks UTF-8 yang sah (byte 0xe9 di kolom name); simpan ulang "
        "berkas sebagai UTF-8"
    ) in message
    assert SERVICES_CSV.stored() == 1


# A rejected line writes nothing ---------------------------------------------------


@pytest.mark.parametrize(
    ("target", "changes"),
    [
        # refused while writing: the topic it would create, the relation's target, the
        # gate (and the "Layanan" catalogue page a first line creates)
        (ARTICLES, {"topic": "Peraturan"}),
        (REGULATIONS, {"relations": [{"type": "amends", "target": "PMK 9/PMK.03/2021"}]}),
        (REGULATIONS, {"relations": [{"type": "revokes", "target": "PMK 1/PMK.03/2020"}]}),
        (SERVICES, {"current_state": "automated", "state_since": "1980-01-01"}),
    ],
    ids=["article-reserved-topic", "regulation-unknown-target",
         "regulation-self-relation", "service-gate"],
)  # fmt: skip
def test_rejected_line_writes_nothing(site, tmp_path, target, changes):
    before = snapshot()
    _path, out, message = run_file(target, tmp_path, [target.record(1, **changes)])
    assert "1 catatan ditolak" in message
    assert "0 dibuat" in out
    assert snapshot() == before
