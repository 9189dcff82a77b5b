"""The regulation registry: regulations and their typed relations (the queries over them
are in regulations.models.querysets)."""

from __future__ import annotations

from datetime import date

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    RevisionMixin,
    WorkflowMixin,
)
from wagtail.search import index

from regulations import rules
from regulations.choices import (
    CHAIN_RELATIONS,
    RegulationStatus,
    RegulationType,
    RelationType,
)
from regulations.models.querysets import RegulationQuerySet

# Regulation kinds numbered "<prefix>-<n>/<unit>/<year>" by DJP.
DIRJEN_TYPES = {
    RegulationType.PER,
    RegulationType.KEP,
    RegulationType.SE,
    RegulationType.ND,
}


class RegulationSubject(TaggedItemBase):
    content_object = ParentalKey(
        "regulations.Regulation",
        related_name="tagged_subjects",
        on_delete=models.CASCADE,
    )


class Regulation(
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    index.Indexed,
    ClusterableModel,
):
    """A law or rule in the registry (UU … ND); its status is always derived from dates and relations."""

    type = models.CharField(_("jenis"), max_length=8, choices=RegulationType.choices)
    number = models.PositiveIntegerField(_("nomor"))
    year = models.PositiveSmallIntegerField(_("tahun"))
    unit = models.CharField(
        _("kode unit"),
        max_length=20,
        blank=True,
        help_text=_(
            "Kode unit dalam nomor, mis. PMK.03 atau PJ.09. Kosongkan bila tidak ada."
        ),
    )
    title = models.CharField(
        _("judul"), max_length=500, help_text=_('Judul setelah kata "tentang".')
    )
    subjects = ClusterTaggableManager(
        through="regulations.RegulationSubject", blank=True, verbose_name=_("subjek")
    )
    signed_on = models.DateField(_("tanggal ditetapkan"), null=True, blank=True)
    promulgated_on = models.DateField(_("tanggal diundangkan"), null=True, blank=True)
    effective_on = models.DateField(
        _("tanggal mulai berlaku"),
        null=True,
        blank=True,
        help_text=_(
            'Kosongkan bila belum diketahui; statusnya menjadi "tanggal berlaku belum '
            'tercatat", bukan "belum berlaku".'
        ),
    )
    ends_on = models.DateField(
        _("berlaku sampai"),
        null=True,
        blank=True,
        help_text=_(
            "Hanya untuk peraturan yang memang berakhir sendiri. Akhir masa insentif atau "
            "masa transisi dicatat sebagai ketentuan berjangka, bukan di sini."
        ),
    )
    publication = models.CharField(
        _("tempat pengundangan"),
        max_length=200,
        blank=True,
        help_text=_(
            'Lembaran Negara/Berita Negara, mis. "LN 2021 No. 246, TLN No. 6736". '
            "Kosongkan bila tidak diundangkan (mis. SE) atau belum diketahui."
        ),
    )
    source_url = models.URLField(_("tautan sumber"), blank=True)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("dokumen PDF"),
    )
    abstract = models.TextField(_("abstrak"), blank=True)
    verification_note = models.TextField(
        _("catatan verifikasi"),
        blank=True,
        help_text=_(
            "Apa yang diperiksa, di mana, dan fakta yang belum dapat dipastikan dari "
            'sumber resmi. Tulis "Terverifikasi" hanya untuk yang dicek pada naskah '
            "resmi."
        ),
    )
    facts_verified = models.BooleanField(
        _("semua fakta terverifikasi"),
        default=False,
        help_text=_(
            "Centang hanya bila nomor, judul, tanggal dan hubungan sudah dicek pada naskah "
            "resmi (JDIH, peraturan.bpk.go.id, peraturan.go.id, pajak.go.id). Yang tidak "
            "dicentang tampil di laporan Fakta belum terverifikasi."
        ),
    )
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    objects = RegulationQuerySet.as_manager()

    panels = [
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("type"),
                        FieldPanel("number"),
                        FieldPanel("year"),
                        FieldPanel("unit"),
                    ]
                )
            ],
            heading=_("Nomor"),
        ),
        FieldPanel("title"),
        FieldPanel("subjects"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("signed_on"), FieldPanel("promulgated_on")]),
                FieldRowPanel([FieldPanel("effective_on"), FieldPanel("ends_on")]),
                FieldPanel("publication"),
            ],
            heading=_("Tanggal"),
        ),
        InlinePanel(
            "relations",
            heading=_("Hubungan dengan peraturan lain"),
            label=_("hubungan"),
        ),
        InlinePanel(
            "periods",
            heading=_("Ketentuan berjangka (masa insentif, masa transisi)"),
            label=_("ketentuan berjangka"),
        ),
        FieldPanel("abstract"),
        FieldPanel("source_url"),
        FieldPanel("document"),
        FieldPanel("verification_note"),
        FieldPanel("facts_verified"),
    ]
    search_fields = [
        index.SearchField("title", boost=2),
        index.SearchField("short_citation", boost=3),
        index.SearchField("abstract"),
        index.AutocompleteField("title"),
        index.AutocompleteField("short_citation"),
        index.FilterField("type"),
        index.FilterField("year"),
        index.FilterField("number"),
        index.FilterField("live"),
    ]

    class Meta:
        ordering = ["-year", "type", "number"]
        verbose_name = _("peraturan")
        verbose_name_plural = _("peraturan")
        constraints = [
            models.UniqueConstraint(
                fields=["type", "number", "year"],
                name="regulations_unique_citation",
                violation_error_message=_(
                    "Peraturan dengan jenis, nomor dan tahun ini sudah terdaftar."
                ),
            ),
            models.CheckConstraint(
                condition=Q(effective_on__isnull=True)
                | Q(signed_on__isnull=True)
                | Q(effective_on__gte=models.F("signed_on")),
                name="regulations_effective_after_signed",
                violation_error_message=_(
                    "Tanggal mulai berlaku tidak boleh sebelum tanggal ditetapkan."
                ),
            ),
            models.CheckConstraint(
                condition=Q(promulgated_on__isnull=True)
                | Q(signed_on__isnull=True)
                | Q(promulgated_on__gte=models.F("signed_on")),
                name="regulations_promulgated_after_signed",
                violation_error_message=_(
                    "Tanggal diundangkan tidak boleh sebelum tanggal ditetapkan."
                ),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(effective_on__isnull=True)
                | Q(ends_on__gte=models.F("effective_on")),
                name="regulations_ends_after_effective",
                violation_error_message=_(
                    "Tanggal akhir berlaku tidak boleh sebelum tanggal mulai berlaku."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.short_citation

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.signed_on and self.effective_on and self.effective_on < self.signed_on:
            errors["effective_on"] = _(
                "Tanggal mulai berlaku (%(effective)s) sebelum tanggal ditetapkan (%(signed)s). "
                "Periksa kembali kedua tanggal."
            ) % {
                "effective": self.effective_on.isoformat(),
                "signed": self.signed_on.isoformat(),
            }
        if (
            self.signed_on
            and self.promulgated_on
            and self.promulgated_on < self.signed_on
        ):
            errors["promulgated_on"] = _(
                "Tanggal diundangkan (%(promulgated)s) sebelum tanggal ditetapkan (%(signed)s)."
            ) % {
                "promulgated": self.promulgated_on.isoformat(),
                "signed": self.signed_on.isoformat(),
            }
        if self.ends_on and self.effective_on and self.ends_on < self.effective_on:
            errors["ends_on"] = _(
                "Tanggal akhir berlaku (%(ends)s) sebelum tanggal mulai berlaku (%(effective)s)."
            ) % {
                "ends": self.ends_on.isoformat(),
                "effective": self.effective_on.isoformat(),
            }
        if (
            self.type
            and self.number
            and self.year
            and Regulation.objects.filter(
                type=self.type, number=self.number, year=self.year
            )
            .exclude(pk=self.pk)
            .exists()
        ):
            errors["number"] = _(
                "%(citation)s sudah terdaftar. Buka peraturan yang ada untuk mengubahnya."
            ) % {"citation": self.short_citation}
        if errors:
            raise ValidationError(errors)

    # Citations ---------------------------------------------------------------
    @property
    def key(self) -> tuple[str, int, int]:
        return (self.type, self.number, self.year)

    @property
    @admin.display(description=_("Nomor peraturan"))  # the admin listing's column
    def short_citation(self) -> str:
        """How people write it: "PMK 23/PMK.03/2020", "PER-04/PJ/2020", "UU 7/2021"."""
        if self.type in DIRJEN_TYPES:
            return f"{self.type}-{self.number:02d}/{self.unit or 'PJ'}/{self.year}"
        label = "Perppu" if self.type == RegulationType.PERPPU else self.type
        if self.type == RegulationType.PERPRES:
            label = "Perpres"
        if self.unit:
            return f"{label} {self.number}/{self.unit}/{self.year}"
        return f"{label} {self.number}/{self.year}"

    @property
    def long_citation(self) -> str:
        """The formal name: "Peraturan Menteri Keuangan Nomor 23/PMK.03/2020"."""
        label = RegulationType(self.type).label
        if self.type in DIRJEN_TYPES:
            return f"{label} Nomor {self.short_citation}"
        if self.unit:
            return f"{label} Nomor {self.number}/{self.unit}/{self.year}"
        return f"{label} Nomor {self.number} Tahun {self.year}"

    def get_absolute_url(self) -> str:
        return reverse(
            "regulations:detail",
            kwargs={
                "kind": self.type.lower(),
                "year": self.year,
                "number": self.number,
            },
        )

    # Status ------------------------------------------------------------------
    def live_incoming(self) -> list[RegulationRelation]:
        """Relations aimed at this regulation by published regulations (prefetch-friendly)."""
        return [r for r in self.incoming_relations.all() if r.source.live]

    def facts(self) -> rules.StatusFacts:
        """The dates and arrived-or-scheduled relations that decide this regulation's status.

        Uses prefetched `incoming_relations` when present (see RegulationQuerySet.with_facts).
        """
        return rules.StatusFacts(
            effective_on=self.effective_on,
            ends_on=self.ends_on,
            incoming=tuple(
                rules.Incoming(
                    kind=r.type,
                    by=r.source.short_citation,
                    effective_on=r.effective_date,
                    provision=r.provision,
                    link=r.source.get_absolute_url(),
                )
                for r in self.live_incoming()
            ),
        )

    def timeline(self, *, on: date) -> list[rules.Event]:
        """Past and scheduled events as at `on` (see rules.timeline); needs with_relations()."""
        return rules.timeline(
            signed_on=self.signed_on,
            promulgated_on=self.promulgated_on,
            effective_on=self.effective_on,
            ends_on=self.ends_on,
            incoming=self.facts().incoming,
            periods=[period.as_rule() for period in self.periods.all()],
            outgoing=[
                rules.Outgoing(
                    kind=r.type,
                    to=r.target.short_citation,
                    effective_on=r.effective_date,
                    provision=r.provision,
                    link=r.target.get_absolute_url() if r.target.live else "",
                )
                for r in self.relations.all()
            ],
            on=on,
        )

    def chain_phrase_on(self, *, on: date) -> str:
        """ "… sebagaimana telah beberapa kali diubah terakhir dengan …" as the texts cite it on `on`."""
        long_names = {
            r.source.short_citation: r.source.long_citation
            for r in self.live_incoming()
        }
        amendments = rules.amendments_on(self.facts(), on=on)
        return rules.chain_phrase(
            citation=self.long_citation,
            amendments=[long_names[item.by] for item in amendments],
        )

    def incoming_groups(self) -> list[tuple[str, list[RegulationRelation]]]:
        """Incoming relations grouped under "Diubah dengan", "Dicabut dengan" …, oldest first."""
        return _grouped(self.live_incoming(), rules.incoming_label)

    def outgoing_groups(self) -> list[tuple[str, list[RegulationRelation]]]:
        """Outgoing relations grouped under "Mengubah", "Mencabut", "Dasar hukum" …"""
        return _grouped(list(self.relations.all()), rules.outgoing_label)

    def status_on(self, *, on: date) -> RegulationStatus:
        return rules.status_on(self.facts(), on=on)

    def status_reason(self, *, on: date) -> rules.StatusReason:
        """The status on `on`, since when and brought by which relation (for badges)."""
        return rules.status_reason(self.facts(), on=on)

    def is_in_force(self, *, on: date) -> bool:
        return rules.is_in_force(self.facts(), on=on)


def _grouped(
    relations: list[RegulationRelation], label
) -> list[tuple[str, list[RegulationRelation]]]:
    order = list(RelationType)
    groups: dict[str, list[RegulationRelation]] = {}
    for relation in sorted(
        relations,
        key=lambda r: (order.index(r.type), r.effective_date or date.max, r.pk or 0),
    ):
        groups.setdefault(relation.type, []).append(relation)
    return [(label(kind), items) for kind, items in groups.items()]


class RegulationRelation(Orderable):
    """One regulation acting on another (amends, revokes …), from its own effective date."""

    source = ParentalKey(
        "regulations.Regulation",
        related_name="relations",
        on_delete=models.CASCADE,
        verbose_name=_("peraturan"),
    )
    type = models.CharField(_("hubungan"), max_length=16, choices=RelationType.choices)
    target = models.ForeignKey(
        "regulations.Regulation",
        related_name="incoming_relations",
        on_delete=models.PROTECT,
        verbose_name=_("peraturan yang dituju"),
    )
    provision = models.CharField(
        _("pasal"),
        max_length=200,
        blank=True,
        help_text=_(
            'Pasal yang dituju, mis. "Pasal 5 ayat (1) huruf b". Wajib untuk pencabutan sebagian.'
        ),
    )
    effective_on = models.DateField(
        _("berlaku sejak"),
        null=True,
        blank=True,
        help_text=_("Kosongkan bila sama dengan tanggal mulai berlaku peraturan ini."),
    )
    note = models.CharField(_("catatan"), max_length=300, blank=True)

    panels = [
        FieldPanel("type"),
        FieldPanel("target"),
        FieldPanel("provision"),
        FieldPanel("effective_on"),
        FieldPanel("note"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("hubungan peraturan")
        verbose_name_plural = _("hubungan peraturan")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "type", "target", "provision"],
                name="regulations_unique_relation",
            ),
            models.CheckConstraint(
                condition=~Q(source=models.F("target")),
                name="regulations_relation_not_self",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.get_type_display()} {self.target}"

    @property
    def effective_date(self) -> date | None:
        """The relation's own date, else the acting regulation's date of entry into force."""
        source = getattr(self, "source", None)
        return self.effective_on or (source.effective_on if source else None)

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        # An admin inline form only gets its parent once the form sets it (see
        # regulations.forms.RegulationAdminForm); without one, skip the parent's checks.
        source = getattr(self, "source", None) or Regulation()
        target = getattr(self, "target", None)
        if target is None:
            return
        if source.pk and source.pk == target.pk:
            errors["target"] = _(
                "%(citation)s tidak dapat %(relation)s dirinya sendiri. Pilih peraturan lain."
            ) % {"citation": source.short_citation, "relation": self.get_type_display()}
        if self.type == RelationType.REVOKES_PART and not self.provision.strip():
            errors["provision"] = _(
                'Sebutkan Pasal yang dicabut, mis. "Pasal 5 ayat (1) huruf b".'
            )
        when = self.effective_date
        if (
            self.type
            in {RelationType.REVOKES, RelationType.REVOKES_PART, RelationType.REPLACES}
            and when
            and target.effective_on
            and when < target.effective_on
        ):
            errors["effective_on"] = _(
                "Pencabutan berlaku %(when)s, sebelum %(target)s mulai berlaku (%(start)s). "
                "Periksa tanggal berlaku hubungan ini."
            ) % {
                "when": when.isoformat(),
                "target": target.short_citation,
                "start": target.effective_on.isoformat(),
            }
        if (
            not errors
            and source.pk
            and RegulationRelation.objects.filter(
                source_id=source.pk,
                type=self.type,
                target_id=target.pk,
                provision=self.provision,
            )
            .exclude(pk=self.pk)
            .exists()
        ):
            errors["target"] = _(
                "%(source)s sudah tercatat %(relation)s %(target)s%(provision)s. "
                "Ubah hubungan yang ada, jangan menambah yang sama."
            ) % {
                "source": source.short_citation,
                "relation": self.get_type_display(),
                "target": target.short_citation,
                "provision": f" ({self.provision})" if self.provision else "",
            }
        if (
            not errors
            and source.pk
            and self.type in CHAIN_RELATIONS
            and rules.creates_cycle(
                RegulationRelation.objects.filter(type__in=CHAIN_RELATIONS)
                .exclude(pk=self.pk)
                .values_list("source_id", "target_id"),
                source=source.pk,
                target=target.pk,
            )
        ):
            errors["target"] = _(
                "Hubungan ini membentuk lingkaran perubahan: %(target)s sudah (langsung atau tidak "
                "langsung) mengubah atau mencabut %(source)s."
            ) % {"target": target.short_citation, "source": source.short_citation}
        if errors:
            raise ValidationError(errors)
