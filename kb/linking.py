"""Auto-linking: regulation citations in editor Markdown become links to the registry,
each followed by a badge with the regulation's status as at a given date and the
visible words that explain it (since when, replaced by what); DJP's contact channels
become links (kb.contacts).

The Markdown is rendered and sanitised first; text nodes outside links and code are
then searched for citations; the result is sanitised again as the last step, so
neither editor text nor registry data (titles) can inject markup.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from html import escape
from html.parser import HTMLParser

from django.conf import settings
from django.core.cache import cache
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kb.contacts import link_contacts
from kb.markdown import render_markdown, sanitise_html
from observability import cache_lookup
from regulations.choices import RegulationStatus, RelationType
from regulations.citations import Citation, find_citations
from regulations.impact.sync import regulations_by_key
from regulations.models import Regulation
from regulations.rules import StatusReason

# Text inside these elements is never linked: existing links, code, scripts.
SKIP_TAGS = frozenset({"a", "code", "pre", "kbd", "samp", "script", "style"})


@dataclass(frozen=True)
class _Text:
    """A run of text outside links and code, with the citations found in it (maybe none)."""

    text: str
    citations: Sequence[Citation]


class _Tokeniser(HTMLParser):
    """Splits sanitised HTML into raw markup and linkable text runs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tokens: list[str | _Text] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        self.tokens.append(self.get_starttag_text() or "")
        if tag in SKIP_TAGS:
            self._skipping += 1

    def handle_startendtag(self, tag: str, attrs) -> None:
        self.tokens.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        self.tokens.append(f"</{tag}>")
        if tag in SKIP_TAGS and self._skipping:
            self._skipping -= 1

    def handle_data(self, data: str) -> None:
        if self._skipping:
            self.tokens.append(escape(data, quote=False))
        else:
            self.tokens.append(_Text(data, find_citations(data)))


def _tokenise(html: str) -> list[str | _Text]:
    parser = _Tokeniser()
    parser.feed(html)
    parser.close()
    return parser.tokens


def status_badge(status: str) -> tuple[str, str]:
    """CSS modifier and label of a status badge: ("berlaku-dengan-perubahan", "berlaku
    dengan perubahan"); shared with the status_badge template include."""
    status = RegulationStatus(status)
    return status.value.replace("_", "-"), str(status.label)


def _badge_title(on: date) -> str:
    return _("Status per %(date)s") % {"date": date_format(on)}


@dataclass(frozen=True)
class BadgeNote:
    """The visible words after a status badge: "sejak 1 Januari 2025; diganti dengan"
    and the regulation that brought the status (with its address), if one did."""

    text: str
    by: str = ""
    link: str = ""


def badge_note(reason: StatusReason) -> BadgeNote:
    """Explain a status in words a reader sees on any screen (not only in a tooltip)."""
    since = date_format(reason.since) if reason.since else ""
    by = reason.by
    status = reason.status
    if status == RegulationStatus.NOT_YET:
        text = (
            _("mulai berlaku %(date)s") % {"date": since}
            if since
            else _("tanggal berlaku belum tercatat")
        )
        return BadgeNote(text)
    if status == RegulationStatus.UNKNOWN:
        # Its label already says what is missing ("tanggal berlaku belum tercatat").
        return BadgeNote("")
    if status == RegulationStatus.EXPIRED:
        return BadgeNote(
            _("sejak %(date)s; masa berlakunya berakhir") % {"date": since}
        )
    if by is None:
        return BadgeNote(_("sejak %(date)s") % {"date": since} if since else "")
    if status == RegulationStatus.REVOKED and by.kind == RelationType.REPLACES:
        text = _("sejak %(date)s; diganti dengan")
    elif status == RegulationStatus.REVOKED:
        text = _("sejak %(date)s; dicabut dengan")
    elif status == RegulationStatus.PARTLY_REVOKED:
        text = _("sejak %(date)s; sebagian dicabut dengan")
    else:
        text = _("sejak %(date)s; terakhir diubah dengan")
    return BadgeNote(text % {"date": since}, by=by.by, link=by.link)


def _note_html(note: BadgeNote) -> str:
    if not note.text:
        return ""
    link = (
        f' <a href="{escape(note.link)}">{escape(note.by, quote=False)}</a>'
        if note.link
        else (f" {escape(note.by, quote=False)}" if note.by else "")
    )
    return f' <span class="badge-note">{escape(note.text, quote=False)}{link}</span>'


