"""Markdown authoring: render editor Markdown to HTML that is safe to show to taxpayers."""

import threading
from urllib.parse import urlsplit

import markdown
import nh3
from django.conf import settings
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
# Classes our own Markdown extensions and citation links put on elements; an editor's
# other classes are dropped, so content cannot borrow the page's own styles.
ALLOWED_CLASSES = {
    "a": {"footnote-ref", "footnote-backref", "regulation-link"},
    "div": {"footnote", "toc"},
    "span": {"badge", "badge-note"},
    "sup": set(),
    "li": set(),
    "section": set(),
}
BADGE_CLASS_PREFIX = "badge--"
# Every id in editor content, and every link to one, carries this prefix: an editor's
# id="konten" can never duplicate the page's own landmarks.
ID_PREFIX = "isi-"

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


def _prefixed(value: str) -> str:
    return value if value.startswith(ID_PREFIX) else f"{ID_PREFIX}{value}"


def _image_allowed(src: str) -> bool:
    """Images from this site (a path) or from a host in KB_CONTENT_IMAGE_HOSTS."""
    if src.startswith("/") and not src.startswith("//"):
        return True
    parts = urlsplit(src)
    return parts.scheme == "https" and parts.hostname in settings.KB_CONTENT_IMAGE_HOSTS


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "id":
        return _prefixed(value)
    if attribute == "class":
        allowed = ALLOWED_CLASSES.get(tag, set())
        kept = [
            name
            for name in value.split()
            if name in allowed
            or (tag == "span" and name.startswith(BADGE_CLASS_PREFIX))
        ]
        return " ".join(kept) or None
    if attribute == "href":
        if value.startswith("//"):
            return None  # protocol-relative: would leave the site over any scheme
        if value.startswith("#") and len(value) > 1:
            return "#" + _prefixed(value[1:])
    if tag == "img" and attribute == "src" and not _image_allowed(value):
        return None
    return value


def sanitise_html(html: str) -> str:
    """Keep only allow-listed tags, attributes, classes and URL schemes; prefix ids and
    the links to them; images only from this site or the allow-listed hosts. Running it
    twice changes nothing more."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_attribute_filter,
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
