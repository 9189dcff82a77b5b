"""import_regulations: two passes, idempotent, every rejected line reported as FILE:LINE."""

import datetime
import io
import json

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from wagtail.models import ModelLogEntry, Revision

from regulations.importing import import_regulations
from regulations.models import Regulation, RegulationRelation

pytestmark = pytest.mark.django_db

D = datetime.date


def line(**record):
    return json.dumps(record, ensure_ascii=False)


PMK86 = {
    "type": "PMK",
    "number": 86,
    "year": 2020,
    "unit": "PMK.03",
    "title": "Insentif Pajak untuk Wajib Pajak Terdampak Pandemi Corona Virus Disease 2019",
    "effective_on": "2020-07-16",
    "ends_on": "2020-12-31",
    "subjects": ["insentif", "COVID-19"],
}
PMK110 = {
    "type": "PMK",
    "number": 110,
    "year": 2020,
    "unit": "PMK.03",
    "title": "Perubahan atas PMK 86/PMK.03/2020",
    "effective_on": "2020-08-14",
    "relations": [{"type": "amends", "target": "PMK 86/PMK.03/2020"}],
}


def run(*lines, filename="data.jsonl", **kwargs):
    kwargs.setdefault("reason", "Impor uji")
    return import_regulations(list(lines), filename=filename, **kwargs)


def errors(report):
    """The rejected lines as printed: FILE:LINE: reason."""
    return [str(problem) for problem in report.rejected]


def write(tmp_path, *lines):
    path = tmp_path / "data.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_relation_target_may_come_later_in_the_file():
    report = run(line(**PMK110), line(**PMK86))
    assert errors(report) == []
    assert (report.created, report.relations_added) == (2, 1)
    pmk86 = Regulation.objects.get(number=86)
    assert pmk86.live and pmk86.revisions.count() == 1
    assert sorted(pmk86.subjects.names()) == ["COVID-19", "insentif"]
    assert pmk86.status_on(on=D(2020, 8, 14)).value == "berlaku_dengan_perubahan"
    relation = RegulationRelation.objects.get()
    assert relation.source.number == 110 and relation.effective_date == D(2020, 8, 14)
    assert (
        ModelLogEntry.objects.filter(
            action="wagtail.create", data__reason="Impor uji"
        ).count()
        == 2
    )


def test_second_run_changes_nothing_and_saves_no_revision():
    run(line(**PMK86), line(**PMK110))
    before = (Revision.objects.count(), ModelLogEntry.objects.count())
    report = run(line(**PMK86), line(**PMK110))
    assert errors(report) == []
    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)
    assert (report.relations_added, report.relations_unchanged) == (0, 1)
    assert (Revision.objects.count(), ModelLogEntry.objects.count()) == before


def test_changed_line_updates_with_one_revision_and_keeps_admin_data():
    run(line(**PMK86))
    Regulation.objects.filter(number=86).update(abstract="Ditulis tim hukum")
    report = run(line(**{**PMK86, "title": "Judul dikoreksi"}), reason="Koreksi BN")
    assert (report.updated, errors(report)) == (1, [])
    pmk86 = Regulation.objects.get(number=86)
    assert pmk86.title == "Judul dikoreksi"
    assert pmk86.abstract == "Ditulis tim hukum"  # not in the line, so kept
    assert pmk86.revisions.count() == 2
    assert ModelLogEntry.objects.filter(
        action="wagtail.edit", data__reason="Koreksi BN"
    ).exists()


