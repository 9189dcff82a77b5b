"""Markdown authoring: render editor Markdown to HTML that is safe to show to taxpayers."""

import threading

import markdown
import nh3
from markdown.extensions.toc import slugify_unicode

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "code",
    "dd",
    "del",
    "details",
    "div",
    "dl",
    "dt",
    "em",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "s",
    "section",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "*": {"id", "title", "lang"},
    "a": {"href", "class", "data-regulation"},
    "abbr": {"title"},
    "img": {"src", "alt", "width", "height", "loading"},
    "ol": {"start"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "div": {"class"},
    "span": {"class"},
    "sup": {"class"},
    "li": {"class"},
    "section": {"class"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}

EXTENSIONS = [
    "tables",
    "footnotes",
    "toc",
    "sane_lists",
    "fenced_code",
    "attr_list",
    "abbr",
]
EXTENSION_CONFIGS = {
    "toc": {"slugify": slugify_unicode, "permalink": False, "toc_depth": "2-4"},
    "footnotes": {"BACKLINK_TITLE": "Kembali ke catatan kaki %d"},
}


def sanitise_html(html: str) -> str:
    """Keep only allow-listed tags, attributes and URL schemes; everything else is dropped."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


_local = threading.local()


def _converter() -> markdown.Markdown:
    """One Markdown instance per thread: building one loads every extension again."""
    md = getattr(_local, "md", None)
    if md is None:
        md = _local.md = markdown.Markdown(
            extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS
        )
    return md


def render_markdown(source: str) -> str:
    """Render editor Markdown (tables, footnotes, heading anchors) to sanitised HTML."""
    md = _converter()
    try:
        html = md.convert(source or "")
    finally:
        md.reset()  # footnotes, abbreviations and heading ids must not leak between texts
    return sanitise_html(html)


def markdown_to_text(source: str) -> str:
    """Plain text of a Markdown body, for summaries, search and meta descriptions."""
    return nh3.clean(render_markdown(source), tags=set()).strip()