def _link_parts(
    regulation: Regulation, *, on: date, badge_title: str
) -> tuple[str, str]:
    """The opening <a> tag and the badge with its note for a regulation (the same for
    every citation of it in one render)."""
    reason = regulation.status_reason(on=on)
    modifier, label = status_badge(reason.status)
    title = _("%(citation)s tentang %(title)s") % {
        "citation": regulation.long_citation,
        "title": regulation.title,
    }
    opening = (
        f'<a href="{escape(regulation.get_absolute_url())}" class="regulation-link" '
        f'data-regulation="{escape(regulation.short_citation)}" title="{escape(title)}">'
    )
    badge = (
        f'<span class="badge badge--{escape(modifier)}" title="{escape(badge_title)}">'
        f"{escape(label, quote=False)}</span>{_note_html(badge_note(reason))}"
    )
    return opening, badge


def _emit(
    tokens: Sequence[str | _Text], regulations: dict[tuple, Regulation], *, on: date
) -> str:
    parts: list[str] = []
    pieces: dict[int, tuple[str, str]] = {}
    badge_title = _badge_title(on)
    for token in tokens:
        if isinstance(token, str):
            parts.append(token)
            continue
        position = 0
        for citation in token.citations:
            regulation = regulations.get(citation.key)
            if regulation is None:  # unregistered: stays plain text
                continue
            if regulation.pk not in pieces:
                pieces[regulation.pk] = _link_parts(
                    regulation, on=on, badge_title=badge_title
                )
            opening, badge = pieces[regulation.pk]
            written = token.text[citation.start : citation.end]
            parts.append(link_contacts(token.text[position : citation.start]))
            parts.append(f"{opening}{escape(written, quote=False)}</a> {badge}")
            position = citation.end
        parts.append(link_contacts(token.text[position:]))
    return "".join(parts)


REGISTRY_STAMP_KEY = "kb:registry-stamp"


def registry_stamp() -> str:
    """A token that changes whenever a regulation or a relation is saved or deleted."""
    stamp = cache.get(REGISTRY_STAMP_KEY)
    if stamp is None:
        cache.add(REGISTRY_STAMP_KEY, uuid.uuid4().hex, timeout=None)
        stamp = cache.get(REGISTRY_STAMP_KEY)
    return stamp


def registry_changed() -> None:
    """Forget every rendering that shows the registry as it was (kb.signal_handlers)."""
    cache.set(REGISTRY_STAMP_KEY, uuid.uuid4().hex, timeout=None)


def render_linked_many(sources: Sequence[str], *, on: date) -> list[str]:
    """Render several Markdown texts with their citations linked, as at `on`.

    Renderings are kept in the cache under the text, the language, the day and the
    registry's stamp, so a page is rendered once, not on every request (a long article
    costs seconds); a registry change makes new keys. Without a shared cache, other processes keep an
    older rendering at most KB_RENDER_CACHE_SECONDS.
    """
    stamp = registry_stamp()
    # Badges and links are in the reader's language (/en/ links stay in English).
    language = get_language() or settings.LANGUAGE_CODE
    keys = [
        f"kb:render:{stamp}:{language}:{on.isoformat()}:"
        + hashlib.sha256(source.encode("utf-8", "surrogatepass")).hexdigest()
        for source in sources
    ]
    found = cache.get_many(keys)
    missing = [index for index, key in enumerate(keys) if key not in found]
    for index in range(len(keys)):
        cache_lookup(cache="render", hit=index not in missing)
    if missing:
        rendered = _render_linked_many([sources[i] for i in missing], on=on)
        fresh = {keys[i]: html for i, html in zip(missing, rendered, strict=True)}
        cache.set_many(fresh, timeout=settings.KB_RENDER_CACHE_SECONDS)
        found.update(fresh)
    return [found[key] for key in keys]


def _render_linked_many(sources: Sequence[str], *, on: date) -> list[str]:
    """Render the texts: all registered regulations are looked up at once (a constant
    number of queries, none when no text cites anything); unregistered citations stay
    plain text."""
    tokenised = [_tokenise(render_markdown(source)) for source in sources]
    keys = {
        citation.key
        for tokens in tokenised
        for token in tokens
        if isinstance(token, _Text)
        for citation in token.citations
    }
    regulations = regulations_by_key(keys, with_facts=True) if keys else {}
    return [sanitise_html(_emit(tokens, regulations, on=on)) for tokens in tokenised]


def render_linked_markdown(source: str, *, on: date) -> str:
    """Render one Markdown text with its citations linked to the registry, as at `on`."""
    return render_linked_many([source], on=on)[0]