def test_changed_relation_date_is_corrected():
    run(line(**PMK86), line(**PMK110))
    moved = {
        **PMK110,
        "relations": [{**PMK110["relations"][0], "effective_on": "2020-09-01"}],
    }
    report = run(line(**PMK86), line(**moved))
    assert (report.relations_changed, errors(report)) == (1, [])
    assert RegulationRelation.objects.get().effective_on == D(2020, 9, 1)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("{not json", "JSON tidak sah pada kolom 2"),
        ("[1, 2]", "setiap baris harus berupa satu objek JSON {...}, bukan daftar"),
        (
            line(**{**PMK86, "type": "PERMEN"}),
            "jenis 'PERMEN' tidak dikenal; gunakan salah satu: UU, PERPPU, PP, "
            "PERPRES, PMK, KMK, PER, KEP, SE, ND",
        ),
        (
            line(**{**PMK86, "number": "86a"}),
            "nomor '86a' tidak sah; tulis bilangan bulat 1 sampai 9999, mis. 23",
        ),
        (
            line(**{**PMK86, "year": 20}),
            "tahun 20 tidak sah; tulis bilangan bulat 1945 sampai 2100, mis. 2020",
        ),
        (
            line(**{**PMK86, "effective_on": "16-07-2020"}),
            "effective_on: tanggal '16-07-2020' tidak sah; tulis YYYY-MM-DD, "
            "mis. 2025-05-21",
        ),
        (
            line(**{**PMK86, "signed_on": "2020-08-01"}),
            "Tanggal mulai berlaku (2020-07-16) sebelum tanggal ditetapkan (2020-08-01). "
            "Periksa kembali kedua tanggal.",
        ),
        (
            line(**{**PMK86, "ends_on": "2020-01-01"}),
            "Tanggal akhir berlaku (2020-01-01) sebelum tanggal mulai berlaku (2020-07-16).",
        ),
        (line(**{**PMK86, "judul": "x"}), "kolom tidak dikenal: judul."),
        (line(**{**PMK86, "title": " "}), "judul wajib diisi"),
        (
            line(**{**PMK86, "unit": "PJ"}),
            "kode unit 'PJ' tidak cocok dengan jenis PMK",
        ),
    ],
)
def test_bad_line_is_reported_with_its_reason_and_not_stored(raw, message):
    report = run(line(**PMK110), raw)
    assert errors(report)[1].startswith("data.jsonl:2: ")
    assert message in errors(report)[1]
    # PMK 110's relation then has no target: the whole line is rejected.
    assert errors(report)[0].startswith(
        "data.jsonl:1: hubungan ke-1: PMK 86/PMK.03/2020 "
    )
    assert not Regulation.objects.filter(number=86).exists()
    assert not Regulation.objects.filter(number=110).exists()


def test_duplicate_line_is_rejected_and_the_first_kept():
    report = run(line(**PMK86), line(**{**PMK86, "title": "Lain"}))
    assert errors(report) == [
        "data.jsonl:2: PMK 86/PMK.03/2020 sudah ada di baris 1 dalam impor ini; hanya "
        "yang pertama diimpor"
    ]
    assert Regulation.objects.get(number=86).title == PMK86["title"]


def relation_error(relation, *extra):
    report = run(line(**PMK86), *extra, line(**{**PMK110, "relations": [relation]}))
    assert Regulation.objects.filter(number=86, live=True).exists()
    assert not Regulation.objects.filter(number=110).exists()
    assert not RegulationRelation.objects.exists()
    assert len(report.rejected) == 1
    return errors(report)[0]


def test_unreadable_target_citation_is_reported():
    error = relation_error({"type": "amends", "target": "peraturan insentif"})
    assert error == (
        "data.jsonl:2: hubungan ke-1: kutipan target 'peraturan insentif' tidak dapat "
        'dibaca; tulis satu kutipan, mis. "PMK 23/PMK.03/2020", "UU 7/2021" atau '
        '"PER-04/PJ/2020".'
    )


def test_target_missing_from_the_registry_is_reported():
    error = relation_error({"type": "amends", "target": "PMK 9/PMK.03/2021"})
    assert error == (
        "data.jsonl:2: hubungan ke-1: PMK 9/PMK.03/2021 belum ada di registri; "
        "tambahkan barisnya di berkas ini atau perbaiki kutipannya."
    )


def test_unknown_relation_type_is_reported():
    error = relation_error({"type": "changes", "target": "PMK 86/PMK.03/2020"})
    assert "jenis hubungan 'changes' tidak dikenal" in error


def test_self_relation_is_reported():
    report = run(
        line(
            **{
                **PMK86,
                "relations": [{"type": "revokes", "target": "PMK 86/PMK.03/2020"}],
            }
        )
    )
    assert errors(report) == [
        "data.jsonl:1: hubungan ke-1 (revokes PMK 86/PMK.03/2020): PMK 86/PMK.03/2020 "
        "tidak dapat mencabut dirinya sendiri. Pilih peraturan lain."
    ]
    assert not RegulationRelation.objects.exists()
    assert not Regulation.objects.exists()


def test_cycle_is_reported():
    back = {**PMK86, "relations": [{"type": "amends", "target": "PMK 110/PMK.03/2020"}]}
    report = run(line(**PMK110), line(**back))
    # The two lines name each other: one unit, written together or not at all.
    assert errors(report) == [
        "data.jsonl:1: ditolak bersama baris 2: baris ini dan baris itu saling "
        "merujuk, jadi keduanya hanya dapat diimpor bersama",
        "data.jsonl:2: hubungan ke-1 (amends PMK 110/PMK.03/2020): Hubungan ini "
        "membentuk lingkaran perubahan: PMK 110/PMK.03/2020 sudah (langsung atau tidak "
        "langsung) mengubah atau mencabut PMK 86/PMK.03/2020.",
    ]
    assert not RegulationRelation.objects.exists()
    assert not Regulation.objects.exists()


