"""Forms of the registry: the public filters and as-at date, and the admin form with its reason."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from ingest import DateField
from regulations.choices import RegulationStatus, RegulationType


class AsAtForm(forms.Form):
    """`?pada=YYYY-MM-DD`: the day on which statuses and amendment chains are read."""

    pada = DateField(
        label=_("Keadaan pada tanggal"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def as_at(self, *, default: date) -> date:
        """The valid date asked for, else `default` (today, passed in by the view)."""
        if self.is_valid() and self.cleaned_data.get("pada"):
            return self.cleaned_data["pada"]
        return default


class RegulationFilterForm(AsAtForm):
    """Filters of the public list; invalid fields are reported and ignored, never a 500."""

    q = forms.CharField(
        label=_("Cari judul atau nomor"),
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("mis. PMK 81/2024 atau insentif")}
        ),
    )
    jenis = forms.ChoiceField(
        label=_("Jenis"),
        required=False,
        choices=[("", _("Semua jenis")), *RegulationType.choices],
    )
    tahun = forms.IntegerField(
        label=_("Tahun"),
        required=False,
        min_value=1945,
        max_value=2100,
        error_messages={
            "invalid": _("Tahun harus berupa angka empat digit, mis. 2020."),
            "min_value": _("Tahun paling awal adalah 1945."),
            "max_value": _("Tahun paling akhir adalah 2100."),
        },
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Semua status")), *RegulationStatus.choices],
    )

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and data.get("jenis"):
            data = data.copy()
            data["jenis"] = data["jenis"].upper()
        super().__init__(data, *args, **kwargs)

    def filters(self) -> dict:
        """The valid filters (empty ones left out), ready for RegulationQuerySet.filter_listing."""
        self.is_valid()
        data = self.cleaned_data
        return {
            "text": data.get("q") or "",
            "kind": data.get("jenis") or "",
            "year": data.get("tahun"),
            "status": data.get("status") or "",
        }


class RegulationAdminForm(WagtailAdminModelForm):
    """The admin form of a regulation, asking why it changes (stored in the audit log)."""

    change_reason = forms.CharField(
        label=_("Alasan perubahan"),
        required=True,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Wajib. Mengapa data ini dibuat atau diubah, mis. nomor nota dinas atau "
            "sumber resmi. Tercatat di riwayat bersama nama Anda dan waktunya."
        ),
        error_messages={
            "required": _(
                "Tuliskan alasan perubahan agar tercatat di riwayat peraturan."
            )
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Every save starts with an empty reason: a reason belongs to one change only.
        self.initial["change_reason"] = ""
        # New inline relations only get their parent on save; RegulationRelation.clean
        # needs it (self-reference, cycles, revocation dates), so attach it now.
        relations = (
            self.formsets.get("relations") if hasattr(self, "formsets") else None
        )
        for form in relations.forms if relations is not None else ():
            form.instance.source = self.instance
