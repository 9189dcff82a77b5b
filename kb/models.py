"""Knowledge-base pages (home, topics, articles, FAQs) and the reader feedback they collect."""

from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from kb.choices import Audience
from kb.markdown import markdown_to_text, render_markdown


class AudienceGroup(models.Model):
    """A group of taxpayers an article is written for (Orang Pribadi, Badan, Bendahara, PKP)."""

    slug = models.SlugField(
        _("kode"), max_length=40, unique=True, choices=Audience.choices
    )
    name = models.CharField(_("nama"), max_length=80)

    class Meta:
        ordering = ["id"]
        verbose_name = _("kelompok pembaca")
        verbose_name_plural = _("kelompok pembaca")

    def __str__(self) -> str:
        return self.name


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "kb.ArticlePage", related_name="tagged_items", on_delete=models.CASCADE
    )


class ArticlePageQuerySet(PageQuerySet):
    def recently_updated(self, limit: int = 5) -> ArticlePageQuerySet:
        """Live articles, the most recently published first."""
        return self.live().public().order_by("-last_published_at")[:limit]

    def most_read(self, *, on: date | None = None, days: int = 30, limit: int = 5):
        """Live articles ordered by views over the `days` before `on` (a date)."""
        on = on or timezone.localdate()
        since = on - timedelta(days=days)
        return (
            self.live()
            .public()
            .annotate(
                recent_views=Sum(
                    "daily_views__count",
                    filter=Q(daily_views__day__gt=since, daily_views__day__lte=on),
                )
            )
            .filter(recent_views__gt=0)
            .order_by("-recent_views", "title")[:limit]
        )


ArticlePageManager = PageManager.from_queryset(ArticlePageQuerySet)


class MarkdownPageMixin:
    """Shared rendering helpers for pages whose body is written in Markdown."""

    @cached_property
    def body_html(self) -> str:
        return render_markdown(self.body)

    @cached_property
    def body_text(self) -> str:
        return markdown_to_text(self.body)


class HomePage(Page):
    """The TKB home: search box, topics, recently updated and most-read articles."""

    intro = models.TextField(
        _("pengantar"), blank=True, validators=[MaxLengthValidator(600)]
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["kb.TopicIndexPage"]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1
    template = "kb/home_page.html"

    class Meta:
        verbose_name = _("beranda TKB")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["topics"] = (
            TopicIndexPage.objects.child_of(self).live().public().order_by("path")
        )
        context["recent_articles"] = ArticlePage.objects.descendant_of(
            self
        ).recently_updated()
        context["popular_articles"] = ArticlePage.objects.descendant_of(
            self
        ).most_read()
        return context


class TopicIndexPage(Page):
    """A topic (NPWP, SPT, PPh …) holding sub-topics, articles and FAQ pages."""

    intro = models.TextField(
        _("pengantar"), blank=True, validators=[MaxLengthValidator(600)]
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["kb.HomePage", "kb.TopicIndexPage"]
    subpage_types = ["kb.TopicIndexPage", "kb.ArticlePage", "kb.FAQPage"]
    template = "kb/topic_index_page.html"

    class Meta:
        verbose_name = _("topik")
        verbose_name_plural = _("topik")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["subtopics"] = (
            self.get_children().live().public().type(TopicIndexPage).order_by("title")
        )
        context["articles"] = (
            ArticlePage.objects.child_of(self)
            .live()
            .public()
            .defer_streamfields()
            .prefetch_related("audiences")
            .order_by("title")
        )
        context["faq_pages"] = (
            FAQPage.objects.child_of(self).live().public().order_by("title")
        )
        return context


class ArticlePage(MarkdownPageMixin, Page):
    """A TKB article: one taxpayer task or question, written in Markdown."""

    summary = models.TextField(
        _("ringkasan"),
        blank=True,
        validators=[MaxLengthValidator(500)],
        help_text=_(
            "Satu atau dua kalimat yang tampil di hasil pencarian dan pratinjau tautan."
        ),
    )
    body = models.TextField(
        _("isi (Markdown)"),
        help_text=_(
            "Tulis dalam Markdown: judul dengan ##, tabel, daftar, catatan kaki [^1]."
        ),
    )
    audiences = ParentalManyToManyField(
        "kb.AudienceGroup", blank=True, verbose_name=_("ditujukan untuk")
    )
    tags = ClusterTaggableManager(
        through="kb.ArticlePageTag", blank=True, verbose_name=_("tag")
    )
    reviewed_on = models.DateField(
        _("terakhir ditinjau"),
        null=True,
        blank=True,
        help_text=_("Tanggal isi artikel terakhir diperiksa kebenarannya."),
    )
    content_owner = models.CharField(
        _("pemilik konten"),
        max_length=120,
        blank=True,
        help_text=_(
            "Unit yang bertanggung jawab atas isi artikel, mis. Direktorat P2Humas."
        ),
    )
    related_articles = ParentalManyToManyField(
        "kb.ArticlePage", blank=True, verbose_name=_("artikel terkait")
    )
    is_demo = models.BooleanField(
        _("konten demo"),
        default=False,
        help_text=_("Dibuat oleh data demo, bukan konten resmi."),
    )

    objects = ArticlePageManager()

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("audiences", widget=forms.CheckboxSelectMultiple),
                FieldPanel("tags"),
                FieldPanel("reviewed_on"),
                FieldPanel("content_owner"),
            ],
            heading=_("Metadata"),
        ),
        FieldPanel("related_articles"),
    ]
    settings_panels = [*Page.settings_panels, FieldPanel("is_demo")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.RelatedFields("tags", [index.SearchField("name", boost=2)]),
        index.FilterField("is_demo"),
    ]
    api_fields = [
        APIField("summary"),
        APIField("body"),
        APIField("body_html"),
        APIField("audience_codes"),
        APIField("tag_names"),
        APIField("reviewed_on"),
        APIField("content_owner"),
    ]
    parent_page_types = ["kb.TopicIndexPage"]
    subpage_types: list[str] = []
    template = "kb/article_page.html"

    class Meta:
        verbose_name = _("artikel")
        verbose_name_plural = _("artikel")

    @property
    def topic(self) -> Page | None:
        return self.get_parent()

    @property
    def audience_codes(self) -> list[str]:
        return [a.slug for a in self.audiences.all()]

    @property
    def tag_names(self) -> list[str]:
        return [t.name for t in self.tags.all()]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["related"] = self.related_articles.live().public()
        return context


