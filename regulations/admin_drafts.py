"""Admin of the pipeline of regulation changes (rancangan) and the report of records
with unverified facts. Registered by regulations.wagtail_hooks; who may write drafts is
decided by the "Tim Hukum" group's permissions (migration 0007)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.auth import permission_denied
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.admin.widgets import Button
from wagtail.snippets.views.snippets import CreateView, EditView, SnippetViewSet

from ingest import DateField
from regulations.actions import draft_enact, draft_save
from regulations.models import Regulation, RegulationDraft


class DraftCreateView(CreateView):
    def save_instance(self):
        instance = self.form.save(commit=False)
        draft_save(draft=instance)
        return instance


class DraftEditView(EditView):
    """Saves through regulations.actions.draft_save, which tells the followers when the
    stage or the expected date changed."""

    def save_instance(self):
        before = (
            RegulationDraft.objects.filter(pk=self.object.pk)
            .values_list("stage", "expected_on")
            .first()
        )
        instance = self.form.save(commit=False)
        draft_save(draft=instance, before=before)
        return instance


class RegulationDraftViewSet(SnippetViewSet):
    model = RegulationDraft
    icon = "doc-empty"
    menu_label = _("Rancangan peraturan")
    menu_name = "rancangan-peraturan"
    menu_order = 260
    add_to_admin_menu = True
    list_display = [
        "label",
        Column("type", label=_("Jenis")),
        Column("stage", label=_("Tahap"), accessor="get_stage_display"),
        DateColumn("expected_on", label=_("Perkiraan berlaku")),
        Column("owner_unit", label=_("Unit penanggung jawab")),
    ]
    list_filter = ["type", "stage"]
    add_view_class = DraftCreateView
    edit_view_class = DraftEditView

    def get_queryset(self, request):
        return RegulationDraft.objects.select_related("regulation")


class EnactForm(forms.Form):
    """The facts a draft gains when it is enacted; type and title come from the draft."""

    number = forms.IntegerField(label=_("Nomor"), min_value=1, max_value=9999)
    year = forms.IntegerField(label=_("Tahun"), min_value=1945, max_value=2100)
    unit = forms.CharField(label=_("Kode unit"), required=False, max_length=20)
    signed_on = DateField(label=_("Tanggal ditetapkan"), required=False)
    promulgated_on = DateField(label=_("Tanggal diundangkan"), required=False)
    effective_on = DateField(label=_("Tanggal mulai berlaku"), required=False)
    publication = forms.CharField(
        label=_("Tempat pengundangan"), required=False, max_length=200
    )
    source_url = forms.URLField(
        label=_("Tautan sumber"), required=False, assume_scheme="https"
    )
    reason = forms.CharField(
        label=_("Alasan perubahan"),
        help_text=_("Mis. nomor salinan resmi yang diterima."),
    )


def draft_enact_view(request, pk: int):
    """ "Tetapkan": register the regulation a draft became, without retyping it."""
    draft = get_object_or_404(RegulationDraft, pk=pk)
    user = request.user
    if not (
        user.has_perm("regulations.change_regulationdraft")
        and user.has_perm("regulations.add_regulation")
    ):
        return permission_denied(request)
    form = EnactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reason = data.pop("reason")
        try:
            regulation = draft_enact(draft=draft, reason=reason, user=user, **data)
        except ValidationError as err:
            for field, errors in getattr(err, "message_dict", {}).items():
                target = field if field in form.fields else None
                for message in errors:
                    form.add_error(target, message)
            if not hasattr(err, "message_dict"):
                form.add_error(None, err)
        except PermissionDenied:
            return permission_denied(request)
        else:
            messages.success(
                request,
                _("%(draft)s ditetapkan sebagai %(citation)s.")
                % {"draft": draft.title, "citation": regulation.short_citation},
            )
            return redirect("wagtailsnippets_regulations_regulationdraft:list")
    return TemplateResponse(
        request,
        "regulations/admin/draft_enact.html",
        {"draft": draft, "form": form, "page_title": _("Tetapkan rancangan")},
    )


def enact_button(draft: RegulationDraft) -> list[Button]:
    if draft.regulation_id:
        return []
    return [
        Button(
            _("Tetapkan"),
            url=reverse("regulation_drafts:enact", args=[draft.pk]),
            icon_name="success",
            priority=70,
        )
    ]


class UnverifiedFactsReportView(ReportView):
    """Regulations whose facts are not all checked against an official text."""

    model = Regulation
    page_title = _("Fakta peraturan belum terverifikasi")
    header_icon = "warning"
    index_url_name = "regulation_drafts:unverified"
    index_results_url_name = "regulation_drafts:unverified_results"
    default_ordering = ["-year", "type", "number"]
    columns = [
        TitleColumn(
            "short_citation",
            label=_("Peraturan"),
            get_url=lambda r: reverse(
                "wagtailsnippets_regulations_regulation:edit", args=[r.pk]
            ),
        ),
        Column("title", label=_("Judul")),
        Column("verification_note", label=_("Catatan verifikasi")),
        Column("source_url", label=_("Tautan sumber")),
    ]
    list_export = ["short_citation", "title", "verification_note", "source_url"]

    def get_base_queryset(self):
        return Regulation.objects.filter(facts_verified=False)

    def get_filename(self) -> str:
        return "fakta-belum-terverifikasi"


urlpatterns = [
    path("<int:pk>/tetapkan/", draft_enact_view, name="enact"),
    path(
        "belum-terverifikasi/",
        UnverifiedFactsReportView.as_view(),
        name="unverified",
    ),
    path(
        "belum-terverifikasi/results/",
        UnverifiedFactsReportView.as_view(results_only=True),
        name="unverified_results",
    ),
]
