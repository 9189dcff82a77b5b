"""Public service pages and the "Layanan" catalogue page."""

import datetime

from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext

from catalogue.models import ServicePage
from tests.catalogue.fixtures import ServicePageFactory, bulk_services


def test_service_page_shows_what_taxpayers_need(client, data_change):
    page = ServicePage.objects.get(pk=data_change.pk)
    page.code = "LYN-005"
    page.description = (
        "Mengubah data **identitas** wajib pajak.<script>alert(1)</script>"
    )
    page.steps = "1. Masuk ke DJP Online.\n2. Pilih menu Profil."
    page.channels = ["djp_online", "kpp"]
    page.validation_methods = ["otp"]
    page.prepopulated_data = "Nama\nAlamat"
    page.service_level_days = 3
    page.save_revision().publish()
    response = client.get(page.url)
    assert response.status_code == 200
    assert "catalogue/service_page.html" in [t.name for t in response.templates]
    html = response.content.decode()
    assert "<strong>identitas</strong>" in html
    assert "<script>alert(1)</script>" not in html
    assert "LYN-005" in html
    # Can I do it online, where, with what validation, how long: in plain words.
    assert "Datang ke KPP" in html  # its state: at the counter
    assert '<a href="https://djponline.pajak.go.id/">DJP Online</a>' in html
    assert "Kantor Pelayanan Pajak (KPP)" in html
    assert "OTP" in html
    assert "<li>Alamat</li>" in html
    assert "3 hari kerja" in html
    assert "Pasal 2" in html and "/peraturan/pmk/2024/81/" in html
    # The 3C plan, the handling unit and the change the plan waits for stay internal.
    for internal in (
        "back office",
        "Counter",
        "Status dan rencana 3C",
        "Diselesaikan oleh",
        "Standar waktu",
        "PER-07/PJ/2025",
        "perubahan yang disyaratkan",
    ):
        assert internal not in html, internal


def test_illustrative_service_says_so(client, service_index):
    page = ServicePageFactory(parent=service_index, illustrative=True)
    html = client.get(page.url).content.decode()
    assert "Layanan ini ilustratif" in html


def specs(start: int, count: int) -> list[dict]:
    return [
        {
            "slug": f"layanan-{i}",
            "title": f"Layanan {i:03d}",
            "target_state": "automated",
            "target_year": 2021,
            "current_state": "kpp_kanwil",
            "state_since": datetime.date(2019, 1, 2),
        }
        for i in range(start, start + count)
    ]


def test_catalogue_lists_live_services_in_constant_queries(
    client, service_index, registry
):
    bulk_services(service_index, specs(0, 5))
    client.get(service_index.url)  # warm the caches (site root paths) both counts use
    # Each request clears the query log, so start every capture from an empty log.
    reset_queries()
    with CaptureQueriesContext(connection) as few:
        response = client.get(service_index.url)
    few_count = len(few)  # read now: the captured list is a view of the log
    assert [s.title for s in response.context["services"]][:2] == [
        "Layanan 000",
        "Layanan 001",
    ]
    bulk_services(service_index, specs(5, 50))
    reset_queries()
    with CaptureQueriesContext(connection) as many:
        response = client.get(service_index.url, {"page": 3})
    assert response.context["services_page"].paginator.count == 55
    assert few_count > 0
    assert len(many) == few_count
    assert "Layanan 054" in response.content.decode()
