"""What each searchable object contributes to the index: one document per search hit.

An article, a service and a regulation are one document each; an FAQ page is one
document per question, so each question links to its own anchor. Every backend
stores the same documents, with text already analysed by `search.analysis`.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import prefetch_related_objects
from wagtail.models import Page, PageViewRestriction, Site

from catalogue.models import ServicePage
from kb.models import ArticlePage, FAQPage, TopicIndexPage
from regulations.citations import ALIASES
from regulations.models import Regulation
from search.analysis import analyse_with_words, tokenise
from search.analysis.intent import document_kind
from search.choices import DocumentKind

__all__ = [
    "DocumentData",
    "build_documents",
    "markdown_plain_text",
    "owner_key",
    "regulation_slug",
]

# Characters of body text kept per document (snippets are cut from it).
MAX_BODY_CHARS = 60_000

_MD_FENCE = re.compile(r"^\s*(```|~~~).*$", re.MULTILINE)
_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MD_REF_DEF = re.compile(r"^\s*\[[^\]^][^\]]*\]:\s*\S+.*$", re.MULTILINE)
_MD_FOOTNOTE_REF = re.compile(r"\[\^[^\]]+\]:?")
_MD_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}.*$", re.MULTILINE)
_MD_LINE_MARKS = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)", re.M)
_MD_EMPHASIS = re.compile(r"(\*{1,3}|_{2,3}|~~|`+)")
_HTML_TAG = re.compile(r"<[^>]{0,300}>")
_BLANK = re.compile(r"[ \t]*\|[ \t]*|[ \t]+")
_LINES = re.compile(r"\s*\n\s*")


def markdown_plain_text(source: str) -> str:
    """Readable plain text of editor Markdown, fast enough to index thousands of pages.

    Only used for searching and for snippets (which are escaped before display).
    """
    text = _MD_FENCE.sub("", source or "")
    text = _MD_IMAGE.sub(r"\1", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_REF_DEF.sub("", text)
    text = _MD_FOOTNOTE_REF.sub("", text)
    text = _MD_TABLE_RULE.sub("", text)
    text = _MD_LINE_MARKS.sub("", text)
    text = _MD_EMPHASIS.sub("", text)
    text = _HTML_TAG.sub(" ", text)
    text = html.unescape(text)
    text = _BLANK.sub(" ", text)
    return _LINES.sub("\n", text).strip()


def regulation_slug(regulation: Regulation) -> str:
    """A stable slug for a regulation's citation, e.g. "pmk-23-2020"."""
    return f"{regulation.type.lower()}-{regulation.number}-{regulation.year}"


def owner_key(obj: object) -> str | None:
    """The key under which an object's documents are stored, or None if never indexed."""
    if isinstance(obj, Page):
        return f"page:{obj.pk}"
    if isinstance(obj, Regulation):
        return f"regulation:{obj.pk}"
    return None