class FAQPage(Page):
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


class FAQItem(Orderable):
    """One question and its Markdown answer on an FAQ page."""

    page = ParentalKey("kb.FAQPage", related_name="items", on_delete=models.CASCADE)
    question = models.CharField(_("pertanyaan"), max_length=300)
    answer = models.TextField(_("jawaban (Markdown)"))
    anchor = models.SlugField(
        _("jangkar"),
        max_length=80,
        blank=True,
        help_text=_(
            "Bagian akhir tautan ke pertanyaan ini (#...). Kosongkan untuk dibuat otomatis."
        ),
    )

    panels = [FieldPanel("question"), FieldPanel("answer"), FieldPanel("anchor")]
    api_fields = [
        APIField("question"),
        APIField("answer"),
        APIField("answer_html"),
        APIField("anchor"),
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
        return render_markdown(self.answer)

    @property
    def answer_text(self) -> str:
        return markdown_to_text(self.answer)


class ArticleDailyViews(models.Model):
    """How many times an article was read on one day; feeds the "most read" list."""

    page = models.ForeignKey(
        "kb.ArticlePage", related_name="daily_views", on_delete=models.CASCADE
    )
    day = models.DateField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["page", "day"], name="kb_daily_views_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.page_id} {self.day}: {self.count}"


class FeedbackQuerySet(models.QuerySet):
    def counts_by_page(self):
        """Yes/no totals per page, for the editors' report."""
        return (
            self.values("page_id", "page__title")
            .annotate(
                yes=Count("id", filter=Q(helpful=True)),
                no=Count("id", filter=Q(helpful=False)),
                comments=Count("id", filter=~Q(comment="")),
            )
            .order_by("page__title")
        )


class ArticleFeedback(models.Model):
    """A reader's answer to "Apakah artikel ini membantu?", with an optional comment."""

    page = models.ForeignKey(
        "wagtailcore.Page",
        related_name="feedback",
        on_delete=models.CASCADE,
        verbose_name=_("halaman"),
    )
    helpful = models.BooleanField(_("membantu"))
    comment = models.TextField(
        _("komentar"), blank=True, validators=[MaxLengthValidator(1000)]
    )
    client_hash = models.CharField(max_length=64, db_index=True, editable=False)
    created_at = models.DateTimeField(_("dikirim"), default=timezone.now, db_index=True)

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("umpan balik")
        verbose_name_plural = _("umpan balik")

    def __str__(self) -> str:
        return f"{self.page_id}: {'ya' if self.helpful else 'tidak'}"
