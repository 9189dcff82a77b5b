"""Admin views of regulation impact: review flags, citations missing from the registry,
follows and notifications. Wired by regulations.admin_urls; writes go through
regulations.impact and regulations.notifications."""

from __future__ import annotations

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Min, Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, NumberColumn, TitleColumn
from wagtail.admin.views.reports import ReportView

from regulations import notifications
from regulations.choices import RegulationType
from regulations.impact import flags as review_flags
from regulations.impact import follows
from regulations.models import (
    Regulation,
    RegulationFollow,
    RegulationNotification,
    ReviewFlag,
    UnregisteredCitation,
)

FLAG_STATUS_CHOICES = [
    ("open", _("Belum ditinjau")),
    ("resolved", _("Sudah ditinjau")),
    ("all", _("Semua")),
]


def _next_url(request: HttpRequest, default: str) -> str:
    """The `next` target if it is on this site, else `default`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _forbidden(request: HttpRequest, err: PermissionDenied, back: str) -> HttpResponse:
    """A 403 page that says why, in the editor's language, with a way back."""
    return TemplateResponse(
        request,
        "regulations/admin/forbidden.html",
        {"message": str(err), "back_url": back},
        status=403,
    )


class FormButtonColumn(Column):
    """A cell holding a small POST form (CSRF-protected, works without JavaScript)."""

    def __init__(self, name, *, cell_template_name: str, **kwargs):
        super().__init__(name, **kwargs)
        self.cell_template_name = cell_template_name

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        context["csrf_token"] = get_token(request) if request else ""
        context["next_url"] = request.get_full_path() if request else ""
        return context


class PageLinksColumn(Column):
    """A list of pages, each linked to its editor."""

    cell_template_name = "regulations/admin/cells/page_links.html"


# Review flags ------------------------------------------------------------------------
class ReviewFlagFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=FLAG_STATUS_CHOICES,
        empty_label=None,
        null_label=None,
        method="filter_status",
        widget=forms.RadioSelect,
    )
    regulation = django_filters.ModelChoiceFilter(
        label=_("Peraturan"),
        empty_label=_("Semua peraturan"),
        queryset=lambda request: Regulation.objects.filter(
            review_flags__isnull=False
        ).distinct(),
    )

    class Meta:
        model = ReviewFlag
        fields = ["status", "regulation"]

    def filter_status(self, queryset, name, value):
        if value == "resolved":
            return queryset.filter(resolved_at__isnull=False)
        if value == "all":
            return queryset
        return queryset.open()


class ReviewFlagReportView(ReportView):
    """Pages to review because a regulation they rely on changed ("perlu ditinjau")."""

    page_title = _("Perlu ditinjau")
    header_icon = "warning"
    index_url_name = "regulation_impact:flags"
    index_results_url_name = "regulation_impact:flags_results"
    filterset_class = ReviewFlagFilterSet
    no_results_message = _("Tidak ada halaman yang perlu ditinjau.")
    columns = [
        TitleColumn(
            "page",
            label=_("Halaman"),
            accessor="page.title",
            get_url=lambda flag: reverse(
                "wagtailadmin_pages:edit", args=[flag.page_id]
            ),
        ),
        Column(
            "regulation", label=_("Peraturan"), accessor="regulation.short_citation"
        ),
        Column("reason", label=_("Alasan")),
        DateColumn("event_on", label=_("Sejak"), sort_key="event_on"),
        DateColumn("resolved_at", label=_("Ditinjau")),
        FormButtonColumn(
            "resolve",
            label=_("Tindakan"),
            accessor="pk",
            cell_template_name="regulations/admin/cells/resolve_flag.html",
        ),
    ]
    list_export = [
        "page.title",
        "regulation.short_citation",
        "reason",
        "event_on",
        "raised_at",
        "resolved_at",
    ]
    export_headings = {
        "page.title": _("Halaman"),
        "regulation.short_citation": _("Peraturan"),
        "reason": _("Alasan"),
        "event_on": _("Sejak"),
        "raised_at": _("Ditandai"),
        "resolved_at": _("Ditinjau"),
    }

    def get_base_queryset(self):
        flags = ReviewFlag.objects.filter(
            page__in=review_flags.pages_user_can_edit(self.request.user)
        ).select_related("page", "regulation")
        if not self.request.GET.get("status"):
            flags = flags.open()
        return flags.order_by("-event_on", "page__title", "pk")

    def get_filename(self) -> str:
        return "perlu-ditinjau"


