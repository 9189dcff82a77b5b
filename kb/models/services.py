"""The service catalogue (3C programme): the catalogue page, service pages with the
legal basis that gates their automation, state history and scheduled switches."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import (
    MaxLengthValidator,
    MaxValueValidator,
    MinValueValidator,
)
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from kb.choices import (
    ChangeSource,
    Channel,
    HandlingUnit,
    PlanCategory,
    ServiceState,
    SwitchStatus,
    ValidationMethod,
)
from kb.fields import ChoiceListField
from kb.linking import render_linked_many
from kb.markdown import markdown_to_text
from regulations.gate import GATED_STATES, BasisItem, BasisRole, GateResult, evaluate
from regulations.impact import format_date

FUTURE_STATE_ERROR = _(
    "Tanggal status (%(date)s) ada di masa depan. Isi tanggal hari ini atau sebelumnya, "
    "atau jadwalkan peralihan (`manage.py services schedule`)."
)
STATE_BEFORE_HISTORY_ERROR = _(
    "Tanggal status (%(date)s) lebih awal dari perubahan status yang sudah tercatat pada "
    "%(later)s, jadi status ini bukan lagi status saat ini. Isi tanggal %(later)s atau "
    "sesudahnya, atau catat peralihan lampau itu sebagai riwayat "
    "(`manage.py services switch --on`)."
)
BASIS_CHANGE_GATE_ERROR = _(
    "Layanan ini berstatus %(state)s, jadi dasar hukum yang baru harus memungkinkan "
    "status itu hari ini. %(reason)s"
)
BACKDATED_GATE_ERROR = _(
    "Status yang dicatat sejak %(since)s berlaku terus sampai %(until)s, jadi dasar "
    "hukumnya harus berlaku pada kedua tanggal itu. %(reason)s"
)


class GateRefusal(ValidationError):
    """The automation gate refused a switch; the message is the gate's, on "current_state".

    `since` is the claimed start of the state when the gate refused a later day of the
    period the state would hold (a backdated claim judged again on its last day);
    `basis_changed` says the state stays and a new legal basis was refused.
    """

    def __init__(
        self,
        result: GateResult,
        *,
        since: date | None = None,
        basis_changed: bool = False,
    ) -> None:
        message = result.message
        if basis_changed:
            message = gettext_now(BASIS_CHANGE_GATE_ERROR) % {
                "state": result.state_label or result.to_state,
                "reason": message,
            }
        elif since is not None and since != result.on:
            message = gettext_now(BACKDATED_GATE_ERROR) % {
                "since": format_date(since),
                "until": format_date(result.on),
                "reason": message,
            }
        super().__init__({"current_state": message})
        self.result = result
        self.message_text = message


@dataclass(frozen=True)
class SwitchCheck:
    """What a claimed switch means once the gate has let it through.

    `becomes_current`: no recorded change comes after it, so it is the service's state
    from now on; otherwise it is history only. `holds_until`: the last day the state
    holds (today, or the day before the next recorded change). `state_before`: the
    state in effect just before it ("" when unknown).
    """

    becomes_current: bool
    holds_until: date
    state_before: str


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


class ServiceIndexPage(Page):
    """ "Layanan": the catalogue of taxpayer services, listing every service page under it."""

    intro = models.TextField(
        _("pengantar"), blank=True, validators=[MaxLengthValidator(600)]
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["kb.HomePage"]
    subpage_types = ["kb.ServicePage"]
    max_count = 1
    template = "kb/service_index_page.html"

    class Meta:
        verbose_name = _("katalog layanan")
        verbose_name_plural = _("katalog layanan")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["services"] = (
            ServicePage.objects.child_of(self).live().public().order_by("title")
        )
        return context


class ServicePageQuerySet(PageQuerySet):
    def with_basis(self) -> ServicePageQuerySet:
        """Prefetch the legal basis and each regulation's status facts (constant queries)."""
        from regulations.models import Regulation

        return self.prefetch_related(
            models.Prefetch(
                "legal_basis",
                queryset=ServiceLegalBasis.objects.order_by(
                    "sort_order"
                ).prefetch_related(
                    models.Prefetch(
                        "regulation", queryset=Regulation.objects.with_facts()
                    )
                ),
            )
        )

    def gate_governed(self) -> ServicePageQuerySet:
        """Services whose current state needs the legal basis in place (automated, contact center)."""
        return self.filter(current_state__in=GATED_STATES)


ServicePageManager = PageManager.from_queryset(ServicePageQuerySet)


