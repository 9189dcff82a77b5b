"""DJP's contact channels written in editor text become links a phone can open."""

import datetime

import pytest
from bs4 import BeautifulSoup

from kb.contacts import link_contacts
from kb.linking import render_linked_markdown
from tests.factories import ArticlePageFactory


@pytest.mark.parametrize(
    ("text", "links"),
    [
        ("Hubungi Kring Pajak 1500200.", [("1500200", "tel:1500200")]),
        ("Telepon 1500 200 kapan saja", [("1500 200", "tel:1500200")]),
        ("Buka pajak.go.id.", [("pajak.go.id", "https://www.pajak.go.id/")]),
        (
            "Masuk ke djponline.pajak.go.id/account, lalu",
            [
                (
                    "djponline.pajak.go.id/account",
                    "https://djponline.pajak.go.id/account",
                )
            ],
        ),
        (
            "Kirim ke informasi@pajak.go.id",
            [("informasi@pajak.go.id", "mailto:informasi@pajak.go.id")],
        ),
        # Look-alikes stay text: an NPWP, a longer number, a number with a suffix.
        ("NPWP 01.500.200.3-001 dan 21500200", []),
        ("nomor 1500200-1", []),
    ],
)
def test_contact_channels_become_links(text, links):
    soup = BeautifulSoup(link_contacts(text), "html.parser")
    assert [(a.get_text(), a["href"]) for a in soup.find_all("a")] == links
    assert soup.get_text() == text


def test_markup_in_text_is_escaped_around_contacts():
    assert link_contacts("<b>1500200</b>") == (
        '&lt;b&gt;<a href="tel:1500200">1500200</a>&lt;/b&gt;'
    )


def test_article_links_contacts_but_not_inside_links_or_code(db):
    html = render_linked_markdown(
        "Tanya Kring Pajak 1500200 atau [situs resmi](https://www.pajak.go.id/) "
        "dan `pajak.go.id`.",
        on=datetime.date(2026, 1, 1),
    )
    soup = BeautifulSoup(html, "html.parser")
    assert [a["href"] for a in soup.find_all("a")] == [
        "tel:1500200",
        "https://www.pajak.go.id/",
    ]
    assert soup.code.get_text() == "pajak.go.id"


def test_article_page_shows_the_links(client, topic):
    article = ArticlePageFactory(
        parent=topic, body="Hubungi Kring Pajak 1500200 atau buka pajak.go.id."
    )
    soup = BeautifulSoup(client.get(article.url).content, "html.parser")
    prose = soup.find(class_="prose")
    assert prose.find("a", href="tel:1500200").get_text() == "1500200"
    assert prose.find("a", href="https://www.pajak.go.id/").get_text() == "pajak.go.id"