@require_POST
def review_flag_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one flag reviewed (only users who can edit the flagged page)."""
    flag = get_object_or_404(
        ReviewFlag.objects.select_related("page", "regulation"), pk=pk
    )
    back = _next_url(request, reverse("regulation_impact:flags"))
    try:
        review_flags.review_flag_resolve(flag=flag, user=request.user)
    except PermissionDenied as err:
        return _forbidden(request, err, back)
    messages.success(
        request,
        _("Halaman “%(title)s” ditandai sudah ditinjau untuk %(citation)s.")
        % {"title": flag.page.title, "citation": flag.regulation.short_citation},
    )
    return HttpResponseRedirect(back)


# Citations missing from the registry --------------------------------------------------
def _citation_label(row: dict) -> str:
    kind = RegulationType(row["type"]).label if row["type"] in RegulationType else ""
    return f"{kind or row['type']} Nomor {row['number']} Tahun {row['year']}"


class UnregisteredCitationReportView(ReportView):
    """Regulations cited in published pages but not in the registry, most cited first."""

    page_title = _("Dikutip tetapi belum terdaftar")
    header_icon = "link-external"
    index_url_name = "regulation_impact:unregistered"
    index_results_url_name = "regulation_impact:unregistered_results"
    no_results_message = _("Semua peraturan yang dikutip sudah terdaftar.")
    columns = [
        Column("label", label=_("Peraturan")),
        Column("example", label=_("Contoh penulisan")),
        NumberColumn("pages_count", label=_("Jumlah halaman"), sort_key="pages_count"),
        PageLinksColumn("pages", label=_("Halaman yang mengutip")),
    ]
    list_export = ["label", "type", "number", "year", "pages_count", "page_titles"]
    export_headings = {
        "label": _("Peraturan"),
        "type": _("Jenis"),
        "number": _("Nomor"),
        "year": _("Tahun"),
        "pages_count": _("Jumlah halaman"),
        "page_titles": _("Halaman yang mengutip"),
    }

    def get_queryset(self):
        return (
            UnregisteredCitation.objects.values("type", "number", "year")
            .annotate(
                pages_count=Count("page", distinct=True), example=Min("cited_text")
            )
            .order_by("-pages_count", "type", "-year", "number")
        )

    def get_filtered_queryset(self):
        return self.get_queryset()

    def paginate_queryset(self, queryset, page_size):
        # The table is built from the paginated rows, so attach the pages here.
        paginator, page, rows, is_paginated = super().paginate_queryset(
            queryset, page_size
        )
        return paginator, page, self.decorate_paginated_queryset(rows), is_paginated

    def decorate_paginated_queryset(self, object_list):
        rows = [dict(row) for row in object_list]
        if not rows or "pages" in rows[0]:
            return rows
        condition = Q()
        for row in rows:
            condition |= Q(type=row["type"], number=row["number"], year=row["year"])
        pages: dict[tuple, list] = {}
        for citation in (
            UnregisteredCitation.objects.filter(condition)
            .select_related("page")
            .order_by("page__title")
        ):
            pages.setdefault(
                (citation.type, citation.number, citation.year), []
            ).append(citation.page)
        for row in rows:
            row["label"] = _citation_label(row)
            row["pages"] = pages.get((row["type"], row["number"], row["year"]), [])
            row["page_titles"] = [page.title for page in row["pages"]]
        return rows

    def get_filename(self) -> str:
        return "dikutip-belum-terdaftar"


# Follows and notifications ----------------------------------------------------------
@require_http_methods(["GET", "POST"])
def regulation_follow_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST follows or unfollows (action=follow|unfollow)."""
    regulation = get_object_or_404(Regulation, pk=pk)
    if not follows.user_can_follow(user=request.user, regulation=regulation):
        return _forbidden(
            request,
            PermissionDenied(follows.NOT_ALLOWED_TO_FOLLOW),
            reverse("regulation_follows:index"),
        )
    following = RegulationFollow.objects.filter(
        user=request.user, regulation=regulation
    ).exists()
    if request.method == "GET":
        return TemplateResponse(
            request,
            "regulations/admin/follow_confirm.html",
            {
                "regulation": regulation,
                "following": following,
                "next_url": _next_url(request, reverse("regulation_follows:index")),
            },
        )
    if request.POST.get("action") == "unfollow":
        follows.regulation_unfollow(user=request.user, regulation=regulation)
        messages.success(
            request,
            _("Anda berhenti mengikuti %(citation)s.")
            % {"citation": regulation.short_citation},
        )
    else:
        follows.regulation_follow(user=request.user, regulation=regulation)
        messages.success(
            request,
            _(
                "Anda mengikuti %(citation)s. Perubahan akan dikirim ke e-mail Anda "
                "dan ke Notifikasi peraturan."
            )
            % {"citation": regulation.short_citation},
        )
    return HttpResponseRedirect(_next_url(request, reverse("regulation_follows:index")))