class ServicePage(Page):
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
        help_text=_("Apa yang dilakukan layanan ini, dalam satu atau dua paragraf."),
    )
    eligibility = models.TextField(
        _("siapa yang dapat menggunakan (Markdown)"), blank=True
    )
    required_documents = models.TextField(
        _("dokumen yang diperlukan (Markdown)"), blank=True
    )
    steps = models.TextField(_("langkah-langkah (Markdown)"), blank=True)
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
    parent_page_types = ["kb.ServiceIndexPage"]
    subpage_types: list[str] = []
    template = "kb/service_page.html"

    class Meta:
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
    def prepopulated_items(self) -> list[str]:
        return [
            line.strip() for line in self.prepopulated_data.splitlines() if line.strip()
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["today"] = timezone.localdate()
        context["basis_rows"] = (
            self.legal_basis.select_related("regulation")
            .prefetch_related("regulation__incoming_relations__source")
            .order_by("sort_order")
        )
        return context

    # The gate ------------------------------------------------------------------------
    def basis_items(self) -> list[BasisItem]:
        """The legal basis as plain data for regulations.gate (uses prefetched rows if any)."""
        return [row.basis_item() for row in self.legal_basis.all()]

    def gate(self, *, on: date, to_state: str = ServiceState.AUTOMATED) -> GateResult:
        """The automation gate's answer for moving this service to `to_state` on `on`."""
        return evaluate(
            self.basis_items(),
            on=on,
            to_state=to_state,
            state_label=str(ServiceState(to_state).label),
        )

    def eligibility_report(self, *, on: date) -> dict[str, object]:
        """The eligibility answer for people and machines (API, `services eligibility`):
        may this service be switched to automated on `on`, and if not, what blocks it."""
        result = self.gate(on=on, to_state=ServiceState.AUTOMATED)
        return {
            "service": self.slug,
            "state": self.current_state,
            "on": on.isoformat(),
            "eligible": result.allowed,
            "blockers": [blocker.as_dict() for blocker in result.blockers],
            "eligible_from": result.eligible_from.isoformat()
            if result.eligible_from
            else None,
        }

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

    def _stored_state(self) -> tuple[str, date | None] | None:
        if self.pk is None:
            return None
        return (
            ServicePage.objects.filter(pk=self.pk)
            .values_list("current_state", "state_since")
            .first()
        )

    def _timeline(self, *, on: date, to_state: str) -> tuple[date | None, str]:
        """The first recorded change after `on` (or None) and the state in effect on `on`.

        The stored current state counts as a change on its `state_since`, unless the claim
        moves that very state to another date (a correction, not a new change).
        """
        stored = self._stored_state()
        if stored is None:
            return None, ""
        current, since = stored
        changes = [
            (change_on, state)
            for change_on, state in self.state_changes.values_list("on", "to_state")
            if (state, change_on) != (current, since)
        ]
        if since is not None and to_state != current:
            changes.append((since, current))
        later = [day for day, _state in changes if day > on]
        earlier = sorted((day, state) for day, state in changes if day <= on)
        return (min(later) if later else None), (earlier[-1][1] if earlier else "")

    def check_switch(
        self, *, to_state: str, on: date, today: date, as_current: bool = False
    ) -> SwitchCheck:
        """The one gate check every path asks before a service's state changes.

        Refuses a date in the future ("state_since"). A switch into a gated state must be
        allowed by the gate on every day it will hold: from `on` to today when it becomes
        the current state, or to the day before the next recorded change when it is
        history only; each basis row is in place over one interval, so checking the two
        ends checks every day between (GateRefusal on "current_state"). With
        `as_current` (the admin form and imports claim the current state), a date before
        a recorded change is refused instead of being filed as history.
        """
        if on > today:
            raise ValidationError(
                {"state_since": FUTURE_STATE_ERROR % {"date": on.isoformat()}}
            )
        next_change, before = self._timeline(on=on, to_state=to_state)
        if next_change is not None and as_current:
            raise ValidationError(
                {
                    "state_since": STATE_BEFORE_HISTORY_ERROR
                    % {"date": on.isoformat(), "later": next_change.isoformat()}
                }
            )
        until = today if next_change is None else next_change - timedelta(days=1)
        if to_state in GATED_STATES:
            for day in dict.fromkeys((on, until)):
                result = self.gate(on=day, to_state=to_state)
                if not result.allowed:
                    raise GateRefusal(result, since=on)
        return SwitchCheck(
            becomes_current=next_change is None, holds_until=until, state_before=before
        )

    def check_basis_change(self, *, today: date) -> None:
        """A new legal basis for a service that stays in a gated state must allow that
        state today (a basis that lapses later, with nobody editing, is flagged instead)."""
        if self.pk is None or self.current_state not in GATED_STATES:
            return
        stored = ServiceLegalBasis.objects.filter(page_id=self.pk).values_list(
            "regulation_id", "role", "provision"
        )
        wanted = [
            (r.regulation_id, r.role, r.provision) for r in self.legal_basis.all()
        ]
        if sorted(stored) == sorted(wanted):
            return
        result = self.gate(on=today, to_state=self.current_state)
        if not result.allowed:
            raise GateRefusal(result, basis_changed=True)

    def clean(self) -> None:
        super().clean()
        today = self.judged_as_at or timezone.localdate()
        stored = self._stored_state()
        if stored is not None and stored == (self.current_state, self.state_since):
            self.check_basis_change(today=today)
            return
        self.check_switch(
            to_state=self.current_state,
            on=self.state_since or today,
            today=today,
            as_current=True,
        )


class ServiceLegalBasis(Orderable):
    """One regulation (optionally one Pasal) a service depends on, and in what role."""

    page = ParentalKey(
        "kb.ServicePage", related_name="legal_basis", on_delete=models.CASCADE
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
        verbose_name = _("dasar hukum layanan")
        verbose_name_plural = _("dasar hukum layanan")

    def __str__(self) -> str:
        return f"{self.regulation} {self.provision}".strip()

    def basis_item(self) -> BasisItem:
        return BasisItem(
            citation=self.regulation.short_citation,
            role=self.role,
            facts=self.regulation.facts(),
            provision=self.provision,
        )


class ServiceStateChange(models.Model):
    """One change of a service's 3C state: who, when, why, and its legal basis at that moment."""

    page = models.ForeignKey(
        "kb.ServicePage", related_name="state_changes", on_delete=models.CASCADE
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


class ScheduledSwitchQuerySet(models.QuerySet):
    def due(self, *, on: date) -> ScheduledSwitchQuerySet:
        """Pending switches to try on `on`: dated on or before it, or waiting for the basis."""
        return self.filter(status=SwitchStatus.PENDING).filter(
            Q(on__lte=on) | Q(on__isnull=True)
        )


class ScheduledSwitch(models.Model):
    """A switch of a service's state planned for a date, or for the day its legal basis is in force."""

    service = models.ForeignKey(
        "kb.ServicePage", related_name="scheduled_switches", on_delete=models.CASCADE
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
