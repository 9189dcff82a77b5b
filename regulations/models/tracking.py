"""Which pages depend on which regulations, the review flags raised when those change,
the people who follow a regulation, and the notifications users get. Pages are
referred to as wagtailcore.Page so the registry never depends on the knowledge base."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regulations.choices import NotificationKind
from regulations.models.querysets import (
    RegulationNotificationQuerySet,
    ReviewFlagQuerySet,
)


class LinkSource(models.TextChoices):
    CITATION = "citation", _("dikutip dalam teks")
    LEGAL_BASIS = "legal_basis", _("dasar hukum layanan")


class PageRegulationLink(models.Model):
    """A page that cites or depends on a regulation (kept in sync when the page is published)."""

    page = models.ForeignKey(
        "wagtailcore.Page", related_name="regulation_links", on_delete=models.CASCADE
    )
    regulation = models.ForeignKey(
        "regulations.Regulation", related_name="page_links", on_delete=models.CASCADE
    )
    source = models.CharField(
        max_length=16, choices=LinkSource.choices, default=LinkSource.CITATION
    )
    provision = models.CharField(_("pasal"), max_length=200, blank=True)
    cited_text = models.CharField(_("teks kutipan"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("kutipan peraturan")
        verbose_name_plural = _("kutipan peraturan")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "regulation", "source", "provision"],
                name="regulations_unique_page_link",
            )
        ]

    def __str__(self) -> str:
        return f"{self.page_id} → {self.regulation_id}"


class UnregisteredCitation(models.Model):
    """A citation found in published content whose regulation is not in the registry yet."""

    page = models.ForeignKey(
        "wagtailcore.Page",
        related_name="unregistered_citations",
        on_delete=models.CASCADE,
    )
    type = models.CharField(_("jenis"), max_length=8)
    number = models.PositiveIntegerField(_("nomor"))
    year = models.PositiveSmallIntegerField(_("tahun"))
    cited_text = models.CharField(_("teks kutipan"), max_length=300)

    class Meta:
        verbose_name = _("kutipan belum terdaftar")
        verbose_name_plural = _("dikutip tetapi belum terdaftar")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "type", "number", "year"],
                name="regulations_unique_unregistered",
            )
        ]

    def __str__(self) -> str:
        return self.cited_text


class ReviewFlag(models.Model):
    """ "Perlu ditinjau": a page depends on a regulation that was amended, revoked or expired."""

    page = models.ForeignKey(
        "wagtailcore.Page", related_name="review_flags", on_delete=models.CASCADE
    )
    regulation = models.ForeignKey(
        "regulations.Regulation", related_name="review_flags", on_delete=models.CASCADE
    )
    relation = models.ForeignKey(
        "regulations.RegulationRelation",
        null=True,
        blank=True,
        related_name="review_flags",
        on_delete=models.CASCADE,
    )
    event = models.CharField(_("peristiwa"), max_length=32)
    event_on = models.DateField(_("tanggal peristiwa"))
    reason = models.TextField(_("alasan"))
    raised_at = models.DateTimeField(_("ditandai"), default=timezone.now)
    resolved_at = models.DateTimeField(_("ditinjau"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
    )

    objects = ReviewFlagQuerySet.as_manager()

    class Meta:
        ordering = ["-event_on", "-raised_at"]
        verbose_name = _("perlu ditinjau")
        verbose_name_plural = _("perlu ditinjau")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "regulation", "event", "event_on"],
                name="regulations_unique_flag",
            )
        ]

    def __str__(self) -> str:
        return self.reason


class RegulationFollow(models.Model):
    """A user who wants to hear when a regulation changes."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        related_name="regulation_follows",
        on_delete=models.CASCADE,
    )
    regulation = models.ForeignKey(
        "regulations.Regulation", related_name="followers", on_delete=models.CASCADE
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "regulation"], name="regulations_unique_follow"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.regulation_id}"


class RegulationNotification(models.Model):
    """One message to one user about one event: a followed regulation changed, a
    service's legal basis lapsed or a scheduled switch was blocked (listed, e-mailed)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        related_name="regulation_notifications",
        on_delete=models.CASCADE,
    )
    kind = models.CharField(
        max_length=20,
        choices=NotificationKind.choices,
        default=NotificationKind.REGULATION_CHANGED,
    )
    regulation = models.ForeignKey(
        "regulations.Regulation",
        null=True,
        blank=True,
        related_name="notifications",
        on_delete=models.CASCADE,
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.CASCADE,
    )
    event = models.CharField(max_length=32)
    event_on = models.DateField()
    message = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    emailed_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = RegulationNotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "regulation", "event", "event_on"],
                name="regulations_unique_notification",
            ),
            # NULLs are distinct in a unique index: events without a regulation (a
            # blocked switch) need their own.
            models.UniqueConstraint(
                fields=["user", "event", "event_on"],
                condition=models.Q(regulation__isnull=True),
                name="regulations_unique_notification_without_regulation",
            ),
        ]

    def __str__(self) -> str:
        return self.message
