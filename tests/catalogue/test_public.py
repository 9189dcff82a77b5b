"""The catalogue as taxpayers use it: found from the home page and the header, searched
and filtered, in plain words, with the 3C plan and editors' notes kept internal."""

import datetime

import pytest
from bs4 import BeautifulSoup

from catalogue.guidance import demo_guidance_load, service_link_guidance
from catalogue.models import ServicePage
from kb.models import AudienceGroup
from regulations.models import ReviewFlag
from tests.catalogue.fixtures import ServicePageFactory
from tests.factories import ArticlePageFactory, TopicIndexPageFactory

pytestmark = pytest.mark.django_db


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def titles(response) -> list[str]:
    return [a.get_text(strip=True) for a in soup(response).select(".service-card a")]


@pytest.fixture
def catalogue(service_index, home_page):
    """Three services: one online for businesses, one by phone, one at the counter."""
    topic = TopicIndexPageFactory(parent=home_page, title="NPWP", slug="npwp")
    badan = AudienceGroup.objects.get(slug="badan")
    online = ServicePageFactory(
        parent=service_index,
        title="Pendaftaran NPWP badan",
        code="LYN-002",
        channels=["djp_online", "mobile_app"],
        validation_methods=["token"],
        service_level_days=0,
        description="Mendaftarkan badan usaha sebagai wajib pajak.",
    )
    phone = ServicePageFactory(
        parent=service_index, title="Reset EFIN", channels=["contact_center", "kpp"]
    )
    # Their states as the gate once allowed them (the gate has its own tests).
    ServicePage.objects.filter(pk=online.pk).update(current_state="automated")
    ServicePage.objects.filter(pk=phone.pk).update(current_state="contact_center")
    online = ServicePage.objects.get(pk=online.pk)
    service_link_guidance(
        service=online, topics=[topic], audiences=[badan], articles=[]
    )
    counter = ServicePageFactory(
        parent=service_index,
        title="Pengukuhan PKP",
        current_state="kpp_kanwil",
        channels=["kpp"],
    )
    return {"topic": topic, "online": online, "phone": phone, "counter": counter}


def test_catalogue_is_linked_from_the_header_and_the_home_page(client, catalogue):
    home = soup(client.get("/"))
    assert home.find(class_="site-nav").find("a", href="/layanan/")
    shortcuts = {
        a.get_text(" ", strip=True): a["href"]
        for a in home.select(".catalogue-teaser .channel-shortcut")
    }
    assert shortcuts == {
        "Bisa online sekarang 1 layanan": "/layanan/?saluran=online#daftar-layanan",
        "Lewat Kring Pajak 1 layanan": "/layanan/?saluran=telepon#daftar-layanan",
        "Datang ke KPP 2 layanan": "/layanan/?saluran=kpp#daftar-layanan",
    }
    topic_page = soup(client.get(catalogue["topic"].url))
    assert topic_page.find(class_="site-nav").find("a", href="/layanan/")


def test_catalogue_lists_plain_statuses_without_3c_terms(client, catalogue):
    response = client.get("/layanan/")
    page = soup(response)
    statuses = {
        card.a.get_text(strip=True): card.find(class_="plain-status").get_text()
        for card in page.select(".service-card")
    }
    assert statuses == {
        "Pendaftaran NPWP badan": "Bisa online sekarang",
        "Pengukuhan PKP": "Datang ke KPP",
        "Reset EFIN": "Lewat Kring Pajak",
    }
    text = page.main.get_text()
    for internal in ("back office", "Counter", "KLIP", "otomasi penuh", "Target"):
        assert internal not in text, internal
    assert not page.find("table")  # cards, not a wide table


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"saluran": "online"}, ["Pendaftaran NPWP badan"]),
        ({"saluran": "telepon"}, ["Reset EFIN"]),
        ({"saluran": "kpp"}, ["Pengukuhan PKP", "Reset EFIN"]),
        ({"q": "npwp badan"}, ["Pendaftaran NPWP badan"]),
        ({"q": "lyn-002"}, ["Pendaftaran NPWP badan"]),
        # Services open to everyone are listed for any group.
        (
            {"untuk": "badan"},
            ["Pendaftaran NPWP badan", "Pengukuhan PKP", "Reset EFIN"],
        ),
        ({"untuk": "bendahara"}, ["Pengukuhan PKP", "Reset EFIN"]),
        # Unknown values are ignored, never an error page.
        ({"saluran": "faks", "untuk": "alien", "topik": "x"}, None),
    ],
)
def test_catalogue_search_and_filters(client, catalogue, params, expected):
    response = client.get("/layanan/", params)
    assert response.status_code == 200
    everything = ["Pendaftaran NPWP badan", "Pengukuhan PKP", "Reset EFIN"]
    assert titles(response) == (everything if expected is None else expected)


