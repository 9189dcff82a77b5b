"""Auto-linking: regulation citations in editor Markdown become links to the registry,
each followed by a badge with the regulation's status as at a given date.

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
from django.utils.translation import gettext as _

from kb.markdown import render_markdown, sanitise_html
from observability import cache_lookup
from regulations.choices import RegulationStatus
from regulations.citations import Citation, find_citations
from regulations.impact.sync import regulations_by_key
from regulations.models import Regulation

# Text inside these elements is never linked: existing links, code, scripts.
SKIP_TAGS = frozenset({"a", "code", "pre", "kbd", "samp", "script", "style"})


@dataclass(frozen=True)
class _Text:
    """A run of text outside links and code, with the citations found in it."""

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
        citations = [] if self._skipping else find_citations(data)
        if citations:
            self.tokens.append(_Text(data, citations))
        else:
            self.tokens.append(escape(data, quote=False))


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


def _link_parts(
    regulation: Regulation, *, status: str, badge_title: str
) -> tuple[str, str]:
    """The opening <a> tag and the badge for a regulation (the same for every citation
    of it in one render)."""
    modifier, label = status_badge(status)
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
        f"{escape(label, quote=False)}</span>"
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
                    regulation,
                    status=regulation.status_on(on=on),
                    badge_title=badge_title,
                )
            opening, badge = pieces[regulation.pk]
            written = token.text[citation.start : citation.end]
            parts.append(escape(token.text[position : citation.start], quote=False))
            parts.append(f"{opening}{escape(written, quote=False)}</a> {badge}")
            position = citation.end
        parts.append(escape(token.text[position:], quote=False))
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

    Renderings are kept in the cache under the text, the day and the registry's stamp,
    so a page is rendered once, not on every request (a long article costs seconds);
    a registry change makes new keys. Without a shared cache, other processes keep an
    older rendering at most KB_RENDER_CACHE_SECONDS.
    """
    stamp = registry_stamp()
    keys = [
        f"kb:render:{stamp}:{on.isoformat()}:"
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
