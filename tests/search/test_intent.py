"""Query intent and answer kind (issue 11): pure analysis, then their effect on ranking."""

import pytest

from kb.choices import AnswerKind
from search import queries
from search.analysis.intent import (
    document_kind,
    query_audiences,
    query_intents,
    question_tag_positions,
)
from tests.factories import ArticlePageFactory

K = AnswerKind


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("npwp itu apa sih", {K.DEFINITION}),
        ("nik jadi npwp maksudnya apa", {K.DEFINITION}),
        ("gimana cara bikin npwp", {K.PROCEDURE}),
        ("syarat aktivasi coretax apa aja", {K.REQUIREMENT}),
        ("batas omzet pkp berapa", {K.AMOUNT}),
        ("kode billing berlaku berapa lama", {K.DEADLINE}),
        ("denda telat lapor spt", {K.SANCTION}),
        ("lupa password coretax", {K.TROUBLESHOOTING}),
        ("kenapa nik dijadikan npwp", {K.BACKGROUND}),
        ("masih bisa efiling djponline?", {K.CHANNEL_CHANGE}),
        ("how to file annual tax return", {K.PROCEDURE}),
        ("npwp badan", set()),
    ],
)
def test_query_intents(query, expected):
    assert query_intents(query) == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Mengenal NPWP Orang Pribadi dan Kegunaannya", K.DEFINITION),
        ("Langkah Aktivasi Akun Coretax", K.PROCEDURE),
        ("Syarat Pengukuhan PKP dan Verifikasi Tempat Usaha", K.REQUIREMENT),
        ("Besaran Denda Terlambat Lapor SPT: Rp100 Ribu dan Rp1 Juta", K.AMOUNT),
        ("Kapan Batas Pemadanan NIK-NPWP", K.DEADLINE),
        ("Sanksi bagi Pengusaha yang Tidak Melaporkan Usaha", K.SANCTION),
        ("NITKU Tidak Muncul saat Membuat Faktur", K.TROUBLESHOOTING),
        ("Mengapa NIK Dijadikan NPWP?", K.BACKGROUND),
        ("e-Billing Lama Sudah Digantikan Menu Pembayaran Coretax", K.CHANNEL_CHANGE),
        ("Penghapusan NPWP", ""),  # a broad title says nothing: no kind
        # A trailing "Ini Syaratnya", "Yang Harus Dipenuhi": the page lists conditions.
        ("Sisa Deposit, Bisakah Diambil? Ini Syaratnya", K.REQUIREMENT),
        ("Yang Harus Dipenuhi Sebelum Mengajukan Keberatan", K.REQUIREMENT),
        # "Cara kerjanya" explains how a scheme works; it is not a how-to.
        ("Insentif PPN DTP: Cara Kerjanya bagi Pembeli Rumah", K.DEFINITION),
    ],
)
def test_document_kind_from_the_title(title, expected):
    assert document_kind(title=title) == expected


def test_the_editors_choice_wins_over_the_inference():
    assert (
        document_kind(title="Cara daftar NPWP", chosen=K.REQUIREMENT) == K.REQUIREMENT
    )


def test_a_closing_negation_only_asks_yes_or_no():
    words = ["saldo", "deposit", "bisa", "diambil", "lagi", "ga"]
    assert question_tag_positions(words) == {5}
    assert question_tag_positions(["npwp", "tidak", "valid"]) == set()
    assert question_tag_positions(["perlu", "apa", "tidak", "lapor"]) == {2}


def test_query_audiences():
    assert query_audiences("npwp pribadi karyawan") == {"orang-pribadi"}
    assert query_audiences("lapor spt pt") == {"badan"}
    assert query_audiences("kode billing") == set()


@pytest.fixture
def siblings(topic, settings):
    """Three articles on one subject, each answering a different question."""
    from django.core.management import call_command

    settings.SEARCH_BACKEND = "default"
    pages = {
        slug: ArticlePageFactory(parent=topic, slug=slug, title=title, body=body)
        for slug, title, body in [
            (
                "kode-billing-pengertian",
                "Kode Billing: Pengertian dan Fungsinya",
                "Kode billing adalah kode pembayaran pajak dari Coretax.",
            ),
            (
                "kode-billing-cara",
                "Cara Membuat Kode Billing di Coretax",
                "Buat kode billing lewat menu pembayaran Coretax.",
            ),
            (
                "kode-billing-masa-berlaku",
                "Berapa Lama Masa Berlaku Kode Billing?",
                "Kode billing berlaku tujuh hari sejak dibuat.",
            ),
            (
                "e-billing-lama",
                "Layanan e-Billing Lama Sudah Digantikan Coretax",
                "Kode billing dulu dibuat di e-Billing DJP Online.",
            ),
        ]
    }
    call_command("update_index", backend_name="default", verbosity=0)
    return pages


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kode billing itu apa", "kode-billing-pengertian"),
        ("gimana bikin kode billing", "kode-billing-cara"),
        ("kode billing berlaku berapa lama", "kode-billing-masa-berlaku"),
        ("kode billing", "kode-billing-pengertian"),
        ("e-billing djponline masih bisa?", "e-billing-lama"),
    ],
)
def test_the_sibling_answering_the_question_comes_first(siblings, query, expected):
    outcome = queries.search(query, log=False)
    assert outcome.hits[0].slug == expected
