"""Fixed vocabularies of the knowledge base."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    ORANG_PRIBADI = "orang-pribadi", _("Orang Pribadi")
    BADAN = "badan", _("Badan")
    BENDAHARA = "bendahara", _("Bendahara")
    PKP = "pkp", _("Pengusaha Kena Pajak (PKP)")
