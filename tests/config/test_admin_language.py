"""One language per screen in the admin: every string Wagtail (and django-taggit) shows
has an Indonesian translation, and each page state has one name (terbit, draf)."""

import re
from pathlib import Path

import pytest
import taggit
import wagtail
from bs4 import BeautifulSoup
from django.utils import translation
from django.utils.translation import gettext, trans_real

from tests.factories import ArticlePageFactory

WAGTAIL = Path(wagtail.__file__).parent
# The Wagtail apps this project installs (config/settings/base.py).
WAGTAIL_APPS = [
    "admin",
    ".",
    "contrib/forms",
    "contrib/redirects",
    "contrib/search_promotions",
    "contrib/settings",
    "contrib/simple_translation",
    "documents",
    "embeds",
    "images",
    "locales",
    "search",
    "sites",
    "snippets",
    "users",
]
_ENTRY = re.compile(r'^(msgctxt|msgid|msgid_plural) "(.*)"$')


def po_messages(path: Path) -> list[tuple[str | None, str, str | None]]:
    """(context, msgid, plural msgid) of every entry of a .po file, unescaped."""
    entries: list[dict[str, str]] = []
    current: dict[str, str] = {}
    last = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        found = _ENTRY.match(line)
        if found:
            key, value = found.groups()
            if key == "msgctxt" or (key == "msgid" and "msgid" in current):
                if current.get("msgid"):
                    entries.append(current)
                current = {}
            current[key] = value
            last = key
        elif line.startswith('"') and last in current:
            current[last] += line[1:-1]
        elif line.startswith("msgstr"):
            last = ""
    if current.get("msgid"):
        entries.append(current)

    def text(value: str | None) -> str | None:
        if value is None:
            return None
        return value.encode("latin-1", "backslashreplace").decode("unicode_escape")

    return [
        (text(e.get("msgctxt")), text(e["msgid"]), text(e.get("msgid_plural")))
        for e in entries
    ]


def catalogues() -> list[tuple[str, Path]]:
    found = [
        (domain, WAGTAIL / app / "locale/en/LC_MESSAGES" / f"{domain}.po")
        for app in WAGTAIL_APPS
        for domain in ("django", "djangojs")
    ]
    found.append(
        ("django", Path(taggit.__file__).parent / "locale/en/LC_MESSAGES/django.po")
    )
    return [(domain, path) for domain, path in found if path.exists()]


def untranslated(domain: str, path: Path) -> list[str]:
    catalogue = (
        trans_real.translation("id")
        if domain == "django"
        else trans_real.DjangoTranslation("id", domain="djangojs")
    )._catalog
    missing = []
    for context, msgid, plural in po_messages(path):
        key = f"{context}\x04{msgid}" if context else msgid
        if (key, 0) not in catalogue if plural else key not in catalogue:
            missing.append(msgid)
    return missing


@pytest.mark.parametrize(
    ("domain", "path"),
    catalogues(),
    ids=lambda value: str(value).split("site-packages/")[-1],
)
def test_every_admin_string_has_an_indonesian_translation(domain, path):
    """After a Wagtail upgrade this names the new strings to translate in locale/id."""
    assert untranslated(domain, path) == []


@pytest.mark.parametrize(
    ("english", "indonesian"),
    [
        ("Live", "Terbit"),
        ("live", "terbit"),
        ("Published", "Diterbitkan"),
        ("Publish", "Terbitkan"),
        ("Unpublish", "Tarik terbitan"),
        ("Draft", "Draf"),
        ("draft", "draf"),
        ("Save draft", "Simpan draf"),
        ("Snippets", "Snippet"),
        ("Reports", "Laporan"),
        ("Help", "Bantuan"),
        ("Locked pages", "Halaman terkunci"),
        ("Aging pages", "Halaman lama"),
        ("Search terms", "Istilah pencarian"),
        ("More actions", "Tindakan lain"),
        ("Search all pages…", "Cari semua halaman…"),
        ("A comma-separated list of tags.", "Daftar tag, dipisahkan koma."),
    ],
)
def test_admin_words_for_states_and_menus(english, indonesian):
    with translation.override("id"):
        assert gettext(english) == indonesian


def test_no_admin_string_uses_another_word_for_a_state():
    """Wagtail's own catalogue says terpublikasi, publikasi, aktif (for live), konsep
    and potongan; the project's catalogue replaces every such translation."""
    other_words = re.compile(r"publikasi|konsep|\bpotongan\b", re.IGNORECASE)
    with translation.override("id"):
        offending = {
            msgid: gettext(msgid)
            for domain, path in catalogues()
            if domain == "django"
            for context, msgid, plural in po_messages(path)
            if not context and not plural and other_words.search(gettext(msgid))
        }
    assert offending == {}


def visible_text(html: str) -> str:
    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup(["script", "style", "template"]):
        hidden.decompose()
    return " ".join(soup.get_text(" ").split())


@pytest.mark.django_db
def test_main_admin_screens_show_no_english_menu_words(admin_client, topic):
    article = ArticlePageFactory(parent=topic)
    english = [
        "Reports",
        "Help",
        "Locked pages",
        "Aging pages",
        "Search terms",
        "Search all pages",
        "Short citation",
        "Pages",
        "Live",
        "Draft",
    ]
    for url in [
        "/admin/",
        f"/admin/pages/{topic.pk}/",
        f"/admin/pages/{article.pk}/edit/",
        "/admin/snippets/regulations/regulation/",
        "/admin/reports/aging-pages/",
    ]:
        text = visible_text(admin_client.get(url).content.decode())
        found = [word for word in english if re.search(rf"\b{word}\b", text)]
        assert found == [], url
