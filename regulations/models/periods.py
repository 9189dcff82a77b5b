"""Time-limited provisions of a regulation (an incentive period, a transitional window):
dated facts of their own, shown on the regulation's timeline, which never end the
regulation itself (that is Regulation.ends_on, for a regulation that really expires)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable

from regulations import rules

PERIOD_ORDER_ERROR = _(
    "Hari terakhir %(label)s (%(ends)s) sebelum hari pertamanya (%(starts)s). "
    "Periksa kembali kedua tanggal."
)


class RegulationPeriod(Orderable):
    """One time-limited provision: what it is, its Pasal, its first and last day."""

    regulation = ParentalKey(
        "regulations.Regulation",
        related_name="periods",
        on_delete=models.CASCADE,
        verbose_name=_("peraturan"),
    )
    label = models.CharField(
        _("ketentuan"),
        max_length=200,
        help_text=_('Mis. "Masa insentif PPh Pasal 21 DTP" atau "Masa transisi".'),
    )
    provision = models.CharField(_("pasal"), max_length=200, blank=True)
    starts_on = models.DateField(
        _("hari pertama"),
        null=True,
        blank=True,
        help_text=_("Kosongkan bila belum diketahui."),
    )
    ends_on = models.DateField(
        _("hari terakhir"),
        null=True,
        blank=True,
        help_text=_(
            "Hari terakhir ketentuan ini. Peraturannya tetap berlaku sesudahnya."
        ),
    )
    note = models.CharField(_("catatan"), max_length=300, blank=True)

    panels = [
        FieldPanel("label"),
        FieldPanel("provision"),
        FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
        FieldPanel("note"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("ketentuan berjangka")
        verbose_name_plural = _("ketentuan berjangka")
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="regulations_period_ends_after_start",
                violation_error_message=_(
                    "Hari terakhir ketentuan berjangka tidak boleh sebelum hari pertamanya."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError(
                {
                    "ends_on": PERIOD_ORDER_ERROR
                    % {
                        "label": self.label,
                        "ends": self.ends_on.isoformat(),
                        "starts": self.starts_on.isoformat(),
                    }
                }
            )

    def as_rule(self) -> rules.Period:
        return rules.Period(
            label=self.label,
            starts_on=self.starts_on,
            ends_on=self.ends_on,
            provision=self.provision,
        )

    @property
    def key(self) -> tuple:
        """What an import compares: the period's own facts."""
        return (self.label, self.provision, self.starts_on, self.ends_on, self.note)
