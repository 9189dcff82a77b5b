"""A small tax corpus for the search tests, indexed with Wagtail's `update_index`."""

from __future__ import annotations

import copy
import io
from dataclasses import dataclass

import pytest
from django.core.management import call_command

from catalogue.choices import ServiceState
from catalogue.models import ServiceIndexPage, ServicePage
from kb.choices import Audience
from kb.models import ArticlePage, AudienceGroup, FAQPage, TopicIndexPage
from regulations.models import Regulation
from search.lexicon import invalidate_lexicon
from tests.factories import (
    ArticlePageFactory,
    FAQItemFactory,
    FAQPageFactory,
    TopicIndexPageFactory,
)
from tests.regulations.factories import RegulationFactory


@pytest.fixture(autouse=True)
def fresh_lexicon():
    """Each test sees its own index statistics and synonyms."""
    invalidate_lexicon()
    yield
    invalidate_lexicon()


@pytest.fixture(autouse=True)
def database_search(settings):
    """Search the database backend, and keep saves out of a developer's OpenSearch
    indices (the OpenSearch tests configure their own prefix)."""
    settings.SEARCH_BACKEND = "default"
    if "opensearch" in settings.WAGTAILSEARCH_BACKENDS:
        backends = copy.deepcopy(settings.WAGTAILSEARCH_BACKENDS)
        backends["opensearch"]["AUTO_UPDATE"] = False
        settings.WAGTAILSEARCH_BACKENDS = backends


def audience(code: str) -> AudienceGroup:
    group, _created = AudienceGroup.objects.get_or_create(
        slug=code, defaults={"name": Audience(code).label}
    )
    return group


def make_service(parent, **fields) -> ServicePage:
    fields.setdefault("target_state", ServiceState.AUTOMATED)
    page = ServicePage(**fields)
    parent.add_child(instance=page)
    return page


@dataclass
class Corpus:
    topics: dict[str, TopicIndexPage]
    articles: dict[str, ArticlePage]
    faq: FAQPage
    service: ServicePage
    regulations: dict[str, Regulation]


@pytest.fixture
def corpus(home_page) -> Corpus:
    """Articles, one FAQ page, one service and two regulations, then `update_index`."""
    topics = {
        slug: TopicIndexPageFactory(parent=home_page, title=title, slug=slug)
        for slug, title in [
            ("npwp", "NPWP"),
            ("spt", "SPT"),
            ("efin", "EFIN"),
            ("keberatan", "Keberatan dan banding"),
            ("ppn", "PPN"),
            ("lainnya", "Lainnya"),
        ]
    }
    spec = {
        "daftar-npwp": (
            "npwp",
            "Cara mendaftar NPWP orang pribadi secara online",
            "Pendaftaran NPWP dapat dilakukan lewat DJP Online tanpa datang ke KPP.",
            "## Langkah\n\n1. Buka **ereg.pajak.go.id**.\n2. Isi NIK dan alamat email.\n"
            "3. Unggah foto KTP.",
            ["orang-pribadi"],
        ),
        "npwp-nonaktif": (
            "npwp",
            "Mengubah status NPWP menjadi non-efektif",
            "Wajib pajak yang tidak lagi punya penghasilan dapat meminta status NE.",
            "Ajukan permohonan wajib pajak non efektif ke KPP tempat terdaftar.",
            ["orang-pribadi"],
        ),
        "lapor-spt-pegawai": (
            "spt",
            "Menyampaikan SPT Tahunan pegawai dengan formulir 1770 SS",
            "Pegawai dengan penghasilan bruto setahun sampai 60 juta memakai 1770 SS.",
            "Siapkan bukti potong 1721-A1 dari pemberi kerja, lalu isi e-Filing.",
            ["orang-pribadi"],
        ),
        "lupa-efin": (
            "efin",
            "Lupa EFIN: cara mendapatkannya kembali",
            "EFIN yang hilang atau lupa dapat diminta lagi tanpa datang ke kantor.",
            "Hubungi Kring Pajak 1500200 atau kirim permintaan lewat email ke KPP.",
            ["orang-pribadi", "badan"],
        ),
        "keberatan": (
            "keberatan",
            "Mengajukan keberatan atas surat ketetapan pajak",
            "Keberatan diajukan paling lambat tiga bulan sejak surat ketetapan dikirim.",
            "Keberatan harus tertulis dalam bahasa Indonesia dengan alasan yang jelas.",
            ["badan"],
        ),
        "paket": (
            "lainnya",
            "Batas berat paket kiriman dokumen",
            "Berat paket dokumen paling banyak dua kilogram.",
            "Paket yang lebih berat dikirim sebagai barang.",
            [],
        ),
        "pemungutan-ppn": (
            "ppn",
            "Pemungutan PPN oleh pemungut",
            "Instansi pemerintah memungut PPN atas pembelian barang dan jasa.",
            "PPN yang dipungut disetor dengan kode billing sebelum batas waktu.",
            ["pkp", "bendahara"],
        ),
        "restitusi": (
            "spt",
            "Restitusi: pengembalian kelebihan pembayaran pajak",
            "SPT lebih bayar dapat dimintakan pengembalian.",
            "Pengembalian diberikan setelah pemeriksaan atau penelitian.",
            ["badan", "orang-pribadi"],
        ),
    }
    articles = {}
    for key, (topic, title, summary, body, audiences) in spec.items():
        page = ArticlePageFactory(
            parent=topics[topic], title=title, slug=key, summary=summary, body=body
        )
        page.audiences.set([audience(code) for code in audiences])
        page.save()
        articles[key] = page
    faq = FAQPageFactory(
        parent=topics["ppn"], title="Tanya jawab e-Faktur", slug="faq-efaktur"
    )
    FAQItemFactory(
        page=faq,
        question="Bagaimana cara mengaktifkan e-Faktur untuk pertama kali?",
        answer="Ajukan sertifikat elektronik ke KPP, lalu pasang aplikasi e-Faktur.",
        anchor="aktivasi-efaktur",
        sort_order=0,
    )
    FAQItemFactory(
        page=faq,
        question="Apa itu nomor seri faktur pajak (NSFP)?",
        answer="NSFP adalah nomor yang diberikan DJP untuk penomoran faktur pajak.",
        anchor="nsfp",
        sort_order=1,
    )
    services = ServiceIndexPage(title="Layanan", slug="layanan")
    home_page.add_child(instance=services)
    service = make_service(
        services,
        title="Permohonan Aktivasi EFIN",
        slug="aktivasi-efin",
        code="LYN-010",
        description="Meminta EFIN baru untuk lapor SPT secara elektronik.",
    )
    regulations = {
        "per-4-2020": RegulationFactory(
            type="PER",
            number=4,
            year=2020,
            unit="PJ",
            title="Tata cara penyampaian surat pemberitahuan",
        ),
        "pmk-23-2020": RegulationFactory(
            type="PMK",
            number=23,
            year=2020,
            unit="PMK.03",
            title="Insentif pajak untuk wajib pajak terdampak wabah",
        ),
        "pmk-99-2021-draft": RegulationFactory(
            type="PMK",
            number=99,
            year=2021,
            unit="PMK.03",
            title="Rancangan yang belum terbit",
            live=False,
        ),
    }
    call_command(
        "update_index", backend_name="default", verbosity=0, stdout=io.StringIO()
    )
    invalidate_lexicon()
    return Corpus(topics, articles, faq, service, regulations)
