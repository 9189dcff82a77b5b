"""The pipeline of regulation changes: planned and draft regulations (rancangan), the
services waiting on each, and who follows them. A draft becomes the registered
regulation when it is enacted (regulations.actions.draft_enact), without retyping.
Pages are referred to as wagtailcore.Page, so the registry never depends on the
catalogue."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    PageChooserPanel,
)
from wagtail.models import Orderable

from regulations.choices import DRAFT_STAGE_GROUPS, DraftStage, RegulationType

EXPECTED_ORDER_ERROR = _(
    "Perkiraan mulai berlaku (%(effective)s) sebelum perkiraan ditetapkan (%(signed)s). "
    "Periksa kembali kedua tanggal."
)


class RegulationDraftQuerySet(models.QuerySet):
    def open(self) -> RegulationDraftQuerySet:
        """Drafts not yet enacted as a registered regulation."""
        return self.filter(regulation__isnull=True)


class RegulationDraft(ClusterableModel):
    """A regulation the legal team plans or drafts (rancangan): its stage, expected
    dates, owner and the services waiting on it."""

    type = models.CharField(_("jenis"), max_length=8, choices=RegulationType.choices)
    title = models.CharField(
        _("judul rancangan"),
        max_length=500,
        help_text=_('Judul setelah kata "tentang".'),
    )
    stage = models.CharField(
        _("tahap"),
        max_length=16,
        choices=DraftStage.choices,
        default=DraftStage.PROPOSED,
    )
    expected_signed_on = models.DateField(
        _("perkiraan ditetapkan"), null=True, blank=True
    )
    expected_on = models.DateField(
        _("perkiraan mulai berlaku"),
        null=True,
        blank=True,
        help_text=_(
            "Dipakai gerbang otomasi sebagai perkiraan tanggal layanan yang menunggu "
            "rancangan ini dapat dialihkan. Kosongkan bila belum ada perkiraan."
        ),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        related_name="regulation_drafts",
        on_delete=models.SET_NULL,
        verbose_name=_("penanggung jawab"),
    )
    owner_unit = models.CharField(
        _("unit penanggung jawab"), max_length=200, blank=True
    )
    note = models.TextField(_("catatan"), blank=True)
    regulation = models.OneToOneField(
        "regulations.Regulation",
        null=True,
        blank=True,
        related_name="draft",
        on_delete=models.SET_NULL,
        verbose_name=_("peraturan yang ditetapkan"),
        help_text=_("Diisi ketika rancangan ditetapkan (tombol Tetapkan)."),
    )
    illustrative = models.BooleanField(
        _("rancangan ilustratif"),
        default=False,
        help_text=_("Rancangan rekaan untuk demo, bukan rancangan resmi."),
    )
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    objects = RegulationDraftQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("type"), FieldPanel("stage")]),
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("expected_signed_on"), FieldPanel("expected_on")]),
        FieldRowPanel([FieldPanel("owner"), FieldPanel("owner_unit")]),
        InlinePanel(
            "waiting_services",
            heading=_("Layanan yang menunggu rancangan ini"),
            label=_("layanan"),
        ),
        FieldPanel("note"),
        FieldPanel("illustrative"),
    ]

    class Meta:
        ordering = ["expected_on", "type", "title"]
        verbose_name = _("rancangan peraturan")
        verbose_name_plural = _("rancangan peraturan")
        constraints = [
            models.CheckConstraint(
                condition=Q(expected_on__isnull=True)
                | Q(expected_signed_on__isnull=True)
                | Q(expected_on__gte=models.F("expected_signed_on")),
                name="regulations_draft_effective_after_signed",
                violation_error_message=_(
                    "Perkiraan mulai berlaku tidak boleh sebelum perkiraan ditetapkan."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """ "Rancangan PMK tentang …", or the enacted regulation's citation."""
        if self.regulation_id:
            return self.regulation.short_citation
        kind = "Perppu" if self.type == RegulationType.PERPPU else self.type
        return _("Rancangan %(type)s tentang %(title)s") % {
            "type": kind,
            "title": self.title,
        }

    @property
    def stage_group(self) -> str:
        return DRAFT_STAGE_GROUPS[DraftStage(self.stage)]

    def clean(self) -> None:
        super().clean()
        if (
            self.expected_on
            and self.expected_signed_on
            and self.expected_on < self.expected_signed_on
        ):
            raise ValidationError(
                {
                    "expected_on": EXPECTED_ORDER_ERROR
                    % {
                        "effective": self.expected_on.isoformat(),
                        "signed": self.expected_signed_on.isoformat(),
                    }
                }
            )


class RegulationDraftService(Orderable):
    """A service (a catalogue page) waiting for the draft to be in force."""

    draft = ParentalKey(
        "regulations.RegulationDraft",
        related_name="waiting_services",
        on_delete=models.CASCADE,
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        related_name="waiting_for_drafts",
        on_delete=models.CASCADE,
        verbose_name=_("layanan"),
    )
    provision = models.CharField(
        _("pasal"),
        max_length=200,
        blank=True,
        help_text=_("Pasal rancangan yang ditunggu layanan, bila sudah diketahui."),
    )

    panels = [
        PageChooserPanel("page", page_type="catalogue.ServicePage"),
        FieldPanel("provision"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("layanan yang menunggu")
        verbose_name_plural = _("layanan yang menunggu")
        constraints = [
            models.UniqueConstraint(
                fields=["draft", "page"], name="regulations_unique_draft_service"
            )
        ]

    def __str__(self) -> str:
        return f"{self.draft_id} ← {self.page_id}"


class RegulationDraftFollow(models.Model):
    """A user who wants to hear when a draft, or the drafts a service waits on, move."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        related_name="draft_follows",
        on_delete=models.CASCADE,
    )
    draft = models.ForeignKey(
        "regulations.RegulationDraft",
        null=True,
        blank=True,
        related_name="followers",
        on_delete=models.CASCADE,
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        related_name="draft_followers",
        on_delete=models.CASCADE,
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(draft__isnull=True, page__isnull=False)
                | Q(draft__isnull=False, page__isnull=True),
                name="regulations_draft_follow_one_target",
            ),
            models.UniqueConstraint(
                fields=["user", "draft"],
                condition=Q(draft__isnull=False),
                name="regulations_unique_draft_follow",
            ),
            models.UniqueConstraint(
                fields=["user", "page"],
                condition=Q(page__isnull=False),
                name="regulations_unique_service_follow",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.draft_id or self.page_id}"
