"""The Markdown sanitiser: editor content must never carry executable HTML."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from kb.markdown import render_markdown, sanitise_html

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src=x onerror="alert(1)">',
    "<img src=x onerror=alert(1)//",
    '<svg onload="alert(1)">',
    "<svg><script>alert(1)</script></svg>",
    '<a href="javascript:alert(1)">klik</a>',
    '<a href="JaVaScRiPt:alert(1)">klik</a>',
    '<a href="&#106;avascript:alert(1)">klik</a>',
    '<a href=" javascript:alert(1)">klik</a>',
    "[klik](javascript:alert(1))",
    "[klik](JAVASCRIPT:alert(1))",
    "[klik](vbscript:msgbox(1))",
    "[klik](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](javascript:alert(1))",
    '<iframe src="https://evil.example"></iframe>',
    '<object data="evil.swf"></object>',
    '<embed src="evil.swf">',
    '<p style="background:url(javascript:alert(1))">teks</p>',
    '<div style="position:fixed;top:0">overlay</div>',
    "<style>body{display:none}</style>",
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<form action="https://evil.example"><input name="npwp"></form>',
    '<body onload="alert(1)">',
    '<details open ontoggle="alert(1)">x</details>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<a href="#" onclick="alert(1)">klik</a>',
    '<base href="https://evil.example/">',
    "<!--<img src=x onerror=alert(1)>-->",
    '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
    '[klik](https://ok.example "judul" onclick="alert(1)")',
    '<p>teks</p>{: onclick="alert(1)" }',
]

FORBIDDEN_TAGS = {
    "script",
    "iframe",
    "object",
    "embed",
    "style",
    "link",
    "meta",
    "form",
    "input",
    "base",
    "svg",
    "math",
    "body",
    "frame",
    "frameset",
    "applet",
}
SAFE_SCHEMES = {"http", "https", "mailto", "tel", ""}


class _Inspector(HTMLParser):
    """Collects every element and attribute a browser would build from the HTML."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"tag <{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name in {
                "style",
                "background",
                "formaction",
                "srcdoc",
            }:
                self.problems.append(f"attribute {name} on <{tag}>")
            if name in {"href", "src", "action"} and value is not None:
                scheme = urlsplit(value.strip().lower()).scheme
                if scheme not in SAFE_SCHEMES:
                    self.problems.append(f"{name}={value!r} on <{tag}>")

    handle_startendtag = handle_starttag


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_render_markdown_neutralises_xss_payload(payload):
    html = render_markdown(f"Paragraf aman.\n\n{payload}\n\nParagraf lain.")
    inspector = _Inspector()
    inspector.feed(html)
    assert inspector.problems == [], html
    assert "Paragraf aman." in html


def test_render_markdown_keeps_tables_footnotes_and_heading_anchors():
    html = render_markdown(
        "## Cara daftar NPWP\n\n| Dokumen | Wajib |\n|---|---|\n| KTP | Ya |\n\nLihat catatan[^1].\n\n[^1]: Berlaku sejak 2024."
    )
    assert '<h2 id="isi-cara-daftar-npwp">Cara daftar NPWP</h2>' in html
    assert "<td>KTP</td>" in html
    assert 'href="#isi-fn:1"' in html
    assert 'id="isi-fn:1"' in html
    assert "Berlaku sejak 2024." in html


def test_render_markdown_adds_rel_to_external_links():
    html = render_markdown("[DJP Online](https://djponline.pajak.go.id)")
    assert 'href="https://djponline.pajak.go.id"' in html
    assert 'rel="noopener noreferrer"' in html


def test_render_markdown_does_not_leak_state_between_texts():
    first = render_markdown("## Judul\n\nTeks[^1]\n\n[^1]: Catatan pertama.")
    second = render_markdown("## Judul\n\nTeks lain.")
    assert "Catatan pertama." in first
    assert "Catatan pertama." not in second
    assert 'id="isi-judul"' in second  # heading ids restart for each text


# Browser-side defence (issue 16) -------------------------------------------------------
@pytest.mark.parametrize(
    ("source", "kept", "dropped"),
    [
        ('<div id="konten">x</div>', 'id="isi-konten"', 'id="konten"'),
        ("[lompat](#syarat)", 'href="#isi-syarat"', 'href="#syarat"'),
        ('<a href="//evil.example/x">x</a>', "<a", "evil.example"),
        ("![piksel](https://tracker.example/p.gif)", "<img", "tracker.example"),
        ("![piksel](http://www.pajak.go.id/a.png)", "<img", "www.pajak.go.id"),
        (
            '<span class="search-suggest badge">x</span>',
            'class="badge"',
            "search-suggest",
        ),
        ('<div class="site-header">x</div>', "<div>x</div>", "site-header"),
    ],
)
def test_editor_markup_cannot_reach_outside_its_box(source, kept, dropped):
    html = render_markdown(source)
    assert kept in html
    assert dropped not in html


def test_images_from_the_site_and_allow_listed_hosts_stay(settings):
    settings.KB_CONTENT_IMAGE_HOSTS = ["www.pajak.go.id"]
    html = render_markdown("![a](/media/a.png) ![b](https://www.pajak.go.id/b.png)")
    assert 'src="/media/a.png"' in html
    assert 'src="https://www.pajak.go.id/b.png"' in html


def test_sanitising_twice_changes_nothing_more():
    once = render_markdown('## Syarat\n\n<div id="a" class="footnote">x</div>')
    assert sanitise_html(once) == once
