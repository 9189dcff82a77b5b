"""DJP's contact channels written in editor text become links: Kring Pajak's number a
`tel:` link, pajak.go.id addresses (and its e-mail addresses) links, so a reader on a
phone can call or open them with one tap."""

from __future__ import annotations

import re
from html import escape

# Kring Pajak, DJP's contact centre (also written "1500 200"); never part of a longer
# number such as an NPWP or a faktur number.
KRING_PAJAK = "1500200"
_PHONE = r"(?<![\d.\-/])1500[ ]?200(?![\d\-/]|\.\d)"
# An e-mail address at pajak.go.id, or an address on pajak.go.id or one of its hosts
# (www., djponline., coretaxdjp. …) with an optional path; a closing full stop, comma
# or bracket is left out.
_EMAIL = r"(?<![\w.+-])[\w.+-]+@(?:[a-z0-9-]+\.)*pajak\.go\.id\b"
_WEB = (
    r"(?<![\w@./-])(?:https?://)?(?:[a-z0-9-]+\.)*pajak\.go\.id\b"
    r"(?:/[^\s<>()\"']*[^\s<>()\"'.,;:!?])?/?"
)
_CONTACT = re.compile(
    f"(?P<email>{_EMAIL})|(?P<web>{_WEB})|(?P<phone>{_PHONE})", re.IGNORECASE
)


def _href(match: re.Match[str]) -> str:
    text = match.group(0)
    if match.group("email"):
        return f"mailto:{text}"
    if match.group("phone"):
        return f"tel:{KRING_PAJAK}"
    if text.lower().startswith(("http://", "https://")):
        return text
    host, _slash, path = text.partition("/")
    host = host.lower()
    return f"https://{'www.' if host == 'pajak.go.id' else ''}{host}/{path}"


def link_contacts(text: str) -> str:
    """Plain `text` as HTML, with each contact channel in it linked."""
    parts: list[str] = []
    position = 0
    for match in _CONTACT.finditer(text):
        parts.append(escape(text[position : match.start()], quote=False))
        parts.append(
            f'<a href="{escape(_href(match))}">{escape(match.group(0), quote=False)}</a>'
        )
        position = match.end()
    parts.append(escape(text[position:], quote=False))
    return "".join(parts)
