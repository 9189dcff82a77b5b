"""Snippets that show why a result matched: escape everything first, then mark.

Works from plain text and the query's analysed terms, so it behaves the same on every
backend (none of Wagtail's backends returns highlights). A word is marked when its
analysed term is one of the query's terms, so "melaporkan" is marked for "lapor".
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from html import escape  # what django.utils.html.escape returns, without its wrapper
from itertools import islice

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
# Splitting on the captured word gives [between, word, between, word, …, between].
_SPLIT = re.compile(f"({_WORD.pattern})")
_SENTENCE_ENDS = (".", "!", "?")


@lru_cache(maxsize=100_000)
def _terms_of(word: str) -> tuple[str, ...]:
    return tuple(analyse(word))


_VERDICTS_KEPT = 5_000


@lru_cache(maxsize=32)
def _verdicts(terms: frozenset[str]) -> dict[str, bool]:
    """Whether a word matches `terms`, remembered per query (titles and snippets of
    one page of results ask about the same words)."""
    return {}


def _marked(words: list[str], terms: frozenset[str]) -> list[int]:
    """Positions of the words whose analysed terms meet `terms`, in order."""
    verdicts = _verdicts(terms)
    if len(verdicts) > _VERDICTS_KEPT:
        verdicts.clear()
    marked = []
    for index, word in enumerate(words):
        verdict = verdicts.get(word)
        if verdict is None:
            verdict = verdicts[word] = not terms.isdisjoint(_terms_of(word))
        if verdict:
            marked.append(index)
    return marked


def _render(parts: list[str], marked: list[int], first: int, last: int) -> str:
    """Words first..last of `parts` (from _SPLIT) and what lies between them, escaped,
    with the marked words wrapped in <mark>."""
    out: list[str] = []
    cursor = 2 * first + 1
    for index in marked[bisect_left(marked, first) : bisect_right(marked, last)]:
        position = 2 * index + 1
        out.append(escape("".join(parts[cursor:position])))
        out.append(f"<mark>{escape(parts[position])}</mark>")
        cursor = position + 1
    out.append(escape("".join(parts[cursor : 2 * last + 2])))
    return "".join(out)


def highlight_text(text: str, terms: frozenset[str]) -> SafeString:
    """All of `text`, escaped, with matching words marked (for titles)."""
    parts = _SPLIT.split(text)
    if len(parts) == 1:  # no word at all
        return mark_safe(escape(text))  # noqa: S308 (escaped)
    words = parts[1::2]
    body = _render(parts, _marked(words, terms), 0, len(words) - 1)
    return mark_safe(escape(parts[0]) + body + escape(parts[-1]))  # noqa: S308


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


def _opening(source: str, size: int) -> SafeString:
    """The first `size` words of `source`, escaped and unmarked."""
    ends = [match.end() for match in islice(_WORD.finditer(source), size)]
    if not ends:
        return mark_safe("")
    if len(ends) < size or not _WORD.search(source, ends[-1]):
        return mark_safe(escape(source.strip()))  # noqa: S308 (escaped)
    return mark_safe(escape(source[: ends[-1]]) + " …")  # noqa: S308 (escaped)


def snippet(
    text: str, terms: frozenset[str], *, fallback: str = "", size: int = SNIPPET_WORDS
) -> SafeString:
    """The passage of `text` richest in query terms, escaped, with matches marked.

    Without any match, the start of `fallback` (or of `text`) is shown unmarked.
    """
    text = text[:SCAN_CHARS]
    offset = _region_start(text, terms)
    passage = _passage(text, offset, terms, size)
    if passage is None and offset:
        # The stems found were inside other words: look at the start instead.
        passage = _passage(text, 0, terms, size)
    if passage is not None:
        return passage
    if fallback and _marked(_WORD.findall(fallback), terms):
        return snippet(fallback, terms, size=size)
    return _opening(fallback or text, size)


def _passage(
    text: str, offset: int, terms: frozenset[str], size: int
) -> SafeString | None:
    """The best `size` words of text[offset:offset + REGION_CHARS] (None without a
    match): the most distinct query terms, then the most matches."""
    scanned = text[offset : offset + REGION_CHARS]
    parts = _SPLIT.split(scanned)
    words = parts[1::2]
    marked = _marked(words, terms)
    if not marked:
        return None
    best_start, best_score = 0, -1.0
    marked_terms = [_terms_of(words[i]) for i in marked]
    for first in marked:
        start = max(0, first - 3)
        # The marked words inside [start, start + size): a slice of the sorted list.
        low = bisect_left(marked, start)
        high = bisect_left(marked, start + size, low)
        distinct = {term for terms in marked_terms[low:high] for term in terms}
        score = len(distinct) + 0.1 * (high - low)
        if score > best_score:
            best_start, best_score = start, score
    # Start at a sentence boundary when one is close before the first match.
    for back in range(best_start, max(-1, best_start - 8), -1):
        if back == 0 or parts[2 * back].rstrip().endswith(_SENTENCE_ENDS):
            best_start = back
            break
    last = min(best_start + size, len(words)) - 1
    end_char = sum(map(len, parts[: 2 * last + 2]))
    prefix = "… " if best_start > 0 or offset > 0 else ""
    suffix = " …" if offset + end_char < len(text.rstrip()) else ""
    body = _render(parts, marked, best_start, last)
    return mark_safe(prefix + body + suffix)  # noqa: S308 (escaped)
