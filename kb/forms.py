"""Public forms of the knowledge base."""

from django import forms
from django.utils.translation import gettext_lazy as _


class FeedbackForm(forms.Form):
    helpful = forms.TypedChoiceField(
        label=_("Apakah artikel ini membantu?"),
        choices=[("ya", _("Ya")), ("tidak", _("Tidak"))],
        coerce=lambda value: value == "ya",
        error_messages={
            "required": _("Pilih Ya atau Tidak."),
            "invalid_choice": _("Pilih Ya atau Tidak."),
        },
    )
    comment = forms.CharField(
        label=_("Komentar (opsional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": _("Komentar paling banyak %(limit_value)d karakter.")
        },
    )
    # A field people never see: bots fill it in, people leave it empty.
    website = forms.CharField(required=False, widget=forms.HiddenInput)
