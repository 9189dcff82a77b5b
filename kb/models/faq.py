"""FAQ pages and their questions, each answer written in Markdown with its own anchor."""

from __future__ import annotations

from datetime import date

from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.api import APIField
from wagtail.models import Orderable, Page
from wagtail.search import index

from kb.choices import AnswerKind
from kb.fields import MARKDOWN_SECTION_MAX_CHARS, MarkdownLengthValidator
from kb.linking import render_linked_many, render_linked_markdown
from kb.markdown import markdown_to_text
from kb.models.feedback import FeedbackPageMixin


class FAQPage(FeedbackPageMixin, Page):
    """A page of frequently asked questions; each question has its own anchor."""

    intro = models.TextField(
        _("pengantar"), blank=True, validators=[MaxLengthValidator(600)]
    )
    is_demo = models.BooleanField(_("konten demo"), default=False)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        InlinePanel("items", label=_("Pertanyaan"), min_num=1),
    ]
    settings_panels = [*Page.settings_panels, FieldPanel("is_demo")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.RelatedFields(
            "items",
            [index.SearchField("question", boost=2), index.SearchField("answer")],
        ),
    ]
    api_fields = [APIField("intro"), APIField("items")]
    parent_page_types = ["kb.TopicIndexPage"]
    subpage_types: list[str] = []
    template = "kb/faq_page.html"

    class Meta:
        verbose_name = _("halaman FAQ")
        verbose_name_plural = _("halaman FAQ")

    citation_prefetch = ("items",)  # what citation_texts() reads, for bulk syncs

    @property
    def citation_date(self) -> date:
        """Cited regulations are shown as at the last publication (else today)."""
        if self.last_published_at:
            return timezone.localdate(self.last_published_at)
        return timezone.localdate()

    def citation_texts(self) -> list[str]:
        """Texts scanned for regulation citations when the page is published."""
        return [self.intro, *(item.answer for item in self.items.all())]

    @cached_property
    def answers_html(self) -> dict[str, str]:
        """Every answer rendered with linked citations, with one registry lookup."""
        answers = list(dict.fromkeys(item.answer for item in self.items.all()))
        return dict(
            zip(
                answers, render_linked_many(answers, on=self.citation_date), strict=True
            )
        )


class FAQItem(Orderable):
    """One question and its Markdown answer on an FAQ page."""

    page = ParentalKey("kb.FAQPage", related_name="items", on_delete=models.CASCADE)
    question = models.CharField(_("pertanyaan"), max_length=300)
    answer = models.TextField(
        _("jawaban (Markdown)"),
        validators=[MarkdownLengthValidator(MARKDOWN_SECTION_MAX_CHARS)],
    )
    anchor = models.SlugField(
        _("jangkar"),
        max_length=80,
        blank=True,
        help_text=_(
            "Bagian akhir tautan ke pertanyaan ini (#...). Kosongkan untuk dibuat otomatis."
        ),
    )

    answer_kind = models.CharField(
        _("jenis jawaban"),
        max_length=16,
        choices=AnswerKind.choices,
        blank=True,
        help_text=_("Kosongkan agar ditentukan dari pertanyaannya."),
    )

    panels = [
        FieldPanel("question"),
        FieldPanel("answer"),
        FieldPanel("anchor"),
        FieldPanel("answer_kind"),
    ]
    api_fields = [
        APIField("question"),
        APIField("answer"),
        APIField("answer_html"),
        APIField("anchor"),
        APIField("answer_kind"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("pertanyaan")
        verbose_name_plural = _("pertanyaan")

    def __str__(self) -> str:
        return self.question

    def save(self, *args, **kwargs):
        if not self.anchor:
            self.anchor = slugify(self.question)[:80] or f"q-{self.sort_order or 0}"
        super().save(*args, **kwargs)

    @property
    def answer_html(self) -> str:
        page = self.page
        rendered = page.answers_html.get(self.answer)
        if rendered is None:
            rendered = render_linked_markdown(self.answer, on=page.citation_date)
        return rendered

    @property
    def answer_text(self) -> str:
        return markdown_to_text(self.answer)
