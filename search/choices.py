"""Fixed vocabularies of the search layer."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    """What a search hit is; also the values of the `type` filter."""

    ARTICLE = "artikel", _("Artikel")
    FAQ = "faq", _("Tanya jawab")
    SERVICE = "layanan", _("Layanan")
    REGULATION = "peraturan", _("Peraturan")


class TermKind(models.TextChoices):
    TERM = "t", _("istilah indeks (hasil stemming)")
    WORD = "w", _("kata seperti tertulis")
