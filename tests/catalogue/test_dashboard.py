"""The 3C roadmap dashboard: figures from the data, constant queries, charts and CSV."""

import csv
import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from catalogue.choices import BasisRole
from catalogue.dashboard import roadmap
from catalogue.importing import demo_services_load
from catalogue.models import ServicePage
from regulations.models import ReviewFlag
from tests.catalogue.fixtures import BLOCKED_DAY, bulk_services

URL = "/admin/peta-jalan-3c/"
# Target counts, states on the day (from the history), targets and achievements per
# year, the gated services, their basis rows, the drafts' waiting services, the drafts
# (with their regulations' relations), the required-change rows, the regulations and
# their relations: the same whatever the size of the catalogue.
ROADMAP_QUERIES = 11


def catalogue(service_index, registry, *, start: int, count: int) -> None:
    """`count` services: a third automated, a third waiting for PER-7, a third at KPP."""
    per_kind = count // 3
    automated = [
        {
            "slug": f"otomasi-{start + i}",
            "title": f"Layanan otomasi {start + i}",
            "target_state": "automated",
            "target_year": 2020,
            "plan_category": "renstra",
            "current_state": "automated",
            "state_since": datetime.date(2020, 4, 1),
        }
        for i in range(per_kind)
    ]
    waiting = [
        {
            "slug": f"menunggu-{start + i}",
            "title": f"Layanan menunggu {start + i}",
            "target_state": "automated",
            "target_year": 2021,
            "plan_category": "extra_effort",
            "current_state": "kpp_kanwil",
            "state_since": datetime.date(2019, 1, 2),
        }
        for i in range(per_kind)
    ]
    counter = [
        {
            "slug": f"kpp-{start + i}",
            "title": f"Layanan KPP {start + i}",
            "target_state": "kpp_kanwil",
            "current_state": "kpp_kanwil",
            "state_since": datetime.date(2019, 1, 2),
        }
        for i in range(count - 2 * per_kind)
    ]
    bulk_services(
        service_index,
        automated,
        basis=[(registry.uu_kup, BasisRole.CURRENT_BASIS, "Pasal 2")],
    )
    bulk_services(
        service_index,
        waiting,
        basis=[
            (registry.pmk_81, BasisRole.CURRENT_BASIS, ""),
            (registry.per_7, BasisRole.REQUIRED_CHANGE, ""),
        ],
    )
    bulk_services(service_index, counter)


def test_roadmap_counts_blocked_services_and_pipeline(service_index, registry):
    catalogue(service_index, registry, start=0, count=30)
    data = roadmap(on=BLOCKED_DAY)
    states = {s.state: (s.target, s.current) for s in data.states}
    assert data.total == 30
    assert states["automated"] == (20, 10)
    assert states["kpp_kanwil"] == (10, 20)
    years = {r.key: r for r in data.years}
    assert (years["2020"].target, years["2020"].renstra, years["2020"].achieved) == (
        10,
        10,
        10,
    )
    assert (years["2021"].target, years["2021"].extra_effort) == (10, 10)
    assert len(data.blocked) == 10
    blocker = data.blocked[0].blockers[0]
    assert (blocker.regulation, blocker.status, blocker.expected_on) == (
        "PER-07/PJ/2025",
        "belum_berlaku",
        datetime.date(2025, 5, 21),
    )
    assert data.blocked[0].allowed_from == datetime.date(2025, 5, 21)
    assert [(row.blocker.regulation, row.services) for row in data.blocking] == [
        ("PER-07/PJ/2025", 10)
    ]
    per = next(p for p in data.pipeline if p.type == "PER")
    assert (per.required, per.required_in_force) == (1, 0)
    after = roadmap(on=datetime.date(2025, 5, 21))
    assert after.blocked == []
    per = next(p for p in after.pipeline if p.type == "PER")
    assert (per.required, per.required_in_force) == (1, 1)


def test_roadmap_queries_do_not_grow_with_the_catalogue(
    service_index, registry, django_assert_num_queries
):
    catalogue(service_index, registry, start=0, count=20)
    with django_assert_num_queries(ROADMAP_QUERIES):
        small = roadmap(on=BLOCKED_DAY)
    catalogue(service_index, registry, start=20, count=180)
    with django_assert_num_queries(ROADMAP_QUERIES):
        large = roadmap(on=BLOCKED_DAY)
    assert (small.total, large.total) == (20, 200)


