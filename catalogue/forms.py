"""The taxpayers' catalogue filters (/layanan/?q=&saluran=&topik=&untuk=)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from catalogue.choices import CHANNEL_GROUPS
from kb.models import AudienceGroup, TopicIndexPage

# What each channel group is called in the filter (CHANNEL_GROUPS holds its channels).
CHANNEL_FILTER_LABELS = {
    "online": _("Bisa online sekarang"),
    "telepon": _("Lewat Kring Pajak"),
    "kpp": _("Datang ke KPP"),
}


class CatalogueFilterForm(forms.Form):
    """Unknown or malformed values are ignored (the whole catalogue is shown), never an error page."""

    q = forms.CharField(
        label=_("Cari layanan"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("mis. NPWP, EFIN, SPT")}
        ),
    )
    saluran = forms.ChoiceField(
        label=_("Cara mengajukan"),
        required=False,
        choices=[("", _("Semua cara")), *CHANNEL_FILTER_LABELS.items()],
    )
    topik = forms.ModelChoiceField(
        label=_("Topik"),
        required=False,
        queryset=TopicIndexPage.objects.none(),
        empty_label=_("Semua topik"),
    )
    untuk = forms.ModelChoiceField(
        label=_("Untuk"),
        required=False,
        queryset=AudienceGroup.objects.all(),
        to_field_name="slug",
        empty_label=_("Semua wajib pajak"),
    )

    def __init__(self, *args, services=None, **kwargs):
        super().__init__(*args, **kwargs)
        if services is not None:
            # Only topics some listed service belongs to.
            self.fields["topik"].queryset = (
                TopicIndexPage.objects.filter(services__in=services)
                .distinct()
                .order_by("title")
            )

    def filters(self) -> dict[str, object]:
        """Arguments for ServicePageQuerySet.for_catalogue (invalid fields left out)."""
        self.is_valid()  # fields with errors are simply left out of cleaned_data
        data = self.cleaned_data
        channel = data.get("saluran") or ""
        topic = data.get("topik")
        audience = data.get("untuk")
        return {
            "words": (data.get("q") or "").split(),
            "channel": channel if channel in CHANNEL_GROUPS else "",
            "topic": topic.pk if topic else None,
            "audience": audience.slug if audience else "",
        }
