"""What taxpayers see of a service: a plain-language status instead of the 3C plan's
terms, and the answers to "can I do this online, where, with what validation, how
long". The 3C plan, handling unit and editors' notes stay in the admin."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from catalogue.choices import CHANNEL_GROUPS, Channel, ServiceState, ValidationMethod
from catalogue.forms import CHANNEL_FILTER_LABELS

if TYPE_CHECKING:
    from catalogue.models import ServicePage

KRING_PAJAK = "1500200"


@dataclass(frozen=True)
class PlainStatus:
    """How a taxpayer gets the service done today, said plainly."""

    key: str  # CSS modifier and the catalogue filter's value
    label: Promise
    explanation: Promise


PLAIN_STATUSES = {
    ServiceState.AUTOMATED: PlainStatus(
        "online",
        _("Bisa online sekarang"),
        _("Ajukan sendiri secara online, kapan saja, tanpa datang ke kantor pajak."),
    ),
    ServiceState.CONTACT_CENTER: PlainStatus(
        "telepon",
        _("Lewat Kring Pajak"),
        _(
            "Hubungi Kring Pajak 1500200; petugas menyelesaikannya tanpa Anda perlu "
            "datang ke kantor pajak."
        ),
    ),
    ServiceState.KPP_KANWIL: PlainStatus(
        "kpp",
        _("Datang ke KPP"),
        _("Ajukan di Kantor Pelayanan Pajak (KPP) tempat Anda terdaftar."),
    ),
    ServiceState.OTHER_PROCESS: PlainStatus(
        "lain",
        _("Lewat prosedur lain"),
        _(
            "Diselesaikan bersama prosedur lain di DJP; tanyakan caranya ke Kring "
            "Pajak 1500200 atau KPP tempat Anda terdaftar."
        ),
    ),
    ServiceState.REMOVED: PlainStatus(
        "tidak-tersedia",
        _("Tidak tersedia lagi"),
        _("Layanan ini tidak lagi diberikan."),
    ),
}


def plain_status(service: ServicePage) -> PlainStatus:
    return PLAIN_STATUSES.get(
        service.current_state, PLAIN_STATUSES[ServiceState.KPP_KANWIL]
    )


@dataclass(frozen=True)
class ChannelLink:
    label: Promise
    url: str  # "" when there is no address to open


CHANNEL_LINKS = {
    Channel.DJP_ONLINE: ChannelLink(_("DJP Online"), "https://djponline.pajak.go.id/"),
    Channel.MOBILE_APP: ChannelLink(_("aplikasi seluler DJP"), ""),
    Channel.ETPA: ChannelLink(_("e-TPA"), ""),
    Channel.CONTACT_CENTER: ChannelLink(_("Kring Pajak 1500200"), f"tel:{KRING_PAJAK}"),
    Channel.KPP: ChannelLink(_("Kantor Pelayanan Pajak (KPP)"), ""),
}
ONLINE_CHANNELS = frozenset(CHANNEL_GROUPS["online"])


@dataclass(frozen=True)
class AtAGlance:
    """The four questions a taxpayer asks first, answered from the service's data."""

    status: PlainStatus
    online: bool
    channels: list[ChannelLink]
    validation: list[str]
    duration: str


def _duration(service: ServicePage) -> str:
    days = service.service_level_days
    if days is None or (days == 0 and service.current_state != ServiceState.AUTOMATED):
        return str(_("Belum ada standar waktu yang diumumkan."))
    if days == 0:
        return str(_("Selesai saat itu juga."))
    return ngettext("%(days)d hari kerja", "%(days)d hari kerja", days) % {"days": days}


def at_a_glance(service: ServicePage) -> AtAGlance:
    """Online or not, where, which validation and how long, for the service page."""
    return AtAGlance(
        status=plain_status(service),
        online=service.current_state == ServiceState.AUTOMATED
        and bool(ONLINE_CHANNELS & set(service.channels)),
        channels=[CHANNEL_LINKS[Channel(v)] for v in service.channels],
        validation=[str(ValidationMethod(v).label) for v in service.validation_methods],
        duration=_duration(service),
    )


@dataclass(frozen=True)
class ChannelCount:
    key: str
    label: Promise
    count: int


def channel_counts(services: QuerySet[ServicePage]) -> list[ChannelCount]:
    """How many of `services` can be done now through each channel group (one query)."""

    def in_group(key: str) -> Q:
        found = Q()
        for value in CHANNEL_GROUPS[key]:
            found |= Q(channels__icontains=f'"{value}"')
        return found

    counts = services.aggregate(
        **{key: Count("pk", filter=in_group(key)) for key in CHANNEL_GROUPS}
    )
    return [
        ChannelCount(key, CHANNEL_FILTER_LABELS[key], counts[key])
        for key in CHANNEL_GROUPS
    ]