def test_dashboard_page_queries_do_not_grow_with_the_catalogue(
    admin_client, service_index, registry
):
    catalogue(service_index, registry, start=0, count=20)
    admin_client.get(URL)  # warm up the session and admin menus
    # Each request clears the query log, so start every capture from an empty log.
    reset_queries()
    with CaptureQueriesContext(connection) as small:
        response = admin_client.get(URL, {"on": BLOCKED_DAY.isoformat()})
    small_count = len(small)  # read now: the captured list is a view of the log
    assert response.status_code == 200
    catalogue(service_index, registry, start=20, count=180)
    reset_queries()
    with CaptureQueriesContext(connection) as large:
        response = admin_client.get(URL, {"on": BLOCKED_DAY.isoformat()})
    assert response.status_code == 200
    assert small_count > ROADMAP_QUERIES
    assert len(large) == small_count
    assert response.context["roadmap"].total == 200


def test_dashboard_shows_charts_tables_and_blockers(admin_client, data_change):
    response = admin_client.get(URL, {"on": BLOCKED_DAY.isoformat()})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Peta Jalan 3C" in html
    assert html.count('<figure class="roadmap-chart">') == 3
    assert html.count('class="tkb-chart__bar bar-') >= 6
    assert "Perubahan data wajib pajak" in html
    assert (
        "PER-07/PJ/2025 (status: belum berlaku; perkiraan berlaku: 21 Mei 2025)" in html
    )
    assert not re.search(r"<(script|link)[^>]+(src|href)=\"https?://", html)


