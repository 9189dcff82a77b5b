"""Fixed vocabularies of the knowledge base."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    ORANG_PRIBADI = "orang-pribadi", _("Orang Pribadi")
    BADAN = "badan", _("Badan")
    BENDAHARA = "bendahara", _("Bendahara")
    PKP = "pkp", _("Pengusaha Kena Pajak (PKP)")


class AnswerKind(models.TextChoices):
    """What an article (or FAQ answer) answers about its subject; search prefers the
    sibling whose kind matches the question's intent."""

    DEFINITION = "definition", _("pengertian (apa itu)")
    PROCEDURE = "procedure", _("cara atau langkah")
    REQUIREMENT = "requirement", _("syarat atau siapa yang wajib")
    AMOUNT = "amount", _("tarif, besaran atau batas nilai")
    DEADLINE = "deadline", _("batas waktu atau jangka waktu")
    SANCTION = "sanction", _("sanksi atau akibat")
    TROUBLESHOOTING = "troubleshooting", _("mengatasi masalah")
    BACKGROUND = "background", _("latar belakang atau tujuan")
    CHANNEL_CHANGE = "channel_change", _("saluran atau aturan lama yang sudah diganti")
