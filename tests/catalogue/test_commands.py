"""`manage.py services …` and `manage.py import_services FILE`."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from catalogue.models import (
    ScheduledSwitch,
    ServiceIndexPage,
    ServicePage,
    ServiceStateChange,
)
from regulations.models import PageRegulationLink
from tests.catalogue.fixtures import BLOCKED_DAY, PER_START

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


# services -------------------------------------------------------------------------
def test_readiness_prints_the_api_json(data_change, client):
    printed = json.loads(
        run("services", "readiness", "perubahan-data", "--on", "2025-03-01")
    )
    api = client.get(
        "/api/services/perubahan-data/readiness/", {"on": "2025-03-01"}
    ).json()
    assert printed == api
    assert printed["blockers"][0]["expected_on"] == "2025-05-21"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("services", "readiness", "tidak-ada"), "tidak-ada"),
        (
            ("services", "readiness", "perubahan-data", "--on", "1/3/2025"),
            "YYYY-MM-DD",
        ),
        (("services", "switch", "tidak-ada", "--to", "automated"), "tidak-ada"),
    ],
)
def test_bad_input_is_a_command_error(data_change, args, message):
    with pytest.raises(CommandError) as caught:
        run(*args)
    assert message in str(caught.value)


def test_switch_performs_on_the_day_of_entry_into_force(data_change):
    out = run(
        "services",
        "switch",
        "perubahan-data",
        "--to",
        "automated",
        "--on",
        PER_START.isoformat(),
        "--reason",
        "PER-7/PJ/2025 berlaku",
    )
    assert "kpp_kanwil ke automated pada 2025-05-21" in out
    change = ServiceStateChange.objects.get()
    assert (change.source, change.reason) == ("command", "PER-7/PJ/2025 berlaku")
    assert "sudah berstatus automated" in run(
        "services",
        "switch",
        "perubahan-data",
        "--to",
        "automated",
        "--on",
        "2025-06-01",
    )


def test_schedule_and_run_scheduled(data_change):
    out = run(
        "services", "schedule", "perubahan-data", "--to", "automated", "--when-allowed"
    )
    assert "saat dasar hukum berlaku" in out
    assert ScheduledSwitch.objects.get().on is None
    out = run("services", "run_scheduled", "--on", BLOCKED_DAY.isoformat())
    assert "0 dilaksanakan, 0 terhalang, 1 menunggu" in out
    out = run("services", "run_scheduled", "--on", PER_START.isoformat())
    assert "1 dilaksanakan" in out
    assert ServicePage.objects.get(pk=data_change.pk).current_state == "automated"


def test_run_scheduled_can_enqueue_the_task(data_change):
    run("services", "schedule", "perubahan-data", "--to", "automated", "--when-allowed")
    out = run("services", "run_scheduled", "--on", PER_START.isoformat(), "--enqueue")
    assert "tugas" in out
    # The test settings run tasks immediately.
    assert ServicePage.objects.get(pk=data_change.pk).current_state == "automated"


# import_services ---------------------------------------------------------------------
LINES = [
    {
        "slug": "perubahan-data",
        "name": "Perubahan data wajib pajak",
        "code": "LYN-005",
        "handling_unit": "kpp_kanwil",
        "target_state": "automated",
        "target_year": 2020,
        "plan_category": "renstra",
        "current_state": "kpp_kanwil",
        "state_since": "2019-01-02",
        "legal_basis": [
            "Pasal 2 UU 6/1983",
            "PMK 81/2024",
            "required_change: PER-7/PJ/2025",
        ],
    },
    {
        "slug": "pendaftaran-npwp",
        "name": "Pendaftaran NPWP orang pribadi",
        "handling_unit": "system",
        "target_state": "automated",
        "target_year": 2019,
        "plan_category": "renstra",
        "current_state": "automated",
        "state_since": "2019-03-04",
        "legal_basis": ["Pasal 2 UU 6/1983", "PMK 147/PMK.03/2017", "PER-04/PJ/2020"],
    },
]


def write_jsonl(tmp_path, records, name="layanan.jsonl"):
    path = tmp_path / name
    path.write_text(
        "\n".join(r if isinstance(r, str) else json.dumps(r) for r in records) + "\n",
        encoding="utf-8",
    )
    return path


def test_import_on_a_fresh_database_creates_the_catalogue(registry, tmp_path):
    assert not ServiceIndexPage.objects.exists()
    path = write_jsonl(tmp_path, LINES[:1])
    out = run("import_services", str(path))
    assert "1 dibuat" in out
    index = ServiceIndexPage.objects.get()
    service = ServicePage.objects.child_of(index).get(slug="perubahan-data")
    assert service.live and service.code == "LYN-005"
    assert [
        (row.regulation.short_citation, row.role, row.provision)
        for row in service.legal_basis.order_by("sort_order")
    ] == [
        ("UU 6/1983", "current_basis", "Pasal 2"),
        ("PMK 81/2024", "current_basis", ""),
        ("PER-07/PJ/2025", "required_change", ""),
    ]
    assert PageRegulationLink.objects.filter(page_id=service.pk).count() == 3
    change = ServiceStateChange.objects.get()
    assert (change.source, change.to_state, change.on.isoformat()) == (
        "import",
        "kpp_kanwil",
        "2019-01-02",
    )


def test_import_is_idempotent(registry, tmp_path):
    path = write_jsonl(tmp_path, LINES[:1])
    run("import_services", str(path))
    revisions = ServicePage.objects.get().revisions.count()
    assert "1 tidak berubah" in run("import_services", str(path))
    assert ServicePage.objects.get().revisions.count() == revisions
    assert ServiceStateChange.objects.count() == 1


def test_import_reports_every_rejected_line_and_exits_non_zero(registry, tmp_path):
    blocked = {**LINES[1], "state_since": "2017-06-01"}  # PMK 147/2017 not in force yet
    path = write_jsonl(
        tmp_path,
        [
            LINES[0],
            "{bukan json",
            {**LINES[0], "slug": "x", "current_state": "otomatis"},
            {**LINES[0], "slug": "y", "legal_basis": ["PMK 999/2024"]},
            {**LINES[0], "slug": "z", "legal_basis": ["bukan kutipan"]},
            {**LINES[0], "slug": "w", "state_since": "2019-02-30"},
            {**LINES[0], "slug": "v", "warna": "merah"},
            blocked,
        ],
    )
    with pytest.raises(CommandError) as caught:
        run("import_services", str(path))
    lines = str(caught.value).splitlines()
    assert lines[0] == (
        "7 catatan ditolak; perbaiki lalu jalankan ulang (catatan yang sah sudah "
        "diimpor):"
    )
    assert lines[1].startswith(f"{path}:2: JSON tidak sah")
    assert lines[2].startswith(f"{path}:3: current_state 'otomatis' tidak dikenal")
    assert lines[3].startswith(f"{path}:4: PMK 999/2024 belum terdaftar")
    assert lines[4].startswith(f"{path}:5: kutipan dasar hukum 'bukan kutipan'")
    assert lines[5].startswith(f"{path}:6: state_since: tanggal '2019-02-30' tidak sah")
    assert lines[6] == f"{path}:7: kolom tidak dikenal: warna"
    assert lines[7].startswith(f"{path}:8: Layanan tidak dapat dialihkan ke status")
    assert "PMK 147/PMK.03/2017 (status: belum berlaku" in lines[7]
    assert list(ServicePage.objects.values_list("slug", flat=True)) == [
        "perubahan-data"
    ]


def test_import_reads_csv_with_the_same_columns(registry, tmp_path):
    path = tmp_path / "layanan.csv"
    path.write_text(
        "slug,name,handling_unit,target_state,target_year,plan_category,"
        "current_state,state_since,legal_basis,channels\n"
        "pendaftaran-npwp,Pendaftaran NPWP orang pribadi,system,automated,2019,"
        "renstra,automated,2025-03-04,"
        '"Pasal 2 UU 6/1983; PMK 81/2024",djp_online;mobile_app\n'
        "surat-fiskal,Surat keterangan fiskal,kpp_kanwil,automated,2021,renstra,"
        "automated,2025-03-01,PMK 81/2024;required_change: PER-7/PJ/2025,\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as caught:
        run("import_services", str(path))
    assert f"{path}:3: Layanan tidak dapat dialihkan" in str(caught.value)
    service = ServicePage.objects.get(slug="pendaftaran-npwp")
    assert service.current_state == "automated"
    assert service.channels == ["djp_online", "mobile_app"]
    assert service.legal_basis.count() == 2


def test_import_missing_file_is_a_command_error(tmp_path):
    with pytest.raises(CommandError) as caught:
        run("import_services", str(tmp_path / "tidak-ada.jsonl"))
    assert "tidak ditemukan" in str(caught.value)
