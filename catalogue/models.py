"""The service catalogue (3C programme): the catalogue page, service pages with the
legal basis that gates their automation, state history and scheduled switches."""

from __future__ import annotations

from datetime import date

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.core.validators import (
    MaxLengthValidator,
    MaxValueValidator,
    MinValueValidator,
)
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.models import Orderable, Page, PageManager
from wagtail.search import index

from catalogue import gatekeeping, public
from catalogue.choices import (
    BasisRole,
    ChangeSource,
    Channel,
    HandlingUnit,
    PlanCategory,
    ServiceState,
    SwitchStatus,
    ValidationMethod,
)
from catalogue.forms import CatalogueFilterForm
from catalogue.querysets import ScheduledSwitchQuerySet, ServicePageQuerySet
from kb.fields import (
    MARKDOWN_SECTION_MAX_CHARS,
    ChoiceListField,
    MarkdownLengthValidator,
)
from kb.i18n import TranslationFallbackMixin, in_active_language, source_page
from kb.linking import render_linked_many
from kb.markdown import markdown_to_text
from kb.models import FeedbackPageMixin, HomeChildSlugMixin
from regulations.gate import BasisItem, GateResult


class ServicePageForm(WagtailAdminPageForm):
    """Applies the submitted legal-basis rows before model validation, so the gate in
    ServicePage.clean() judges the basis the editor is about to save, not the old one."""

    def _post_clean(self):
        formset = self.formsets.get("legal_basis")
        if formset is not None and formset.is_valid():
            self.instance.legal_basis = [
                form.instance
                for form in formset.forms
                if (form in formset.initial_forms or form.has_changed())
                and not (formset.can_delete and form.cleaned_data.get("DELETE"))
            ]
        super()._post_clean()