def test_dashboard_csv_export(admin_client, data_change):
    response = admin_client.get(URL, {"on": BLOCKED_DAY.isoformat(), "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "peta-jalan-3c-2025-03-01.csv" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["section", "key", "label", "metric", "value"]
    assert ["state", "automated", "otomasi penuh (Click)", "target", "1"] in rows
    assert [
        "blocked",
        "perubahan-data",
        "Perubahan data wajib pajak",
        "PER-07/PJ/2025",
        "belum_berlaku;2025-05-21",
    ] in rows


def test_dashboard_bad_date_falls_back_to_today_with_a_message(
    admin_client, data_change
):
    response = admin_client.get(URL, {"on": "31-02-2025"})
    assert response.status_code == 200
    assert (
        "Tanggal &#x27;31-02-2025&#x27; tidak sah; tulis YYYY-MM-DD, mis. 2025-05-21 "
        "Ditampilkan per hari ini." in response.content.decode()
    )
    assert response.context["on"] == timezone.localdate()


def test_dashboard_needs_admin_access(client, data_change):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.parametrize("menu_label", ["Peta Jalan 3C"])
def test_dashboard_is_in_the_admin_menu(admin_client, menu_label):
    response = admin_client.get("/admin/")
    assert menu_label in response.content.decode()


DEMO_TODAY = datetime.date(2026, 11, 29)


def test_dashboard_numbers_on_the_demo_catalogue_equal_the_plan(admin_client):
    call_command("load_demo_regulations", stdout=io.StringIO())
    first = demo_services_load(today=DEMO_TODAY)
    assert first.services.created == 168 and not first.services.rejected

    data = roadmap(on=DEMO_TODAY)
    assert data.total == 168
    targets = {s.state: s.target for s in data.states}
    assert targets == {
        "automated": 59,
        "contact_center": 50,
        "kpp_kanwil": 23,
        "other_process": 33,
        "removed": 3,
    }
    assert data.automated == 39  # no later switch in the demo history
    years = {r.key: r for r in data.years}
    # The 21 services automated before 2020 have no target year in the source.
    assert (years["none"].target, years["before"].achieved) == (21, 21)
    assert years["before"].source_achieved == 21
    y2020 = years["2020"]
    assert (y2020.target, y2020.renstra, y2020.extra_effort) == (28, 21, 7)
    assert (y2020.achieved, y2020.achieved_covid19, y2020.covid19) == (18, 9, 9)
    assert (years["2021"].target, years["2022"].target) == (6, 4)
    assert sum(r.target for r in data.years) == 59

    mid_2020 = roadmap(on=datetime.date(2020, 6, 30))
    assert (mid_2020.automated, mid_2020.automated_before_plan) == (39, 21)
    assert {r.key: r.achieved for r in mid_2020.years}["2020"] == 18
    before_any = roadmap(on=datetime.date(2017, 12, 31))
    assert before_any.automated == 0 and before_any.without_history == 168

    # The newsletter's contact-center processes are in the contact-center group.
    named = ServicePage.objects.filter(
        slug__in=[
            "perubahan-data-wajib-pajak",
            "penetapan-wp-non-efektif",
            "pengaktifan-kembali-wp-non-efektif",
        ]
    )
    assert {(s.target_state, s.target_year) for s in named} == {
        ("contact_center", None)
    }
    assert not ServicePage.objects.filter(
        target_state__in=["contact_center", "kpp_kanwil", "other_process", "removed"],
        target_year__isnull=False,
    ).exists()
    blocked_2020 = {item.slug: item for item in mid_2020.blocked}
    # Held back on its current basis (PMK 81/2024 and PER-7/PJ/2025, not yet then).
    assert [
        b.regulation for b in blocked_2020["penetapan-wp-non-efektif"].blockers
    ] == [
        "PMK 81/2024",
        "PER-07/PJ/2025",
    ]

    blocked = {item.slug: item for item in data.blocked}
    assert blocked["surat-keterangan-fiskal"].allowed_from == datetime.date(2027, 7, 1)
    assert blocked["surat-keterangan-domisili"].blockers[0].regulation == "PMK 54/2025"
    assert blocked["surat-keterangan-domisili"].blockers[0].status == "belum_tercatat"
    assert blocked["surat-keterangan-domisili"].allowed_from is None
    assert blocked["pemindahbukuan"].blockers[0].status == "perubahan_tertunda"
    waiting = blocked["layanan-klip-ilustratif-07"]
    assert waiting.allowed_from == datetime.date(2027, 3, 1)
    assert waiting.allowed_from_estimate
    assert len(data.lapsed) == 9  # the Covid-19 services on PMK 44/2020, revoked
    pipeline = {
        p.type: (p.target, p.planned, p.drafting, p.signed, p.in_force, p.required)
        for p in data.pipeline
    }
    assert pipeline["PP"] == (3, 0, 0, 0, 0, 0)
    assert pipeline["KEP"] == (11, 0, 0, 0, 0, 0)
    assert pipeline["PMK"] == (16, 0, 1, 0, 0, 2)  # PMK 54/2025, PMK 81/2024 pending
    assert pipeline["PER"] == (13, 1, 0, 0, 0, 2)  # PER-7/PJ/2025, PER-99/PJ/2026
    drafts = {d.type: d for d in data.drafts}
    assert drafts["PMK"].services == [
        "Layanan back office KLIP ilustratif 07",
        "Layanan back office KLIP ilustratif 08",
    ]

    as_at = roadmap(on=datetime.date(2025, 3, 1))
    waiting = {item.slug: item for item in as_at.blocked}["perubahan-data-wajib-pajak"]
    assert waiting.allowed_from == datetime.date(2025, 5, 21)

    replaced = ServicePage.objects.get(slug="pendaftaran-npwp-orang-pribadi")
    assert [r.regulation.short_citation for r in replaced.legal_basis.all()] == [
        "UU 6/1983",
        "PMK 81/2024",
        "PER-07/PJ/2025",
    ]
    snapshot = replaced.state_changes.get().legal_basis_snapshot
    assert [row["regulation"] for row in snapshot] == ["UU 6/1983"]
    assert ServicePage.objects.filter(illustrative=True).exists()
    assert ReviewFlag.objects.filter(page__slug="insentif-pph-21-dtp").exists()

    html = admin_client.get(URL, {"on": DEMO_TODAY.isoformat()}).content.decode()
    row_2020 = re.search(r'<tr data-year="2020">(.*?)</tr>', html, re.S).group(1)
    assert re.findall(r'<td class="num">(\d+)</td>', row_2020) == [
        "28",
        "21",
        "7",
        "9",
        "18",
        "9",
        "18",
    ]
    assert "28 / 18" in row_2020 and "asumsi" in row_2020

    again = demo_services_load(today=DEMO_TODAY)
    assert again.services.unchanged == 168
    assert (again.bases_replaced, again.scheduled, again.flagged) == ([], [], 0)


def test_dashboard_pages_the_blocked_list(admin_client, service_index, registry):
    catalogue(service_index, registry, start=0, count=180)  # 60 waiting services
    response = admin_client.get(URL, {"on": BLOCKED_DAY.isoformat()})
    assert len(response.context["blocked_page"].object_list) == 50
    html = response.content.decode()
    assert "Halaman 1 dari 2" in html
    assert "tertahan=2#tertahan" in html
    second = admin_client.get(URL, {"on": BLOCKED_DAY.isoformat(), "tertahan": "2"})
    assert len(second.context["blocked_page"].object_list) == 10
    assert "Layanan yang tertahan dasar hukumnya per 1 Maret 2025 (60)" in (
        second.content.decode()
    )
