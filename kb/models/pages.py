"""The knowledge-base pages: home, topic index and article pages, with the article
querysets, tags and the Markdown rendering they share."""

from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from kb.choices import AnswerKind
from kb.fields import MARKDOWN_MAX_CHARS, MarkdownLengthValidator
from kb.i18n import TranslationFallbackMixin, in_active_language, source_page
from kb.linking import render_linked_markdown
from kb.markdown import markdown_to_text
from kb.models.faq import FAQPage
from kb.models.feedback import FeedbackPageMixin
from kb.routes import home_child_slug_error


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
        """The body with regulation citations linked, badged as at `citation_date`."""
        return render_linked_markdown(self.body, on=self.citation_date)

    @property
    def citation_date(self) -> date:
        """The day cited regulations are shown as at: the last review, else today."""
        return getattr(self, "reviewed_on", None) or timezone.localdate()

    def citation_texts(self) -> list[str]:
        """Texts scanned for regulation citations when the page is published."""
        return [getattr(self, "summary", ""), self.body]

    @cached_property
    def body_text(self) -> str:
        return markdown_to_text(self.body)


class HomePage(TranslationFallbackMixin, Page):
    """The TKB home: search box, topics, recently updated and most-read articles."""

    intro = models.TextField(
        _("pengantar"), blank=True, validators=[MaxLengthValidator(600)]
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["kb.TopicIndexPage", "catalogue.ServiceIndexPage"]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1
    template = "kb/home_page.html"

    class Meta:
        verbose_name = _("beranda TKB")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        home = source_page(self)  # the English home lists the Indonesian tree's pages
        context["topics"] = in_active_language(
            TopicIndexPage.objects.child_of(home).live().public().order_by("path")
        )
        context["recent_articles"] = in_active_language(
            ArticlePage.objects.descendant_of(home).recently_updated()
        )
        context["popular_articles"] = in_active_language(
            ArticlePage.objects.descendant_of(home).most_read()
        )
        return context


class HomeChildPageForm(WagtailAdminPageForm):
    """Refuses on the slug field, for a new page directly under the home page, a slug
    the site's own routes answer (existing pages: HomeChildSlugMixin.clean)."""

    def clean(self):
        cleaned_data = super().clean()
        slug = cleaned_data.get("slug")
        parent = self.parent_page
        if (
            slug
            and not self.instance.path
            and parent is not None
            and issubclass(parent.specific_class, HomePage)
        ):
            error = home_child_slug_error(slug=slug, page_class=type(self.instance))
            if error:
                self.add_error("slug", error)
        return cleaned_data


class HomeChildSlugMixin:
    """For page types that may sit directly under the home page: there, a slug the
    site's own routes use (cari, peraturan, api …) is refused."""

    base_form_class = HomeChildPageForm

    def clean(self):
        super().clean()
        parent = self.get_parent()
        if parent is not None and issubclass(parent.specific_class, HomePage):
            error = home_child_slug_error(slug=self.slug, page_class=type(self))
            if error:
                raise ValidationError({"slug": error})


class TopicIndexPage(TranslationFallbackMixin, HomeChildSlugMixin, Page):
    """A topic (NPWP, SPT, PPh …) holding sub-topics, articles and FAQ pages."""

    intro = models.TextField(
        _("pengantar"), blank=True, validators=[MaxLengthValidator(600)]
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["kb.HomePage", "kb.TopicIndexPage"]
    subpage_types = ["kb.TopicIndexPage", "kb.ArticlePage", "kb.FAQPage"]
    template = "kb/topic_index_page.html"
    ARTICLES_PER_PAGE = 30

    class Meta:
        verbose_name = _("topik")
        verbose_name_plural = _("topik")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        topic = source_page(self)
        context["subtopics"] = in_active_language(
            TopicIndexPage.objects.child_of(topic).live().public().order_by("title")
        )
        articles = (
            ArticlePage.objects.child_of(topic)
            .live()
            .public()
            .defer_streamfields()
            .prefetch_related("audiences")
            .order_by("title")
        )
        context["articles_page"] = Paginator(articles, self.ARTICLES_PER_PAGE).get_page(
            request.GET.get("page")
        )
        context["articles"] = in_active_language(
            context["articles_page"], prefetch=["audiences"]
        )
        context["faq_pages"] = in_active_language(
            FAQPage.objects.child_of(topic).live().public().order_by("title")
        )
        return context


class ArticlePage(FeedbackPageMixin, MarkdownPageMixin, Page):
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
        validators=[MarkdownLengthValidator(MARKDOWN_MAX_CHARS)],
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
    answer_kind = models.CharField(
        _("jenis jawaban"),
        max_length=16,
        choices=AnswerKind.choices,
        blank=True,
        help_text=_(
            "Apa yang dijawab artikel ini tentang topiknya. Kosongkan agar ditentukan "
            "dari judul dan ringkasannya; pencarian mengutamakan artikel yang jenisnya "
            'cocok dengan pertanyaan (mis. "itu apa" → pengertian).'
        ),
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
                FieldPanel("answer_kind"),
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
        APIField("answer_kind"),
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
        context["related"] = in_active_language(self.related_articles.live().public())
        return context

    def front_cache_dependents(self) -> list[Page]:
        """Live articles that list this one as related (frontcache purges them too)."""
        return list(ArticlePage.objects.live().filter(related_articles=self))
