"""What a question asks for, and what kind of answer a document gives.

Taxpayers ask about one subject in several ways: what it is ("npwp itu apa"), how to do
it ("cara daftar npwp"), who must or may ("wajib npwp gak"), how much ("batas omzet
pkp berapa"), by when ("kapan batas lapor"), what happens if not ("denda telat"), what
to do when it fails ("gagal login"), why it exists ("kenapa nik jadi npwp"), and
whether an old channel still works ("efiling masih bisa"). A knowledge base answers
each in its own article, so choosing among siblings on one subject needs both sides:
the question's intents (`query_intents`) and each document's answer kind
(`document_kind`: the editor's choice, or inferred from the title, summary and
opening). Both work on normalised words, the same for every backend.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from search.analysis.cues import (
    ANSWER_KINDS,
    AUDIENCE_CUES,
    CHANNEL_CHANGE,
    DEADLINE,
    DOCUMENT_CUES,
    QUERY_CUES,
    TROUBLESHOOTING,
    WEAK_DOCUMENT_CUES,
)
from search.analysis.text import COLLOQUIAL, tokenise

__all__ = [
    "document_kind",
    "query_audiences",
    "query_intents",
    "question_tag_positions",
]

# A negation closing a yes/no question asks "… or not?", it does not negate:
# "saldo deposit bisa diambil lagi ga" is not about something that cannot be done.
_NEGATIONS = frozenset(
    {"tidak", "gak", "ga", "gk", "nggak", "ngga", "enggak", "engga", "tdk", "ndak"}
)
_TAG_PARTICLES = frozenset({"sih", "ya", "yah", "dong", "kah", "nih", "kak", "min"})
_TAG_LEADS = frozenset({"apa", "atau", "ato"})


def question_tag_positions(words: list[str]) -> set[int]:
    """Positions of negations that only close a yes/no question: the last word (before
    particles such as "sih", "ya") or one after "apa"/"atau" ("perlu apa tidak")."""
    positions: set[int] = set()
    end = len(words) - 1
    while end >= 0 and words[end] in _TAG_PARTICLES:
        end -= 1
    if end >= 2 and words[end] in _NEGATIONS:
        positions.add(end)
    for index in range(1, len(words)):
        if words[index] in _NEGATIONS and words[index - 1] in _TAG_LEADS:
            positions.add(index)
    return positions


_WEAK_WEIGHT = 0.5
# The cue a title starts with names its subject matter most surely ("Sanksi bagi
# pengusaha yang tidak melaporkan…", "Besaran denda…").
_LEADING_BONUS = 1.5
# Later cues of a title often name the subject, not the answer ("Besaran denda…").
_TRAILING_WEIGHT = 0.6
# A kind is inferred only on this much evidence (a cue in the title, or several in
# the summary and opening); a broad article that says little stays unclassified
# rather than being pushed towards one kind of question.
MIN_EVIDENCE = 2.0
# Weight of a cue by where it is found in a document.
_TITLE_WEIGHT = 3.0
_SUMMARY_WEIGHT = 1.0
_OPENING_WEIGHT = 0.5
# Intents whose cue also names another: "berapa lama" is a deadline, not an amount;
# "masih bisa" asks about a channel, not a requirement.
_OVERRIDES = {
    ("berapa", "lama"): DEADLINE,
    ("masih", "bisa"): CHANNEL_CHANGE,
    ("kenapa", "tidak"): TROUBLESHOOTING,
}
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.+)$", re.MULTILINE)


def _words(text: str) -> list[str]:
    return [COLLOQUIAL.get(word, word) for word in tokenise(text)]


def _found(words: list[str], phrase: tuple[str, ...]) -> list[int]:
    """Start positions of `phrase` in `words`."""
    size = len(phrase)
    return [
        index
        for index in range(len(words) - size + 1)
        if tuple(words[index : index + size]) == phrase
    ]


def _cues(words: list[str], cues: dict[str, tuple[tuple[str, ...], ...]]):
    """(intent, start, length) of every cue found, longer cues claiming their words."""
    found = []
    for intent, phrases in cues.items():
        for phrase in phrases:
            for start in _found(words, phrase):
                found.append((len(phrase), start, intent))
    taken: set[int] = set()
    kept = []
    for length, start, intent in sorted(found, key=lambda item: -item[0]):
        span = set(range(start, start + length))
        if span & taken:
            continue
        taken |= span
        kept.append((intent, start, length))
    for phrase, intent in _OVERRIDES.items():
        for start in _found(words, phrase):
            kept = [
                item for item in kept if not (start <= item[1] < start + len(phrase))
            ]
            kept.append((intent, start, len(phrase)))
    return kept


def query_audiences(text: str) -> frozenset[str]:
    """The audiences a question names (empty when it does not say)."""
    words = _words(text)
    return frozenset(
        audience
        for audience, phrases in AUDIENCE_CUES.items()
        if any(_found(words, phrase) for phrase in phrases)
    )


def query_intents(text: str) -> frozenset[str]:
    """The intents a question carries (empty when it names only a subject)."""
    words = _words(text)
    return frozenset(intent for intent, _start, _length in _cues(words, QUERY_CUES))


def _scores(parts: Iterable[tuple[str, float]]) -> dict[str, float]:
    scores: dict[str, float] = {}
    for position, (text, weight) in enumerate(parts):
        words = _words(text)
        strong = sorted(_cues(words, DOCUMENT_CUES), key=lambda item: item[1])
        for index, (intent, _start, _length) in enumerate(strong):
            bonus = 1.0
            if position == 0:
                bonus = _LEADING_BONUS if index == 0 else _TRAILING_WEIGHT
            scores[intent] = scores.get(intent, 0.0) + weight * bonus
        for intent, _start, _length in _cues(words, WEAK_DOCUMENT_CUES):
            scores[intent] = scores.get(intent, 0.0) + weight * _WEAK_WEIGHT
    return scores


def _opening(body: str) -> str:
    """The first heading and the first sentence of a Markdown body."""
    heading = _HEADING.search(body or "")
    text = _HEADING.sub("", body or "").strip()
    sentence = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0] if text else ""
    return " ".join(
        part for part in (heading.group(1) if heading else "", sentence[:300])
    )


def document_kind(
    *, title: str, summary: str = "", body: str = "", chosen: str = ""
) -> str:
    """The kind of answer a document gives: the editor's choice when set, otherwise
    the kind whose cues weigh most in its title (most), summary and opening; "" when
    nothing says."""
    if chosen:
        return chosen
    scores = _scores(
        [
            (title, _TITLE_WEIGHT),
            (summary, _SUMMARY_WEIGHT),
            (_opening(body), _OPENING_WEIGHT),
        ]
    )
    if not scores:
        return ""
    best = max(scores.values())
    if best < MIN_EVIDENCE:
        return ""
    for kind in ANSWER_KINDS:  # ties: the order of ANSWER_KINDS
        if scores.get(kind) == best:
            return kind
    return ""