@dataclass
class DocumentData:
    """A search document before it is stored; the analysed fields derive from the text."""

    key: str
    owner: str
    kind: str
    title: str
    url: str
    slug: str = ""
    page_id: int | None = None
    topic_id: int | None = None
    topic_ids: str = ""
    audiences: str = ""
    summary: str = ""
    keywords_text: str = ""
    body_text: str = ""
    boost: float = 1.0
    answer_kind: str = ""
    title_terms: str = field(init=False)
    keyword_terms: str = field(init=False)
    body_terms: str = field(init=False)
    autocomplete: str = field(init=False)
    words: set[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.title = self.title[:500]
        self.url = self.url[:500]
        self.body_text = self.body_text[:MAX_BODY_CHARS]
        words: set[str] = set()
        fields = {}
        for name, text in (
            ("title_terms", self.title),
            ("keyword_terms", self.keywords_text),
            ("body_terms", self.body_text),
        ):
            terms, field_words = analyse_with_words(text)
            fields[name] = " ".join(terms)
            words |= field_words
        self.title_terms = fields["title_terms"]
        self.keyword_terms = fields["keyword_terms"]
        self.body_terms = fields["body_terms"]
        self.autocomplete = " ".join(tokenise(self.title))
        self.words = words

    @property
    def terms(self) -> set[str]:
        """Distinct index terms, for document frequencies."""
        return set(f"{self.title_terms} {self.keyword_terms} {self.body_terms}".split())

    @property
    def lengths(self) -> tuple[int, int, int]:
        """Terms in the title, keyword and body fields."""
        return tuple(
            len(text.split())
            for text in (self.title_terms, self.keyword_terms, self.body_terms)
        )

    @property
    def digest(self) -> str:
        """A fingerprint of what the document says: the catch-up compares the engine's
        copy with the database's by it (search.catchup)."""
        source = json.dumps(
            [
                self.key,
                self.owner,
                self.kind,
                self.page_id,
                self.title,
                self.url,
                self.slug,
                self.topic_id,
                self.topic_ids,
                self.audiences,
                self.summary,
                self.keywords_text,
                self.body_text,
                self.boost,
                self.answer_kind,
            ],
            ensure_ascii=False,
        )
        return hashlib.blake2b(
            source.encode("utf-8", "surrogatepass"), digest_size=16
        ).hexdigest()

    def as_fields(self) -> dict[str, object]:
        """Column values for the database document table and the OpenSearch index."""
        return {
            "key": self.key,
            "owner": self.owner,
            "kind": self.kind,
            "page_id": self.page_id,
            "title": self.title,
            "url": self.url,
            "slug": self.slug,
            "topic_id": self.topic_id,
            "topic_ids": self.topic_ids,
            "audiences": self.audiences,
            "summary": self.summary,
            "keywords_text": self.keywords_text,
            "body_text": self.body_text,
            "title_terms": self.title_terms,
            "keyword_terms": self.keyword_terms,
            "body_terms": self.body_terms,
            "autocomplete": self.autocomplete,
            "boost": self.boost,
            "answer_kind": self.answer_kind,
            "digest": self.digest,
        }


class _PageContext:
    """Lookups shared by one batch of pages: view restrictions and topic ancestors."""

    def __init__(self, pages: Sequence[Page]) -> None:
        self.restricted_paths = list(
            PageViewRestriction.objects.values_list("page__path", flat=True)
        )
        ancestor_paths = {
            page.path[:end]
            for page in pages
            for end in range(Page.steplen, len(page.path), Page.steplen)
        }
        self.topics = {
            topic.path: topic
            for topic in TopicIndexPage.objects.filter(path__in=ancestor_paths).only(
                "id", "path", "slug", "title", "depth"
            )
        }

    @cached_property
    def site_root(self) -> str | None:
        """The root url_path of the only site, when there is exactly one."""
        roots = Site.get_site_root_paths()
        return roots[0].root_path if len(roots) == 1 else None

    def url(self, page: Page) -> str | None:
        """The page's relative URL, computed without queries on a one-site install."""
        root = self.site_root
        if root and page.url_path.startswith(root):
            return page.url_path[len(root) - 1 :]
        return page.get_url()

    def is_public(self, page: Page) -> bool:
        return (
            page.live
            and not page.expired
            and not any(page.path.startswith(path) for path in self.restricted_paths)
        )

    def topic_ancestors(self, page: Page) -> list[TopicIndexPage]:
        """Topics above `page`, the top-level topic first."""
        return [
            self.topics[page.path[:end]]
            for end in range(Page.steplen, len(page.path), Page.steplen)
            if page.path[:end] in self.topics
        ]


def _join(*parts: str) -> str:
    return "\n".join(part for part in parts if part)


def _page_base(page: Page, context: _PageContext) -> dict[str, object] | None:
    url = context.url(page)
    if not url:
        return None
    topics = context.topic_ancestors(page)
    return {
        "url": url,
        "slug": page.slug,
        "page_id": page.pk,
        "topic_id": topics[0].pk if topics else None,
        "topic_ids": " ".join(str(topic.pk) for topic in topics),
    }


def _article_documents(page: ArticlePage, base: dict) -> list[DocumentData]:
    # Tags have no order of their own; the database's row order would change the
    # analysed keywords (and so the ranking) from one rebuild or database to another.
    tags = sorted(tag.name for tag in page.tags.all())
    return [
        DocumentData(
            key=f"page:{page.pk}",
            owner=f"page:{page.pk}",
            kind=DocumentKind.ARTICLE,
            title=page.title,
            audiences=" ".join(a.slug for a in page.audiences.all()),
            summary=page.summary,
            keywords_text=_join(page.summary, ", ".join(tags), page.search_description),
            body_text=markdown_plain_text(page.body),
            answer_kind=document_kind(
                title=page.title,
                summary=page.summary,
                body=page.body,
                chosen=page.answer_kind,
            ),
            **base,
        )
    ]


def _faq_documents(page: FAQPage, base: dict) -> list[DocumentData]:
    documents = []
    for item in page.items.all():
        answer = markdown_plain_text(item.answer)
        anchor = item.anchor or f"q-{item.pk}"
        documents.append(
            DocumentData(
                key=f"faq:{page.pk}:{item.pk}",
                owner=f"page:{page.pk}",
                kind=DocumentKind.FAQ,
                title=item.question,
                summary=answer[:300],
                keywords_text=page.title,
                body_text=answer,
                answer_kind=document_kind(
                    title=item.question, body=item.answer, chosen=item.answer_kind
                ),
                **{**base, "url": f"{base['url']}#{anchor}"},
            )
        )
    return documents


def _service_documents(page: ServicePage, base: dict) -> list[DocumentData]:
    description = markdown_plain_text(page.description)
    return [
        DocumentData(
            key=f"page:{page.pk}",
            owner=f"page:{page.pk}",
            kind=DocumentKind.SERVICE,
            title=page.title,
            summary=description[:300],
            keywords_text=_join(page.code, description, page.search_description),
            body_text=_join(
                markdown_plain_text(page.eligibility),
                markdown_plain_text(page.required_documents),
                markdown_plain_text(page.steps),
                page.prepopulated_data,
            ),
            **base,
        )
    ]


_PAGE_BUILDERS = {
    ArticlePage: _article_documents,
    FAQPage: _faq_documents,
    ServicePage: _service_documents,
}
_PAGE_PREFETCH = {ArticlePage: ["tags", "audiences"], FAQPage: ["items"]}


def _regulation_documents(regulation: Regulation) -> list[DocumentData]:
    if not regulation.live:
        return []
    aliases = [label for label, key in ALIASES.items() if key == regulation.key]
    subjects = [tag.name for tag in regulation.subjects.all()]
    return [
        DocumentData(
            key=f"regulation:{regulation.pk}",
            owner=f"regulation:{regulation.pk}",
            kind=DocumentKind.REGULATION,
            title=f"{regulation.short_citation} tentang {regulation.title}",
            url=regulation.get_absolute_url(),
            slug=regulation_slug(regulation),
            summary=regulation.abstract[:300],
            keywords_text=_join(
                regulation.long_citation, ", ".join(aliases), ", ".join(subjects)
            ),
            body_text=regulation.abstract,
        )
    ]


def build_documents(objects: Iterable[object]) -> dict[str, list[DocumentData]]:
    """Owner key -> that object's documents; an empty list means "remove them".

    Objects that are never searchable (images, topic pages …) are left out.
    """
    objects = list(objects)
    result: dict[str, list[DocumentData]] = {}
    pages = [o for o in objects if type(o) in _PAGE_BUILDERS]
    for model, lookups in _PAGE_PREFETCH.items():
        same = [page for page in pages if type(page) is model]
        if same:
            prefetch_related_objects(same, *lookups)
    context = _PageContext(pages) if pages else None
    for page in pages:
        base = _page_base(page, context) if context.is_public(page) else None
        owner = f"page:{page.pk}"
        result[owner] = _PAGE_BUILDERS[type(page)](page, base) if base else []
    regulations = [o for o in objects if isinstance(o, Regulation)]
    if regulations:
        prefetch_related_objects(regulations, "subjects")
    for regulation in regulations:
        result[f"regulation:{regulation.pk}"] = _regulation_documents(regulation)
    return result
