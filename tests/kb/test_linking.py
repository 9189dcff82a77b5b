"""Auto-linking of regulation citations in KB Markdown, and the link sync on publish."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.template.loader import render_to_string

from kb.linking import render_linked_markdown
from regulations.choices import RelationType
from regulations.models import (
    PageRegulationLink,
    Regulation,
    RegulationRelation,
    UnregisteredCitation,
)
from tests.factories import ArticlePageFactory, FAQItemFactory, FAQPageFactory

D = datetime.date


def make_regulation(kind, number, year, unit="", **fields) -> Regulation:
    fields.setdefault("title", f"Peraturan contoh {number}")
    fields.setdefault("effective_on", D(year, 1, 1))
    fields.setdefault("live", True)
    return Regulation.objects.create(
        type=kind, number=number, year=year, unit=unit, **fields
    )


@pytest.fixture
def pmk23(db) -> Regulation:
    """PMK 23/PMK.03/2020 (COVID-19 incentives), revoked by PMK 44/PMK.03/2020 from
    27 April 2020 (jdih.kemenkeu.go.id)."""
    pmk23 = make_regulation(
        "PMK",
        23,
        2020,
        "PMK.03",
        title="Insentif Pajak untuk Wajib Pajak Terdampak Wabah Virus Corona",
        effective_on=D(2020, 3, 23),
    )
    pmk44 = make_regulation(
        "PMK",
        44,
        2020,
        "PMK.03",
        title="Insentif Pajak untuk Wajib Pajak Terdampak Pandemi Corona Virus Disease 2019",
        effective_on=D(2020, 4, 27),
    )
    RegulationRelation.objects.create(
        source=pmk44, type=RelationType.REVOKES, target=pmk23
    )
    return pmk23


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def regulation_links(html: str):
    return soup(html).find_all("a", class_="regulation-link")


def test_citation_links_to_regulation_page_with_status_as_at_review_date(pmk23):
    source = "Insentif PPh 21 diatur dalam PMK-23/PMK.03/2020 yang terbit Maret 2020."

    before = render_linked_markdown(source, on=D(2020, 4, 1))
    after = render_linked_markdown(source, on=D(2020, 5, 1))

    (link,) = regulation_links(before)
    assert link["href"] == "/peraturan/pmk/2020/23/"
    assert link["data-regulation"] == "PMK 23/PMK.03/2020"
    assert link.get_text() == "PMK-23/PMK.03/2020"
    badge = link.find_next_sibling("span")
    assert badge["class"] == ["badge", "badge--berlaku"]
    assert badge.get_text() == "berlaku"
    assert badge["title"] == "Status per 1 April 2020"

    later_badge = regulation_links(after)[0].find_next_sibling("span")
    assert later_badge["class"] == ["badge", "badge--dicabut"]
    assert later_badge.get_text() == "dicabut"


def test_article_badges_follow_each_articles_review_date(topic, pmk23):
    body = "Dasar hukum: PMK 23/PMK.03/2020."
    reviewed_before = ArticlePageFactory(
        parent=topic, body=body, reviewed_on=D(2020, 4, 1)
    )
    reviewed_after = ArticlePageFactory(
        parent=topic, body=body, reviewed_on=D(2020, 6, 1)
    )

    assert 'class="badge badge--berlaku"' in reviewed_before.body_html
    assert 'class="badge badge--dicabut"' in reviewed_after.body_html


def test_article_page_shows_linked_citation(client, topic, pmk23):
    article = ArticlePageFactory(
        parent=topic,
        slug="insentif",
        body="Lihat PMK 23/PMK.03/2020.",
        reviewed_on=D(2020, 6, 1),
    )

    response = client.get(article.url)

    assert response.status_code == 200
    (link,) = regulation_links(response.content.decode())
    assert link["href"] == "/peraturan/pmk/2020/23/"
    assert link.find_next_sibling("span").get_text() == "dicabut"


def test_no_links_inside_code_or_existing_links(pmk23):
    source = (
        "Kode: `PMK-23/PMK.03/2020`\n\n"
        "```\nPMK 23/PMK.03/2020\n```\n\n"
        "[baca PMK 23/PMK.03/2020](https://jdih.kemenkeu.go.id/)\n\n"
        "Teks biasa: PMK 23/PMK.03/2020."
    )

    html = render_linked_markdown(source, on=D(2020, 4, 1))

    links = regulation_links(html)
    assert len(links) == 1
    assert links[0].parent.get_text().startswith("Teks biasa:")
    tree = soup(html)
    assert tree.find("code").get_text() == "PMK-23/PMK.03/2020"
    assert tree.find("pre").find("a") is None
    external = tree.find("a", href="https://jdih.kemenkeu.go.id/")
    assert external.get_text() == "baca PMK 23/PMK.03/2020"
    assert external.find("a") is None


def test_unregistered_and_draft_citations_stay_plain_text(db):
    make_regulation("PMK", 81, 2024, live=False)
    source = "Menurut PMK 81 Tahun 2024 dan PMK 999/2031, ..."

    html = render_linked_markdown(source, on=D(2025, 1, 1))

    assert regulation_links(html) == []
    assert "PMK 81 Tahun 2024 dan PMK 999/2031" in html


def test_malicious_regulation_title_and_body_are_neutralised(db):
    make_regulation(
        "UU",
        7,
        2021,
        title='HPP"><script>alert(1)</script><img src=x onerror=alert(2)>',
        effective_on=D(2021, 10, 29),
    )
    source = (
        'UU 7/2021 <script>alert("body")</script> '
        '<a href="javascript:alert(3)">klik</a> <img src=x onerror="alert(4)">'
    )

    html = render_linked_markdown(source, on=D(2022, 1, 1))

    tree = soup(html)
    assert "<script" not in html
    assert tree.find("script") is None
    assert tree.find_all(attrs={"onerror": True}) == []
    assert [a.get("href") for a in tree.find_all("a")] == [
        "/peraturan/uu/2021/7/",
        None,
    ]
    (link,) = regulation_links(html)
    assert link["title"] == (
        "Undang-Undang Nomor 7 Tahun 2021 tentang "
        'HPP"><script>alert(1)</script><img src=x onerror=alert(2)>'
    )
    assert link.find("script") is None


def test_entities_and_surrounding_text_survive_linking(pmk23):
    html = render_linked_markdown(
        "PPh & PPN: PMK 23/PMK.03/2020 (lihat <b>juga</b>) 5 < 6", on=D(2020, 4, 1)
    )

    assert html.startswith("<p>PPh &amp; PPN: <a ")
    assert "</span> (lihat <b>juga</b>) 5 &lt; 6</p>" in html


def test_linking_query_count_is_constant_as_citations_grow(
    db, django_assert_num_queries
):
    regulations = [make_regulation("PP", n, 2021) for n in range(1, 13)]
    one = "Dasar: PP 1/2021."
    many = " ".join(
        f"PP {r.number}/2021 dan PP {r.number} Tahun 2021." for r in regulations
    )

    with django_assert_num_queries(2):  # regulations + their relations
        assert len(regulation_links(render_linked_markdown(one, on=D(2022, 1, 1)))) == 1
    with django_assert_num_queries(2):
        assert (
            len(regulation_links(render_linked_markdown(many, on=D(2022, 1, 1)))) == 24
        )
    with django_assert_num_queries(0):
        render_linked_markdown("Tanpa kutipan peraturan.", on=D(2022, 1, 1))


def test_faq_answers_link_citations_with_one_lookup(
    topic, pmk23, django_assert_num_queries
):
    faq = FAQPageFactory(parent=topic)
    answers = ["Lihat PMK 23/PMK.03/2020.", "Juga PMK-23/PMK.03/2020.", "Tidak ada."]
    for answer in answers:
        FAQItemFactory(page=faq, answer=answer)
    faq = type(faq).objects.get(pk=faq.pk)

    # The template's items, the answers' items, then regulations and their relations.
    with django_assert_num_queries(4):
        rendered = [item.answer_html for item in faq.items.all()]
    assert [len(regulation_links(html)) for html in rendered] == [1, 1, 0]

    for number in range(5):
        FAQItemFactory(page=faq, answer=f"PMK 23/PMK.03/2020 ({number})")
    faq = type(faq).objects.get(pk=faq.pk)
    with django_assert_num_queries(4):
        assert len([item.answer_html for item in faq.items.all()]) == 8


# Link sync on publish ----------------------------------------------------------------
def test_publishing_an_article_syncs_its_citation_links(topic, pmk23):
    article = ArticlePageFactory(
        parent=topic,
        body="Dasar: Pasal 2 PMK 23/PMK.03/2020 dan PMK 999/2031. Lagi: PMK 999/2031.",
    )

    article.save_revision().publish()

    link = PageRegulationLink.objects.get(page=article)
    assert (link.regulation, link.source, link.provision, link.cited_text) == (
        pmk23,
        "citation",
        "Pasal 2",
        "Pasal 2 PMK 23/PMK.03/2020",
    )
    unregistered = UnregisteredCitation.objects.get(page=article)
    assert (unregistered.type, unregistered.number, unregistered.year) == (
        "PMK",
        999,
        2031,
    )

    article.body = "Tidak lagi mengutip peraturan."
    article.save_revision().publish()

    assert not PageRegulationLink.objects.filter(page=article).exists()
    assert not UnregisteredCitation.objects.filter(page=article).exists()


def test_publishing_a_faq_page_syncs_citations_in_answers(topic, pmk23):
    faq = FAQPageFactory(parent=topic)
    FAQItemFactory(page=faq, answer="Lihat PMK 23/PMK.03/2020.")

    faq.save_revision().publish()

    assert list(
        PageRegulationLink.objects.filter(page=faq).values_list(
            "regulation__number", flat=True
        )
    ) == [23]


def test_republishing_keeps_other_link_sources(topic, pmk23):
    article = ArticlePageFactory(parent=topic, body="Tanpa kutipan.")
    PageRegulationLink.objects.create(
        page=article, regulation=pmk23, source="legal_basis"
    )

    article.save_revision().publish()

    assert list(
        PageRegulationLink.objects.filter(page=article).values_list("source", flat=True)
    ) == ["legal_basis"]


def test_unpublishing_drops_citation_links_and_report_rows(topic, pmk23):
    article = ArticlePageFactory(
        parent=topic, body="PMK 23/PMK.03/2020 dan PMK 999/2031."
    )
    article.save_revision().publish()
    assert PageRegulationLink.objects.filter(page=article).exists()

    article.unpublish()

    assert not PageRegulationLink.objects.filter(page=article).exists()
    assert not UnregisteredCitation.objects.filter(page=article).exists()


def test_status_badge_include_matches_the_linked_badge(pmk23):
    html = render_to_string(
        "regulations/includes/status_badge.html",
        {"regulation": pmk23, "on": D(2020, 5, 1)},
    )

    badge = soup(html).find(class_="badge")
    assert badge["class"] == ["badge", "status-badge", "badge--dicabut"]
    assert badge.get_text() == "dicabut"
    linked = soup(render_linked_markdown("PMK 23/PMK.03/2020", on=D(2020, 5, 1)))
    assert linked.find(class_="badge")["class"] == ["badge", "badge--dicabut"]
    # Both explain the badge in the same visible words (not only in a tooltip).
    assert soup(html).find(class_="badge-note").get_text(
        " ", strip=True
    ) == linked.find(class_="badge-note").get_text(" ", strip=True)


# Rendered once, not on every request (issues 14 and 16) -------------------------------
def test_a_rendering_is_reused_until_the_registry_changes(
    pmk23, django_assert_num_queries
):
    text = "Dasar: PMK 23/PMK.03/2020."
    on = D(2020, 4, 1)
    first = render_linked_markdown(text, on=on)
    with django_assert_num_queries(0):
        assert render_linked_markdown(text, on=on) == first
    assert "berlaku" in regulation_links(first)[0].find_next("span").get_text()

    # The legal team records a revocation effective before `on`: the badge follows.
    pmk99 = make_regulation("PMK", 99, 2020, "PMK.03", effective_on=D(2020, 3, 25))
    RegulationRelation.objects.create(
        source=pmk99, type=RelationType.REVOKES, target=pmk23
    )
    again = render_linked_markdown(text, on=on)
    assert again != first
    assert "dicabut" in regulation_links(again)[0].find_next("span").get_text()


def test_each_day_and_text_is_its_own_rendering(pmk23):
    text = "Dasar: PMK 23/PMK.03/2020."
    before = render_linked_markdown(text, on=D(2020, 4, 1))
    after = render_linked_markdown(text, on=D(2020, 5, 1))
    assert "dicabut" not in before and "dicabut" in after
    assert render_linked_markdown(text + " Lagi.", on=D(2020, 4, 1)) != before


def test_article_body_over_the_limit_is_refused_with_the_reason(topic):
    from django.core.exceptions import ValidationError

    from kb.fields import MARKDOWN_MAX_CHARS

    article = ArticlePageFactory.build(
        title="Panjang", slug="panjang", body="x" * (MARKDOWN_MAX_CHARS + 1)
    )
    with pytest.raises(ValidationError) as caught:
        topic.add_child(instance=article)
    assert caught.value.message_dict["body"] == [
        f"Teks ini terlalu panjang: {MARKDOWN_MAX_CHARS + 1} karakter, paling banyak "
        f"{MARKDOWN_MAX_CHARS}. Pecah isinya menjadi beberapa halaman."
    ]


# Every badge explains itself in visible words (issue 12) ----------------------------
def test_linked_badge_says_since_when_and_by_what(pmk23):
    html = soup(render_linked_markdown("Lihat PMK 23/PMK.03/2020.", on=D(2020, 5, 1)))
    note = html.find(class_="badge-note")
    assert note.get_text(" ", strip=True) == (
        "sejak 27 April 2020; dicabut dengan PMK 44/PMK.03/2020"
    )
    assert note.a["href"] == "/peraturan/pmk/2020/44/"


def test_linked_badge_of_a_regulation_in_force_says_since_when(pmk23):
    html = soup(render_linked_markdown("PMK 23/PMK.03/2020", on=D(2020, 4, 1)))
    assert html.find(class_="badge").get_text() == "berlaku"
    assert html.find(class_="badge-note").get_text() == "sejak 23 Maret 2020"


def test_badge_of_a_regulation_without_a_start_date_says_so_once(db):
    make_regulation("PMK", 5, 2027, "PMK.03", effective_on=None)
    html = soup(render_linked_markdown("PMK 5/PMK.03/2027", on=D(2027, 6, 1)))
    badge = html.find(class_="badge")
    assert badge["class"] == ["badge", "badge--belum-tercatat"]
    assert badge.get_text() == "tanggal berlaku belum tercatat"
    assert html.find(class_="badge-note") is None
