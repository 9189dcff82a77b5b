"""Every public page type and the main admin screens in Chromium at phone and desktop
size (issue 12): no axe-core violations in public and none critical or serious in the
admin, nothing wider than a phone, the first search result on the first screen, the
catalogue reachable by links, and the English switch there and back. Screenshots of
each page type at each width are kept in var/screens/ for reviewers."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command

from kb.models import ArticlePage, FAQPage
from tests.factories import (
    ArticlePageFactory,
    FAQItemFactory,
    FAQPageFactory,
    TopicIndexPageFactory,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
SCREENS = Path(settings.BASE_DIR) / "var" / "screens"
PHONE = (390, 844)
SMALL_PHONE = (360, 740)
DESKTOP = (1280, 900)
QUERY = "cara lapor spt tahunan"
# Words of the 3C plan and of editors' instructions that taxpayers must never see.
INTERNAL_WORDS = ["3C", "Diselesaikan oleh", "Status dan rencana", "Perbarui dasar"]


def axe_violations(tab, *, impacts: set[str]) -> list[str]:
    """axe-core's violations of these impacts on the page in `tab`, one line each."""
    tab.evaluate(AXE.read_text(encoding="utf-8"))
    found = tab.evaluate(
        """async () => (await axe.run(document, {resultTypes: ["violations"]}))
        .violations.map(v => ({id: v.id, impact: v.impact,
                               nodes: v.nodes.map(n => n.target.join(" "))}))"""
    )
    return [
        f"{item['id']} ({item['impact']}): {', '.join(item['nodes'][:3])}"
        for item in found
        if item["impact"] in impacts
    ]


def screenshot(tab, name: str, width: int) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SCREENS / f"{name}-{width}.png"))


@pytest.fixture
def site(topic, data_change, registry, settings):
    """One page of each public type, with three topics of tax-return articles so the
    search page has several facets to show before or after its results."""
    settings.SEARCH_BACKEND = "default"
    article = ArticlePageFactory(
        parent=topic,
        slug="lapor-spt-tahunan",
        title="Cara lapor SPT Tahunan orang pribadi",
        summary="Lapor SPT Tahunan lewat e-Filing sebelum 31 Maret.",
        body="## Langkah\n\n1. Masuk ke DJP Online.\n2. Pilih e-Filing dan lapor SPT.",
    )
    for number in range(3):
        other = TopicIndexPageFactory(
            parent=topic.get_parent(), slug=f"topik-{number}", title=f"Topik {number}"
        )
        for kind in ("badan", "karyawan"):
            ArticlePageFactory(
                parent=other,
                slug=f"spt-{kind}-{number}",
                title=f"SPT Tahunan {kind} {number}",
                body="Cara lapor SPT Tahunan dan pembetulannya.",
            )
    faq = FAQPageFactory(parent=topic, slug="tanya-spt", title="Tanya jawab SPT")
    FAQItemFactory(page=FAQPage.objects.get(pk=faq.pk), question="Kapan batas lapor?")
    call_command(
        "update_index", backend_name="default", verbosity=0, stdout=io.StringIO()
    )
    return {
        "beranda": "/",
        "topik": topic.url,
        "artikel": article.url,
        "faq": faq.url,
        "katalog": data_change.get_parent().url,
        "layanan": data_change.url,
        "registri": "/peraturan/",
        "peraturan": registry.pmk_147.get_absolute_url(),
        "cari": "/cari/?q=" + QUERY.replace(" ", "+"),
        "beranda-en": "/en/",
        "artikel-en": "/en" + article.url,
    }