def test_catalogue_filters_by_topic_and_keeps_filters_across_pages(
    client, catalogue, service_index
):
    topic = catalogue["topic"]
    assert titles(client.get("/layanan/", {"topik": topic.pk})) == [
        "Pendaftaran NPWP badan"
    ]
    options = soup(client.get("/layanan/")).select("#id_topik option")
    assert [o.get_text() for o in options] == ["Semua topik", "NPWP"]
    for n in range(30):
        ServicePageFactory(parent=service_index, channels=["kpp"], title=f"K {n:02d}")
    page = soup(client.get("/layanan/", {"saluran": "kpp"}))
    assert page.find("a", rel="next")["href"] == "?saluran=kpp&page=2#daftar-layanan"


def test_service_page_answers_online_where_validation_and_how_long(client, catalogue):
    page = soup(client.get(catalogue["online"].url))
    facts = dict(
        zip(
            [dt.get_text(strip=True) for dt in page.select(".at-a-glance dt")],
            [dd.get_text(" ", strip=True) for dd in page.select(".at-a-glance dd")],
            strict=True,
        )
    )
    assert facts == {
        "Bisa diajukan online?": "Ya.",
        "Di mana?": "DJP Online aplikasi seluler DJP",
        "Validasi yang dipakai": "token",
        "Berapa lama?": "Selesai saat itu juga.",
    }
    phone = soup(client.get(catalogue["phone"].url))
    assert phone.select_one(".at-a-glance a[href='tel:1500200']")
    assert "Belum ada standar waktu" in phone.find(class_="at-a-glance").get_text()


def test_service_page_links_its_guidance_and_asks_for_feedback(client, catalogue):
    article = ArticlePageFactory(
        parent=catalogue["topic"], title="Cara daftar NPWP badan"
    )
    service = ServicePage.objects.get(pk=catalogue["phone"].pk)
    service_link_guidance(service=service, topics=[], audiences=[], articles=[article])
    page = soup(client.get(service.url))
    guidance = page.find(id="judul-panduan").find_parent("section")
    assert guidance.find("a", href=article.url).get_text() == "Cara daftar NPWP badan"
    assert page.find("form", attrs={"data-feedback-form": True})["action"] == (
        f"/umpan-balik/{service.pk}/"
    )
    assert page.find(class_="article-meta").find("time")


def test_flagged_service_shows_a_neutral_notice_without_editor_instructions(
    client, data_change, registry
):
    ReviewFlag.objects.create(
        page=data_change,
        regulation=registry.pmk_147,
        event="revoked",
        event_on=datetime.date(2025, 1, 1),
        reason="Dasar hukum dicabut. Perbarui dasar hukum atau status layanan.",
    )
    page = soup(client.get(data_change.url))
    notice = page.find(class_="notice--review")
    assert "sedang diperiksa ulang" in notice.get_text()
    assert notice.find("a", href="tel:1500200")
    assert "Perbarui dasar hukum" not in page.get_text()


def test_demo_guidance_links_services_once(client, catalogue, home_page):
    catalogue["online"].slug = "pendaftaran-npwp-badan"
    catalogue["online"].save()
    service = ServicePageFactory(
        parent=catalogue["online"].get_parent(),
        slug="pendaftaran-npwp-orang-pribadi",
        is_demo=True,
    )
    ArticlePageFactory(parent=catalogue["topic"], slug="daftar-npwp-orang-pribadi")
    report = demo_guidance_load()
    assert report.linked == ["pendaftaran-npwp-orang-pribadi"]
    service = ServicePage.objects.get(pk=service.pk)
    assert [t.slug for t in service.topics.all()] == ["npwp"]
    assert [a.slug for a in service.audiences.all()] == ["orang-pribadi"]
    assert [a.slug for a in service.guidance_articles.all()] == [
        "daftar-npwp-orang-pribadi"
    ]
    assert "pendaftaran-npwp-orang-pribadi: nik-sebagai-npwp" in report.missing
    assert demo_guidance_load().linked == []  # idempotent
