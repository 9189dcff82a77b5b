"""Search data: analysed documents and vocabulary, editors' synonyms, and the search log."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from search.analysis import analyse, parse_terms
from search.choices import DocumentKind, TermKind


class SearchDocument(models.Model):
    """One search hit (an article, one FAQ question, a service, a regulation) as indexed.

    Rows are written only by the search backends (`update_index` and the publish signals).
    """

    key = models.CharField(max_length=80, unique=True)
    owner = models.CharField(max_length=64, db_index=True)
    kind = models.CharField(max_length=16, choices=DocumentKind.choices)
    page_id = models.PositiveIntegerField(null=True, blank=True, db_index=True)
    title = models.CharField(max_length=500)
    url = models.CharField(max_length=500)
    slug = models.CharField(max_length=255, blank=True)
    topic_id = models.PositiveIntegerField(null=True, blank=True)
    topic_ids = models.CharField(max_length=255, blank=True)
    audiences = models.CharField(max_length=255, blank=True)
    summary = models.TextField(blank=True)
    keywords_text = models.TextField(blank=True)
    body_text = models.TextField(blank=True)
    title_terms = models.TextField(blank=True)
    keyword_terms = models.TextField(blank=True)
    body_terms = models.TextField(blank=True)
    autocomplete = models.TextField(blank=True)
    boost = models.FloatField(default=1.0)
    # What the document answers about its subject (kb.choices.AnswerKind), or "".
    # A database default, so SQLite adds the column in place instead of rebuilding the
    # table (a rebuild would drop the indexes migrations 0002-0007 made by hand).
    answer_kind = models.CharField(max_length=16, blank=True, db_default="")
    # DocumentData.digest: what the search engine's copy must match (search.catchup).
    digest = models.CharField(max_length=32, blank=True, db_default="")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("dokumen indeks pencarian")
        verbose_name_plural = _("dokumen indeks pencarian")
        indexes = [
            # Covers facet counting, so it never reads the wide document rows.
            models.Index(
                fields=["kind", "topic_id", "topic_ids", "audiences", "page_id"],
                name="search_document_facets",
            )
        ]

    def __str__(self) -> str:
        return f"{self.key}: {self.title}"


class IndexTerm(models.Model):
    """How many documents hold a term (for ranking) or a word (for spelling suggestions)."""

    kind = models.CharField(max_length=1, choices=TermKind.choices)
    text = models.CharField(max_length=64)
    documents = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "text"], name="search_indexterm_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.text} ({self.documents})"


class IndexStats(models.Model):
    """Corpus totals for ranking; a single row whose version changes on every write."""

    version = models.BigIntegerField(default=0)
    documents = models.IntegerField(default=0)
    title_length = models.BigIntegerField(default=0)
    keyword_length = models.BigIntegerField(default=0)
    body_length = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("statistik indeks pencarian")

    def __str__(self) -> str:
        return f"v{self.version}: {self.documents} documents"


class SynonymQuerySet(models.QuerySet):
    def active(self) -> SynonymQuerySet:
        return self.filter(active=True)


class Synonym(index.Indexed, models.Model):
    """Words and abbreviations that mean the same to taxpayers (NPWP, nomor pokok wajib pajak)."""

    terms = models.TextField(
        _("kata dan frasa"),
        help_text=_(
            "Pisahkan dengan koma, mis. “NPWP, nomor pokok wajib pajak”. Pencarian "
            "salah satunya juga menemukan yang lain."
        ),
    )
    one_way = models.BooleanField(
        _("satu arah"),
        default=False,
        help_text=_(
            "Centang bila hanya kata pertama yang diperluas ke kata lainnya, "
            "mis. “gaji, penghasilan”: mencari gaji juga menemukan penghasilan, "
            "tetapi tidak sebaliknya."
        ),
    )
    note = models.CharField(_("catatan"), max_length=255, blank=True)
    active = models.BooleanField(_("aktif"), default=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    objects = SynonymQuerySet.as_manager()

    search_fields = [
        index.SearchField("terms"),
        index.AutocompleteField("terms"),
        index.FilterField("active"),
    ]

    class Meta:
        ordering = ["terms"]
        verbose_name = _("sinonim")
        verbose_name_plural = _("sinonim")

    def __str__(self) -> str:
        return self.terms[:80]

    @property
    def phrases(self) -> list[str]:
        return parse_terms(self.terms)

    def clean(self) -> None:
        super().clean()
        phrases = self.phrases
        if len(phrases) < 2:
            raise ValidationError(
                {
                    "terms": _(
                        "Isi paling sedikit dua kata atau frasa yang dipisahkan koma "
                        "(sekarang: “%(terms)s”)."
                    )
                    % {"terms": self.terms.strip()}
                }
            )
        empty = [phrase for phrase in phrases if not analyse(phrase)]
        if empty:
            raise ValidationError(
                {
                    "terms": _(
                        "“%(phrase)s” hanya berisi kata umum yang diabaikan pencarian; "
                        "ganti dengan kata yang lebih khusus."
                    )
                    % {"phrase": empty[0]}
                }
            )


class SearchLogQuerySet(models.QuerySet):
    def between(self, *, start: date, end: date) -> SearchLogQuerySet:
        """Searches made from `start` to `end` (dates, inclusive)."""
        return self.filter(searched_on__gte=start, searched_on__lte=end)

    def by_query(self) -> SearchLogQuerySet:
        """One row per query string with its searches, clicks and zero-result count."""
        return (
            self.values("query__query_string")
            .annotate(
                searches=Count("id", distinct=True),
                clicked=Count("id", filter=Q(clicks__isnull=False), distinct=True),
                zero=Count("id", filter=Q(results=0), distinct=True),
            )
            .order_by("-searches", "query__query_string")
        )

    def zero_results(self) -> SearchLogQuerySet:
        """Queries that found nothing, most frequent first."""
        return self.filter(results=0).by_query()

    def without_click(self) -> SearchLogQuerySet:
        """Queries with results that nobody clicked, most frequent first."""
        return (
            self.filter(results__gt=0, page_number=1)
            .by_query()
            .filter(clicked=0)
            .order_by("-searches", "query__query_string")
        )


class SearchLog(models.Model):
    """One search served to a visitor (no personal data); clicks refer to it."""

    query = models.ForeignKey(
        "wagtailsearchpromotions.Query",
        related_name="search_logs",
        on_delete=models.CASCADE,
    )
    searched_at = models.DateTimeField(default=timezone.now)
    searched_on = models.DateField(default=timezone.localdate, db_index=True)
    results = models.PositiveIntegerField(default=0)
    page_number = models.PositiveIntegerField(default=1)
    backend = models.CharField(max_length=32, blank=True)
    suggestion = models.CharField(max_length=255, blank=True)
    filters = models.CharField(max_length=255, blank=True)
    # Page ids of the results on the first page, in order ("12,45,0,7"; 0 for a result
    # that is not a page): what the visitor saw, so clicks can be weighed against
    # their position (search.learning).
    shown = models.CharField(max_length=200, blank=True, default="")

    objects = SearchLogQuerySet.as_manager()

    class Meta:
        ordering = ["-searched_at"]
        verbose_name = _("log pencarian")
        verbose_name_plural = _("log pencarian")

    def __str__(self) -> str:
        return f"{self.query_id} @ {self.searched_at:%Y-%m-%d %H:%M}"


class SearchClickQuerySet(models.QuerySet):
    def by_position(self) -> SearchClickQuerySet:
        """Clicks per result position (1 = first result)."""
        return self.values("position").annotate(clicks=Count("id")).order_by("position")


class SearchClick(models.Model):
    """A visitor opened the result at `position` (1-based, across pages) of a search."""

    search = models.ForeignKey(
        SearchLog, related_name="clicks", on_delete=models.CASCADE
    )
    position = models.PositiveIntegerField()
    url = models.CharField(max_length=500)
    clicked_at = models.DateTimeField(default=timezone.now)

    objects = SearchClickQuerySet.as_manager()

    class Meta:
        ordering = ["-clicked_at"]
        verbose_name = _("klik hasil pencarian")
        verbose_name_plural = _("klik hasil pencarian")
        constraints = [
            models.UniqueConstraint(
                fields=["search", "position"], name="search_click_once_per_position"
            )
        ]

    def __str__(self) -> str:
        return f"{self.search_id}#{self.position}"


class LearnedSignalQuerySet(models.QuerySet):
    def for_query(self, query_string: str, page_ids) -> LearnedSignalQuerySet:
        """Signals for this (normalised) query and the page priors, for these pages."""
        return self.filter(query_string__in=[query_string, ""], page_id__in=page_ids)


class LearnedSignal(models.Model):
    """What readers taught the ranking: a factor for one page on one query (from result
    clicks weighed against their position), or for one page on every query
    (query_string "", from "Apakah halaman ini membantu?" answers). Rebuilt daily
    from the logs by search.learning; editors see and reset them in the admin."""

    query_string = models.CharField(_("kata kunci"), max_length=255, blank=True)
    page = models.ForeignKey(
        "wagtailcore.Page",
        related_name="+",
        on_delete=models.CASCADE,
        verbose_name=_("halaman"),
    )
    factor = models.FloatField(_("pengali peringkat"))
    evidence = models.FloatField(
        _("bukti"),
        help_text=_(
            "Tampilan (atau jawaban umpan balik) yang dihitung, sudah diluruhkan."
        ),
    )
    clicks = models.FloatField(_("klik"), default=0.0)
    expected = models.FloatField(_("klik yang diharapkan"), default=0.0)
    changes_top = models.BooleanField(
        _("mengubah hasil teratas"),
        default=False,
        help_text=_("Tanpa sinyal ini, hasil pertama untuk kata kunci ini berbeda."),
    )
    refreshed_at = models.DateTimeField(_("diperbarui"), default=timezone.now)

    objects = LearnedSignalQuerySet.as_manager()

    class Meta:
        ordering = ["query_string", "-factor"]
        verbose_name = _("sinyal dari pembaca")
        verbose_name_plural = _("sinyal dari pembaca")
        constraints = [
            models.UniqueConstraint(
                fields=["query_string", "page"], name="search_learned_signal_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.query_string or '*'} → {self.page_id}: x{self.factor:.2f}"


class LearningReset(models.Model):
    """An editor's reset: logs before `reset_at` no longer teach anything, for one
    query or (query_string "") for every query."""

    query_string = models.CharField(_("kata kunci"), max_length=255, blank=True)
    reset_at = models.DateTimeField(_("diatur ulang"), default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
        verbose_name=_("oleh"),
    )

    class Meta:
        verbose_name = _("atur ulang sinyal pembaca")
        verbose_name_plural = _("atur ulang sinyal pembaca")

    def __str__(self) -> str:
        return f"{self.query_string or '*'} @ {self.reset_at:%Y-%m-%d}"