def test_revocation_before_the_target_took_effect_is_reported():
    error = relation_error(
        {
            "type": "revokes",
            "target": "PMK 86/PMK.03/2020",
            "effective_on": "2020-01-01",
        }
    )
    assert error.endswith(
        "Pencabutan berlaku 2020-01-01, sebelum PMK 86/PMK.03/2020 mulai berlaku "
        "(2020-07-16). Periksa tanggal berlaku hubungan ini."
    )


def test_provision_is_taken_from_the_target_citation():
    run(
        line(
            type="PERPPU",
            number=1,
            year=2020,
            title="Kebijakan Keuangan Negara",
            effective_on="2020-03-31",
        ),
        line(
            type="UU",
            number=7,
            year=2021,
            title="Harmonisasi Peraturan Perpajakan",
            effective_on="2021-10-29",
            relations=[
                {
                    "type": "revokes_part",
                    "target": "Pasal 5 ayat (1) huruf b Perppu 1/2020",
                }
            ],
        ),
    )
    relation = RegulationRelation.objects.get()
    assert relation.provision == "Pasal 5 ayat (1) huruf b"


def test_command_imports_valid_lines_then_fails_listing_the_rejected(tmp_path):
    path = write(tmp_path, line(**PMK86), line(**{**PMK110, "year": "x"}))
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("import_regulations", str(path), stdout=out, stderr=err)
    assert "Impor peraturan: 1 dibuat" in out.getvalue()
    assert f"{path}:2: tahun 'x' tidak sah" in str(caught.value)
    assert Regulation.objects.filter(number=86, live=True).exists()


def test_command_records_user_and_reason(tmp_path, django_user_model):
    user = django_user_model.objects.create_user(username="hukum")
    user.groups.add(Group.objects.get(name="Tim Hukum"))
    path = write(tmp_path, line(**PMK86))
    out = io.StringIO()
    call_command(
        "import_regulations",
        str(path),
        user="hukum",
        reason="ND-12/PJ.01/2025",
        stdout=out,
    )
    assert "Impor peraturan: 1 dibuat" in out.getvalue()
    entry = ModelLogEntry.objects.get(action="wagtail.create")
    assert (entry.user, entry.data["reason"]) == (user, "ND-12/PJ.01/2025")


def test_command_refuses_unknown_user_and_missing_file(tmp_path):
    path = write(tmp_path, line(**PMK86))
    with pytest.raises(CommandError, match="Pengguna 'siapa' tidak ditemukan"):
        call_command("import_regulations", str(path), user="siapa")
    with pytest.raises(CommandError, match="tidak ditemukan"):
        call_command("import_regulations", str(tmp_path / "tidak-ada.jsonl"))
    assert not Regulation.objects.exists()


def test_command_reports_a_user_without_permission(tmp_path, django_user_model):
    editor = django_user_model.objects.create_user(username="editor")
    editor.groups.add(Group.objects.get(name="Editors"))
    path = write(tmp_path, line(**PMK86))
    with pytest.raises(CommandError) as caught:
        call_command(
            "import_regulations", str(path), user="editor", stdout=io.StringIO()
        )
    assert "pengguna tidak berhak mengubah peraturan" in str(caught.value)
    assert not Regulation.objects.exists()


def test_line_whose_target_line_was_rejected_is_rejected_too():
    bad_target = {**PMK86, "effective_on": "16-07-2020"}
    report = run(line(**PMK110), line(**bad_target))
    assert errors(report) == [
        "data.jsonl:1: hubungan ke-1: PMK 86/PMK.03/2020 ada di baris 2, yang ditolak; "
        "perbaiki baris itu lalu jalankan lagi.",
        "data.jsonl:2: effective_on: tanggal '16-07-2020' tidak sah; tulis YYYY-MM-DD, "
        "mis. 2025-05-21",
    ]
    assert not Regulation.objects.exists()


def test_line_and_its_relations_are_written_together_or_not_at_all():
    second = {"type": "amends", "target": "PMK 86/PMK.03/2020", "effective_on": "x"}
    report = run(
        line(**PMK86),
        line(**{**PMK110, "relations": [PMK110["relations"][0], second]}),
    )
    assert errors(report) == [
        "data.jsonl:2: hubungan ke-2: effective_on: tanggal 'x' tidak sah; tulis "
        "YYYY-MM-DD, mis. 2025-05-21"
    ]
    assert not Regulation.objects.filter(number=110).exists()
    assert not RegulationRelation.objects.exists()
    assert (report.created, report.relations_added) == (1, 0)
