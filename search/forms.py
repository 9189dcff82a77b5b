"""Validation of search parameters: whatever arrives, the search gets clean values."""

from __future__ import annotations

import unicodedata

from django import forms
from django.utils.translation import gettext_lazy as _

from kb.choices import Audience
from search.choices import DocumentKind

# Characters of a query that are kept; longer pastes are cut, not refused.
MAX_QUERY_CHARS = 500


class QueryField(forms.CharField):
    """Free text: control characters dropped, spaces collapsed, cut to MAX_QUERY_CHARS."""

    def to_python(self, value):
        value = super().to_python(value)
        cleaned = "".join(
            " " if unicodedata.category(char).startswith(("C", "Z")) else char
            for char in value[: MAX_QUERY_CHARS * 4]
        )
        return " ".join(cleaned.split())[:MAX_QUERY_CHARS]


class SearchForm(forms.Form):
    """The `q`, `type`, `topic`, `audience` and `page` parameters of a search."""

    q = QueryField(label=_("Kata kunci"), required=False)
    type = forms.ChoiceField(
        label=_("Jenis"), choices=DocumentKind.choices, required=False
    )
    topic = forms.SlugField(label=_("Topik"), max_length=255, required=False)
    audience = forms.ChoiceField(
        label=_("Untuk"), choices=Audience.choices, required=False
    )
    page = forms.CharField(required=False, max_length=20)

    error_messages = {
        "type": _(
            "Jenis “%(value)s” tidak dikenal; pilih artikel, faq, layanan atau "
            "peraturan. Filter jenis diabaikan."
        ),
        "topic": _("Topik “%(value)s” tidak valid; filter topik diabaikan."),
        "audience": _(
            "Kelompok “%(value)s” tidak dikenal; pilih orang-pribadi, badan, "
            "bendahara atau pkp. Filter ini diabaikan."
        ),
        "page": _("Nomor halaman “%(value)s” tidak valid; halaman 1 ditampilkan."),
    }

    def search_arguments(self) -> dict:
        """Arguments for `search.queries.search`: valid values, invalid ones left out."""
        self.is_valid()
        data = self.cleaned_data
        kind = data.get("type")
        return {
            "query": data.get("q") or "",
            "kinds": (kind,) if kind else (),
            "topic": data.get("topic") or None,
            "audience": data.get("audience") or None,
            "page": data.get("page") or 1,
        }

    def messages(self) -> list[str]:
        """Plain-language notes on the parameters that were ignored."""
        self.is_valid()
        return [
            str(self.error_messages[name] % {"value": str(self.data.get(name))[:50]})
            for name in self.errors
            if name in self.error_messages
        ]


class ClickForm(forms.Form):
    """A result click sent by the search page: which search, which position, where to."""

    search_id = forms.IntegerField(min_value=1)
    position = forms.IntegerField(min_value=1, max_value=10_000)
    url = forms.CharField(max_length=500)

    def clean_url(self) -> str:
        url = self.cleaned_data["url"]
        if not url.startswith("/") or url.startswith("//"):
            raise forms.ValidationError(
                _("Alamat hasil harus berupa tautan di situs ini (diawali “/”).")
            )
        return url
