"""Snippets that show why a result matched: escape everything first, then mark.

Works from plain text and the query's analysed terms, so it behaves the same on every
backend (none of Wagtail's backends returns highlights). A word is marked when its
analysed term is one of the query's terms, so "melaporkan" is marked for "lapor".
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from search.analysis import analyse

__all__ = ["highlight_text", "snippet"]

SNIPPET_WORDS = 30
# Characters of a body searched for the best passage.
SCAN_CHARS = 60_000
# Characters around the densest cluster of query stems that are examined word by word.
REGION_CHARS = 900
CLUSTER_CHARS = 400
_WORD = re.compile(r"[^\W_]+(?:[-'\u2019][^\W_]+)*")
_SENTENCE_END = re.compile(r"[.!?]\s*$")


def _words(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]


@lru_cache(maxsize=100_000)
def _terms_of(word: str) -> tuple[str, ...]:
    return tuple(analyse(word))


def _matches(word: str, terms: frozenset[str]) -> bool:
    return not terms.isdisjoint(_terms_of(word))


def _render(text: str, words, marked: set[int], start: int, end: int) -> str:
    """Escaped text[start:end] with the marked words wrapped in <mark>."""
    out: list[str] = []
    cursor = start
    for index, (word_start, word_end, _word) in enumerate(words):
        if index not in marked or word_start < start or word_end > end:
            continue
        out.append(escape(text[cursor:word_start]))
        out.append(f"<mark>{escape(text[word_start:word_end])}</mark>")
        cursor = word_end
    out.append(escape(text[cursor:end]))
    return "".join(out)


def highlight_text(text: str, terms: frozenset[str]) -> SafeString:
    """All of `text`, escaped, with matching words marked (for titles)."""
    words = _words(text)
    marked = {i for i, (_s, _e, word) in enumerate(words) if _matches(word, terms)}
    return mark_safe(_render(text, words, marked, 0, len(text)))  # noqa: S308 (escaped)


def _region_start(text: str, terms: frozenset[str]) -> int:
    """Where the densest cluster of query stems begins (a cheap substring pre-scan)."""
    lowered = text.lower()
    hits: list[int] = []
    for term in terms:
        if len(term) < 3:
            continue
        position = lowered.find(term)
        while position != -1 and len(hits) < 200:
            hits.append(position)
            position = lowered.find(term, position + len(term))
    if not hits:
        return 0
    hits.sort()
    best = hits[
        max(
            range(len(hits)),
            key=lambda i: bisect_right(hits, hits[i] + CLUSTER_CHARS) - i,
        )
    ]
    start = max(0, best - 200)
    return text.rfind(" ", 0, start) + 1 if start else 0


def snippet(
    text: str, terms: frozenset[str], *, fallback: str = "", size: int = SNIPPET_WORDS
) -> SafeString:
    """The passage of `text` richest in query terms, escaped, with matches marked.

    Without any match, the start of `fallback` (or of `text`) is shown unmarked.
    """
    text = text[:SCAN_CHARS]
    offset = _region_start(text, terms)
    scanned = text[offset : offset + REGION_CHARS]
    words = _words(scanned)
    marked = {i for i, (_s, _e, word) in enumerate(words) if _matches(word, terms)}
    if not marked and offset:
        return snippet(text[:REGION_CHARS], terms, fallback=fallback, size=size)
    if (
        not marked
        and fallback
        and any(_matches(w, terms) for _s, _e, w in _words(fallback))
    ):
        return snippet(fallback, terms, size=size)
    if not marked:
        source = fallback or text
        plain = _words(source)
        if not plain:
            return mark_safe("")
        if len(plain) <= size:
            return mark_safe(escape(source.strip()))  # noqa: S308 (escaped)
        return mark_safe(escape(source[: plain[size - 1][1]]) + " …")  # noqa: S308
    best_start, best_score = 0, -1.0
    marked_list = sorted(marked)
    marked_terms = [_terms_of(words[i][2]) for i in marked_list]
    for first in marked_list:
        start = max(0, first - 3)
        # The marked words inside [start, start + size): a slice of the sorted list.
        low = bisect_left(marked_list, start)
        high = bisect_left(marked_list, start + size, low)
        distinct = {term for terms in marked_terms[low:high] for term in terms}
        score = len(distinct) + 0.1 * (high - low)
        if score > best_score:
            best_start, best_score = start, score
    # Start at a sentence boundary when one is close before the first match.
    for back in range(best_start, max(-1, best_start - 8), -1):
        if back == 0 or _SENTENCE_END.search(scanned[: words[back][0]]):
            best_start = back
            break
    last = min(best_start + size, len(words)) - 1
    start_char, end_char = words[best_start][0], words[last][1]
    prefix = "… " if best_start > 0 or offset > 0 else ""
    suffix = " …" if offset + end_char < len(text.rstrip()) else ""
    body = _render(scanned, words, marked, start_char, end_char)
    return mark_safe(prefix + body + suffix)  # noqa: S308 (escaped)