def test_public_pages_pass_axe_fit_a_phone_and_hide_internal_text(
    live_server, new_tab, site
):
    problems = []
    for width, height in (SMALL_PHONE, PHONE, DESKTOP):
        tab = new_tab(width, height)
        for name, path in site.items():
            response = tab.goto(live_server.url + path)
            assert response.status == 200, path
            tab.wait_for_load_state("networkidle")
            scroll_width = tab.evaluate("document.documentElement.scrollWidth")
            if scroll_width > width:
                problems.append(f"{path} at {width} px is {scroll_width} px wide")
            text = tab.locator("body").inner_text()
            problems += [f"{path} shows {w!r}" for w in INTERNAL_WORDS if w in text]
            if width != SMALL_PHONE[0]:
                impacts = {"minor", "moderate", "serious", "critical"}
                problems += [
                    f"{path} at {width} px: {line}"
                    for line in axe_violations(tab, impacts=impacts)
                ]
                screenshot(tab, name, width)
    assert problems == []


def test_first_search_result_is_on_the_first_phone_screen(live_server, new_tab, site):
    tab = new_tab(*PHONE)
    tab.goto(live_server.url + site["cari"])
    first = tab.locator(".search-result").first

    assert "SPT Tahunan" in first.inner_text()
    assert first.bounding_box()["y"] < PHONE[1] - 60  # its title is fully visible
    assert tab.locator(".search-results .search-result").count() >= 4


def test_a_service_page_is_reached_from_the_home_page_by_links(
    live_server, new_tab, site, data_change
):
    tab = new_tab(*PHONE)
    tab.goto(live_server.url + "/")
    tab.locator(".site-nav").get_by_role("link", name="Layanan").first.click()
    tab.wait_for_url(live_server.url + site["katalog"])
    tab.get_by_role("link", name=data_change.title).first.click()

    tab.wait_for_url(live_server.url + site["layanan"])
    assert tab.locator("h1").inner_text() == data_change.title


def test_language_switch_goes_to_english_and_back(live_server, new_tab, site):
    tab = new_tab(*PHONE)
    tab.goto(live_server.url + site["artikel"])
    tab.locator(".language-switch a[hreflang=en]").click()

    tab.wait_for_url(live_server.url + site["artikel-en"])
    assert tab.locator("html").get_attribute("lang") == "en"
    tab.locator(".language-switch a[hreflang=id]").click()
    tab.wait_for_url(live_server.url + site["artikel"])
    assert tab.locator("html").get_attribute("lang") == "id"


def test_main_admin_screens_have_no_critical_or_serious_axe_violations(
    live_server, new_tab, site, registry, data_change
):
    get_user_model().objects.create_superuser("redaksi", "r@example.org", "sandi-uji")
    article = ArticlePage.objects.get(slug="lapor-spt-tahunan")
    screens = {
        "admin-beranda": "/admin/",
        "admin-topik": f"/admin/pages/{article.get_parent().pk}/",
        "admin-artikel": f"/admin/pages/{article.pk}/edit/",
        "admin-layanan": f"/admin/pages/{data_change.pk}/edit/",
        "admin-registri": "/admin/snippets/regulations/regulation/",
        "admin-peraturan": (
            f"/admin/snippets/regulations/regulation/edit/{registry.pmk_81.pk}/"
        ),
        "admin-rancangan": "/admin/snippets/regulations/regulationdraft/",
        "admin-peta-jalan": "/admin/peta-jalan-3c/",
        "admin-analitik": "/admin/pencarian/analitik/",
    }
    problems = []
    for width, height in (PHONE, DESKTOP):
        tab = new_tab(width, height)
        tab.goto(live_server.url + "/admin/login/")
        tab.fill("#id_username", "redaksi")
        tab.fill("#id_password", "sandi-uji")
        tab.locator("form button[type=submit]").click()
        tab.wait_for_url(live_server.url + "/admin/")
        for name, path in screens.items():
            response = tab.goto(live_server.url + path)
            assert response.status == 200, path
            tab.wait_for_load_state("networkidle")
            problems += [
                f"{path} at {width} px: {line}"
                for line in axe_violations(tab, impacts={"serious", "critical"})
            ]
            screenshot(tab, name, width)
    assert problems == []
