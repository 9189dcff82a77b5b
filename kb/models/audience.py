"""The reader groups (Orang Pribadi, Badan, Bendahara, PKP) articles are written for."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kb.choices import Audience


class AudienceGroup(models.Model):
    """A group of taxpayers an article is written for (Orang Pribadi, Badan, Bendahara, PKP)."""

    slug = models.SlugField(
        _("kode"), max_length=40, unique=True, choices=Audience.choices
    )
    name = models.CharField(_("nama"), max_length=80)

    class Meta:
        ordering = ["id"]
        verbose_name = _("kelompok pembaca")
        verbose_name_plural = _("kelompok pembaca")

    def __str__(self) -> str:
        return self.name