class ServiceIndexPage(TranslationFallbackMixin, HomeChildSlugMixin, Page):
    """ "Layanan": the catalogue of taxpayer services, listing every service page under it."""

    home_slug = "layanan"  # kept free of topics under the home page

    intro = models.TextField(
        _("pengantar"), blank=True, validators=[MaxLengthValidator(600)]
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["kb.HomePage"]
    subpage_types = ["catalogue.ServicePage"]
    max_count = 1
    template = "catalogue/service_index_page.html"

    class Meta:
        db_table = (
            "kb_serviceindexpage"  # created by the kb app (kb.0003); see catalogue.0001
        )
        verbose_name = _("katalog layanan")
        verbose_name_plural = _("katalog layanan")

    SERVICES_PER_PAGE = 24

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        services = ServicePage.objects.child_of(source_page(self)).live().public()
        form = CatalogueFilterForm(request.GET, services=services)
        found = services.for_catalogue(**form.filters()).order_by("title")
        page = Paginator(found, self.SERVICES_PER_PAGE).get_page(
            request.GET.get("page")
        )
        context.update(
            form=form,
            services_page=page,
            services=in_active_language(page, prefetch=["audiences"]),
            channel_counts=public.channel_counts(services),
        )
        return context


ServicePageManager = PageManager.from_queryset(ServicePageQuerySet)


class ServicePage(FeedbackPageMixin, Page):
    """One taxpayer service in the 3C catalogue: what it is, how to use it, where it is
    finished today, the plan, and the legal basis that gates its automation."""

    code = models.CharField(
        _("kode layanan"),
        max_length=20,
        blank=True,
        db_index=True,
        help_text=_("Kode di katalog layanan 3C, mis. LYN-001."),
    )
    description = models.TextField(
        _("tentang layanan (Markdown)"),
        blank=True,
        validators=[MarkdownLengthValidator(MARKDOWN_SECTION_MAX_CHARS)],
        help_text=_("Apa yang dilakukan layanan ini, dalam satu atau dua paragraf."),
    )
    eligibility = models.TextField(
        _("siapa yang dapat menggunakan (Markdown)"),
        blank=True,
        validators=[MarkdownLengthValidator(MARKDOWN_SECTION_MAX_CHARS)],
    )
    required_documents = models.TextField(
        _("dokumen yang diperlukan (Markdown)"),
        blank=True,
        validators=[MarkdownLengthValidator(MARKDOWN_SECTION_MAX_CHARS)],
    )
    steps = models.TextField(
        _("langkah-langkah (Markdown)"),
        blank=True,
        validators=[MarkdownLengthValidator(MARKDOWN_SECTION_MAX_CHARS)],
    )
    channels = ChoiceListField(
        _("saluran yang tersedia saat ini"), item_choices=Channel.choices
    )
    validation_methods = ChoiceListField(
        _("metode validasi"), item_choices=ValidationMethod.choices
    )
    prepopulated_data = models.TextField(
        _("data yang sudah terisi (prepopulated)"),
        blank=True,
        help_text=_("Data yang otomatis terisi dari sistem DJP, satu per baris."),
    )
    service_level_days = models.PositiveSmallIntegerField(
        _("standar waktu layanan (hari kerja)"), null=True, blank=True
    )
    handling_unit = models.CharField(
        _("unit penyelesai"),
        max_length=16,
        choices=HandlingUnit.choices,
        default=HandlingUnit.KPP_KANWIL,
    )
    target_state = models.CharField(
        _("target status"), max_length=16, choices=ServiceState.choices
    )
    target_year = models.PositiveSmallIntegerField(
        _("target tahun"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )
    plan_category = models.CharField(
        _("kategori rencana"), max_length=16, choices=PlanCategory.choices, blank=True
    )
    current_state = models.CharField(
        _("status saat ini"),
        max_length=16,
        choices=ServiceState.choices,
        default=ServiceState.KPP_KANWIL,
        help_text=_(
            "Otomasi penuh dan back office contact center hanya dapat dipilih bila seluruh "
            "dasar hukumnya berlaku pada tanggal peralihan."
        ),
    )
    state_since = models.DateField(
        _("status berlaku sejak"),
        null=True,
        blank=True,
        help_text=_("Tanggal peralihan ke status saat ini; tidak boleh di masa depan."),
    )
    state_reason = models.TextField(
        _("alasan status saat ini"),
        blank=True,
        help_text=_("Dicatat di riwayat status ketika status berubah."),
    )
    illustrative = models.BooleanField(
        _("layanan ilustratif"),
        default=False,
        help_text=_(
            "Nama atau isi layanan ini rekaan untuk demo, bukan layanan resmi."
        ),
    )
    is_demo = models.BooleanField(_("konten demo"), default=False)
    # For taxpayers: the catalogue's filters and the page's "Panduan terkait".
    audiences = ParentalManyToManyField(
        "kb.AudienceGroup",
        blank=True,
        related_name="services",
        verbose_name=_("dapat digunakan oleh"),
        help_text=_("Kosongkan bila layanan terbuka bagi semua wajib pajak."),
    )
    topics = ParentalManyToManyField(
        "kb.TopicIndexPage",
        blank=True,
        related_name="services",
        verbose_name=_("topik"),
    )
    guidance_articles = ParentalManyToManyField(
        "kb.ArticlePage",
        blank=True,
        related_name="guided_services",
        verbose_name=_("artikel panduan"),
    )

    objects = ServicePageManager()
    base_form_class = ServicePageForm

    # clean() judges a change of state as at today. An action that has judged it as at
    # another day (the demo loader replays each service as on its state_since) sets the
    # day here, so saving the same instance does not judge it again as at today.
    judged_as_at: date | None = None

    content_panels = [
        *Page.content_panels,
        FieldPanel("code"),
        FieldPanel("description"),
        FieldPanel("eligibility"),
        FieldPanel("required_documents"),
        FieldPanel("steps"),
        MultiFieldPanel(
            [
                FieldPanel("channels"),
                FieldPanel("validation_methods"),
                FieldPanel("prepopulated_data"),
                FieldPanel("service_level_days"),
                FieldPanel("handling_unit"),
            ],
            heading=_("Cara layanan diberikan"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("target_state"),
                FieldPanel("target_year"),
                FieldPanel("plan_category"),
                FieldPanel("current_state"),
                FieldPanel("state_since"),
                FieldPanel("state_reason"),
            ],
            heading=_("Rencana 3C dan status"),
        ),
        InlinePanel("legal_basis", heading=_("Dasar hukum"), label=_("peraturan")),
        MultiFieldPanel(
            [
                FieldPanel("audiences", widget=forms.CheckboxSelectMultiple),
                FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
                FieldPanel("guidance_articles"),
            ],
            heading=_("Untuk wajib pajak"),
        ),
    ]
    settings_panels = [
        *Page.settings_panels,
        FieldPanel("illustrative"),
        FieldPanel("is_demo"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("code", boost=3),
        index.SearchField("description"),
        index.SearchField("eligibility"),
        index.SearchField("steps"),
        index.FilterField("current_state"),
        index.FilterField("target_state"),
        index.FilterField("is_demo"),
    ]
    api_fields = [
        APIField("code"),
        APIField("description"),
        APIField("channels"),
        APIField("validation_methods"),
        APIField("service_level_days"),
        APIField("handling_unit"),
        APIField("target_state"),
        APIField("target_year"),
        APIField("plan_category"),
        APIField("current_state"),
        APIField("state_since"),
    ]
    parent_page_types = ["catalogue.ServiceIndexPage"]
    subpage_types: list[str] = []
    template = "catalogue/service_page.html"

    class Meta:
        db_table = (
            "kb_servicepage"  # created by the kb app (kb.0003); see catalogue.0001
        )
        verbose_name = _("layanan")
        verbose_name_plural = _("layanan")
        constraints = [
            models.CheckConstraint(
                condition=Q(current_state__in=ServiceState.values),
                name="kb_service_current_state_valid",
            ),
            models.CheckConstraint(
                condition=Q(target_state__in=ServiceState.values),
                name="kb_service_target_state_valid",
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=~Q(code=""),
                name="kb_service_unique_code",
                violation_error_message=_(
                    "Kode layanan ini sudah dipakai layanan lain."
                ),
            ),
        ]

    # Reading -------------------------------------------------------------------------
    MARKDOWN_FIELDS = ("description", "eligibility", "required_documents", "steps")

    @cached_property
    def sections_html(self) -> dict[str, str]:
        """Each Markdown field sanitised, with regulation citations linked as at today."""
        rendered = render_linked_many(
            [getattr(self, name) for name in self.MARKDOWN_FIELDS],
            on=timezone.localdate(),
        )
        return dict(zip(self.MARKDOWN_FIELDS, rendered, strict=True))

    def citation_texts(self) -> list[str]:
        """Texts scanned for regulation citations when the page is published."""
        return [getattr(self, name) for name in self.MARKDOWN_FIELDS]

    @property
    def summary(self) -> str:
        """Plain text of the description, for search results and meta tags."""
        return markdown_to_text(self.description)[:300]

    @property
    def channel_labels(self) -> list[str]:
        return [str(Channel(value).label) for value in self.channels]

    @property
    def validation_labels(self) -> list[str]:
        return [str(ValidationMethod(value).label) for value in self.validation_methods]

    @property
    def plain_status(self) -> public.PlainStatus:
        """How taxpayers get it done today, in plain words (not the 3C plan's terms)."""
        return public.plain_status(self)

    @property
    def prepopulated_items(self) -> list[str]:
        return [
            line.strip() for line in self.prepopulated_data.splitlines() if line.strip()
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        service = source_page(self)  # the legal basis is the Indonesian page's
        context.update(
            today=timezone.localdate(),
            glance=public.at_a_glance(self),
            guidance=in_active_language(self.guidance_articles.live().public()),
            basis_rows=service.legal_basis.filter(role=BasisRole.CURRENT_BASIS)
            .select_related("regulation")
            .prefetch_related("regulation__incoming_relations__source")
            .order_by("sort_order"),
        )
        return context

    # The gate ------------------------------------------------------------------------
    def basis_items(self) -> list[BasisItem]:
        """The legal basis, and the drafts the service waits on, as plain data for
        regulations.gate (uses prefetched rows if any)."""
        drafts = self.waiting_for_drafts.all() if self.pk else []
        return [row.basis_item() for row in self.legal_basis.all()] + [
            gatekeeping.draft_item(draft=link.draft, provision=link.provision)
            for link in drafts
        ]

    def gate(self, *, on: date, to_state: str = ServiceState.AUTOMATED) -> GateResult:
        """The automation gate's answer for moving this service to `to_state` on `on`."""
        return gatekeeping.judge(self.basis_items(), on=on, to_state=to_state)

    def legal_basis_snapshot(self, *, on: date) -> list[dict[str, str | None]]:
        """Each basis regulation's citation, role, Pasal and status on `on`, for the history."""
        rows = []
        for row in self.legal_basis.all():
            status = row.regulation.status_on(on=on)
            rows.append(
                {
                    "regulation": row.regulation.short_citation,
                    "regulation_id": row.regulation_id,
                    "provision": row.provision,
                    "role": row.role,
                    "status": str(status),
                    "status_label": str(status.label),
                }
            )
        return rows

    def clean(self) -> None:
        super().clean()
        today = self.judged_as_at or timezone.localdate()
        gatekeeping.check_edit(self, today=today)


class ServiceLegalBasis(Orderable):
    """One regulation (optionally one Pasal) a service depends on, and in what role."""

    page = ParentalKey(
        "catalogue.ServicePage", related_name="legal_basis", on_delete=models.CASCADE
    )
    regulation = models.ForeignKey(
        "regulations.Regulation",
        related_name="service_bases",
        on_delete=models.PROTECT,
        verbose_name=_("peraturan"),
    )
    provision = models.CharField(
        _("pasal"),
        max_length=200,
        blank=True,
        help_text=_(
            'Pasal yang menjadi dasar, mis. "Pasal 2 ayat (1)". Kosongkan bila seluruh peraturan.'
        ),
    )
    role = models.CharField(
        _("peran"),
        max_length=16,
        choices=BasisRole.choices,
        default=BasisRole.CURRENT_BASIS,
        help_text=_(
            "Perubahan yang masih tertunda selalu menahan otomasi sampai baris ini diganti "
            "dengan peraturan yang berlaku."
        ),
    )
    note = models.CharField(_("catatan"), max_length=300, blank=True)

    panels = [
        FieldPanel("regulation"),
        FieldPanel("provision"),
        FieldPanel("role"),
        FieldPanel("note"),
    ]

    class Meta(Orderable.Meta):
        db_table = "kb_servicelegalbasis"  # created by the kb app (kb.0003); see catalogue.0001
        verbose_name = _("dasar hukum layanan")
        verbose_name_plural = _("dasar hukum layanan")

    def __str__(self) -> str:
        return f"{self.regulation} {self.provision}".strip()

    def basis_item(self) -> BasisItem:
        return gatekeeping.basis_item(
            citation=self.regulation.short_citation,
            role=self.role,
            facts=self.regulation.facts(),
            provision=self.provision,
        )


class ServiceStateChange(models.Model):
    """One change of a service's 3C state: who, when, why, and its legal basis at that moment."""

    page = models.ForeignKey(
        "catalogue.ServicePage", related_name="state_changes", on_delete=models.CASCADE
    )
    from_state = models.CharField(
        _("dari status"), max_length=16, choices=ServiceState.choices, blank=True
    )
    to_state = models.CharField(
        _("ke status"), max_length=16, choices=ServiceState.choices
    )
    on = models.DateField(_("tanggal peralihan"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
        verbose_name=_("oleh"),
    )
    reason = models.TextField(_("alasan"), blank=True)
    source = models.CharField(_("melalui"), max_length=16, choices=ChangeSource.choices)
    legal_basis_snapshot = models.JSONField(_("dasar hukum saat itu"), default=list)
    created_at = models.DateTimeField(_("dicatat"), default=timezone.now)

    class Meta:
        db_table = "kb_servicestatechange"  # created by the kb app (kb.0003); see catalogue.0001
        ordering = ["-on", "-created_at"]
        verbose_name = _("riwayat status layanan")
        verbose_name_plural = _("riwayat status layanan")

    def __str__(self) -> str:
        return f"{self.page_id}: {self.from_state or '-'} → {self.to_state} ({self.on})"

    @property
    def basis_summary(self) -> str:
        """ "PMK 81/2024 (berlaku); PER-07/PJ/2025 (belum berlaku)" from the snapshot."""
        return "; ".join(
            f"{row['regulation']} {row.get('provision', '')}".strip()
            + f" ({row.get('status_label', row.get('status', ''))})"
            for row in self.legal_basis_snapshot
        )


class ScheduledSwitch(models.Model):
    """A switch of a service's state planned for a date, or for the day its legal basis is in force."""

    service = models.ForeignKey(
        "catalogue.ServicePage",
        related_name="scheduled_switches",
        on_delete=models.CASCADE,
    )
    to_state = models.CharField(
        _("ke status"), max_length=16, choices=ServiceState.choices
    )
    on = models.DateField(
        _("tanggal"),
        null=True,
        blank=True,
        help_text=_(
            "Kosongkan untuk beralih pada hari seluruh dasar hukumnya berlaku."
        ),
    )
    reason = models.TextField(_("alasan"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
        verbose_name=_("diminta oleh"),
    )
    requested_at = models.DateTimeField(_("diminta"), default=timezone.now)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=SwitchStatus.choices,
        default=SwitchStatus.PENDING,
    )
    done_on = models.DateField(_("dilaksanakan pada"), null=True, blank=True)
    outcome = models.TextField(_("hasil"), blank=True)

    objects = ScheduledSwitchQuerySet.as_manager()

    class Meta:
        db_table = (
            "kb_scheduledswitch"  # created by the kb app (kb.0003); see catalogue.0001
        )
        ordering = ["on", "requested_at"]
        verbose_name = _("peralihan terjadwal")
        verbose_name_plural = _("peralihan terjadwal")
        constraints = [
            models.UniqueConstraint(
                fields=["service"],
                condition=Q(status="pending"),
                name="kb_one_pending_switch_per_service",
                violation_error_message=_(
                    "Layanan ini sudah punya peralihan terjadwal yang menunggu; "
                    "batalkan atau ubah jadwal itu."
                ),
            )
        ]

    def __str__(self) -> str:
        when = self.on.isoformat() if self.on else _("saat dasar hukum berlaku")
        return f"{self.service_id} → {self.to_state} ({when})"
