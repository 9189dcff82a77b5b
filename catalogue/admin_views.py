"""Admin views of the service catalogue: the 3C roadmap dashboard ("Peta Jalan 3C") and
the report of service state changes."""

from __future__ import annotations

from datetime import datetime

from django import forms
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.reports import ReportView
from wagtail.admin.widgets import AdminDateInput

from catalogue.dashboard import roadmap
from catalogue.dashboard_output import charts, roadmap_csv
from catalogue.models import ServiceStateChange
from ingest import DateField

# How Indonesian readers write a date; Wagtail's date picker shows and fills it in.
PICKER_FORMAT = "%d/%m/%Y"


class PickerDateField(DateField):
    """A date picked as DD/MM/YYYY in Wagtail's date picker; YYYY-MM-DD (links, the
    CSV address) is read by the import core's one date parser, with its message."""

    def to_python(self, value):
        if isinstance(value, str):
            try:
                return datetime.strptime(value.strip(), PICKER_FORMAT).date()
            except ValueError:
                pass
        return super().to_python(value)


class RoadmapForm(forms.Form):
    on = PickerDateField(
        label=_("Per tanggal"),
        required=False,
        widget=AdminDateInput(format=PICKER_FORMAT),
    )


class RoadmapView(WagtailAdminTemplateMixin, TemplateView):
    """Services by target and current state, per-year targets against achievements,
    services held back by their legal basis, and the regulation pipeline; `?format=csv`
    downloads the same figures."""

    template_name = "catalogue/admin/roadmap.html"
    page_title = _("Peta Jalan 3C")
    header_icon = "table"

    def get_breadcrumbs_items(self):
        # The screen's own name in the header (not only "Beranda").
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    PER_PAGE = 50  # services per page in the blocked and lapsed lists

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        form = RoadmapForm(request.GET)
        on = (form.cleaned_data["on"] if form.is_valid() else None) or (
            timezone.localdate()
        )
        data = roadmap(on=on)
        if request.GET.get("format") == "csv":
            response = HttpResponse(
                roadmap_csv(data), content_type="text/csv; charset=utf-8"
            )
            response["Content-Disposition"] = (
                f'attachment; filename="peta-jalan-3c-{on.isoformat()}.csv"'
            )
            return response
        context = self.get_context_data(
            form=form,
            roadmap=data,
            charts=charts(data),
            on=on,
            blocked_page=Paginator(data.blocked, self.PER_PAGE).get_page(
                request.GET.get("tertahan")
            ),
            lapsed_page=Paginator(data.lapsed, self.PER_PAGE).get_page(
                request.GET.get("tidak_berlaku")
            ),
        )
        return self.render_to_response(context)


def _page_edit_url(page_id: int) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page_id])


class StateHistoryReportView(ReportView):
    """Every recorded change of a service's 3C state, newest first (read-only)."""

    model = ServiceStateChange
    page_title = _("Riwayat status layanan")
    header_icon = "history"
    index_url_name = "catalogue_service_history:index"
    index_results_url_name = "catalogue_service_history:index_results"
    default_ordering = "-created_at"
    columns = [
        TitleColumn(
            "page",
            label=_("Layanan"),
            accessor="page.title",
            get_url=lambda change: _page_edit_url(change.page_id),
        ),
        Column("from_state", label=_("Dari"), accessor="get_from_state_display"),
        Column("to_state", label=_("Ke"), accessor="get_to_state_display"),
        DateColumn("on", label=_("Tanggal peralihan"), sort_key="on"),
        Column("source", label=_("Melalui"), accessor="get_source_display"),
        Column("user", label=_("Oleh")),
        Column("reason", label=_("Alasan")),
        Column("basis", label=_("Dasar hukum saat itu"), accessor="basis_summary"),
    ]
    list_export = ["page.title", "from_state", "to_state", "on", "source", "reason"]

    def get_base_queryset(self):
        return ServiceStateChange.objects.select_related("page", "user")

    def get_filename(self) -> str:
        return "riwayat-status-layanan"
