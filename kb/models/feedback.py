"""What readers leave behind: daily article view counts and "was this helpful?" feedback."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FeedbackPageMixin:
    """Page types readers may answer "Apakah halaman ini membantu?" on
    (kb.views.feedback): articles, FAQ pages, service pages."""

    accepts_feedback = True

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Set by kb.views.feedback before redirecting a no-JavaScript form back here;
        # popped so it is shown exactly once. Read only for readers who have a
        # session, so the page of everyone else stays shareable by the front cache.
        session = getattr(request, "session", None)
        has_session = settings.SESSION_COOKIE_NAME in request.COOKIES
        context["feedback_message"] = (
            session.pop("kb_feedback_message", "")
            if session is not None and has_session
            else ""
        )
        return context


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
    day = models.DateField(_("tanggal"), default=timezone.localdate, editable=False)

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("umpan balik")
        verbose_name_plural = _("umpan balik")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "client_hash", "day"],
                name="kb_feedback_one_per_visitor_page_day",
            )
        ]

    def __str__(self) -> str:
        return f"{self.page_id}: {'ya' if self.helpful else 'tidak'}"