class FollowReportView(ReportView):
    """The regulations the current user follows."""

    page_title = _("Peraturan yang saya ikuti")
    header_icon = "view"
    index_url_name = "regulation_follows:index"
    index_results_url_name = "regulation_follows:index_results"
    no_results_message = _(
        "Anda belum mengikuti peraturan apa pun. Buka daftar peraturan lalu pilih "
        "“Ikuti”."
    )
    columns = [
        Column(
            "regulation", label=_("Peraturan"), accessor="regulation.short_citation"
        ),
        Column("title", label=_("Judul"), accessor="regulation.title"),
        DateColumn("created_at", label=_("Diikuti sejak")),
        FormButtonColumn(
            "unfollow",
            label=_("Tindakan"),
            accessor="regulation_id",
            cell_template_name="regulations/admin/cells/unfollow.html",
        ),
    ]

    def get_base_queryset(self):
        return (
            RegulationFollow.objects.filter(user=self.request.user)
            .select_related("regulation")
            .order_by("-created_at")
        )


class NotificationReportView(ReportView):
    """The current user's notifications (followed regulations, services they own,
    switches they scheduled), unread first, newest first."""

    page_title = _("Notifikasi peraturan")
    header_icon = "mail"
    index_url_name = "regulation_notifications:index"
    index_results_url_name = "regulation_notifications:index_results"
    results_template_name = "regulations/admin/notifications_results.html"
    no_results_message = _("Belum ada notifikasi.")
    columns = [
        Column(
            "regulation",
            label=_("Peraturan"),
            accessor=lambda n: n.regulation.short_citation if n.regulation else "",
        ),
        Column(
            "page",
            label=_("Halaman"),
            accessor=lambda n: n.page.title if n.page else "",
        ),
        Column("message", label=_("Pesan")),
        DateColumn("event_on", label=_("Tanggal peristiwa")),
        DateColumn("created_at", label=_("Diterima")),
        FormButtonColumn(
            "read",
            label=_("Dibaca"),
            accessor="read_at",
            cell_template_name="regulations/admin/cells/mark_read.html",
        ),
    ]

    def get_base_queryset(self):
        return (
            RegulationNotification.objects.filter(user=self.request.user)
            .select_related("regulation", "page")
            .order_by("read_at", "-created_at")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["unread_count"] = RegulationNotification.objects.filter(
            user=self.request.user, read_at__isnull=True
        ).count()
        return context


@require_POST
def notifications_mark_read(request: HttpRequest) -> HttpResponse:
    """Mark one notification (id=…) or all of the user's notifications as read."""
    ids = None
    if request.POST.get("id"):
        try:
            ids = [int(request.POST["id"])]
        except ValueError:
            messages.error(request, _("Notifikasi tidak dikenal."))
            return HttpResponseRedirect(reverse("regulation_notifications:index"))
    count = notifications.notifications_mark_read(user=request.user, ids=ids)
    messages.success(
        request,
        _("%(count)s notifikasi ditandai sudah dibaca.") % {"count": count},
    )
    return HttpResponseRedirect(
        _next_url(request, reverse("regulation_notifications:index"))
    )
