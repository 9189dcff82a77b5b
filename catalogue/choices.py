"""Fixed vocabularies of the service catalogue (3C programme), each defined once."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ServiceState(models.TextChoices):
    """Where a taxpayer service is finished under the 3C (Click, Call, Counter) programme."""

    AUTOMATED = "automated", _("otomasi penuh (Click)")
    CONTACT_CENTER = "contact_center", _("back office contact center/KLIP (Call)")
    KPP_KANWIL = "kpp_kanwil", _("back office KPP/Kanwil (Counter)")
    OTHER_PROCESS = "other_process", _("proses bisnis lain")
    REMOVED = "removed", _("dihapus")


class HandlingUnit(models.TextChoices):
    SYSTEM = "system", _("sistem (otomatis)")
    KLIP = "klip", _("KLIP (back office contact center)")
    KPP_KANWIL = "kpp_kanwil", _("KPP/Kanwil")


class PlanCategory(models.TextChoices):
    RENSTRA = "renstra", _("Renstra")
    EXTRA_EFFORT = "extra_effort", _("extra effort")
    COVID19 = "covid19", _("fasilitas Covid-19")


class Channel(models.TextChoices):
    DJP_ONLINE = "djp_online", _("DJP Online (web)")
    MOBILE_APP = "mobile_app", _("aplikasi seluler")
    ETPA = "etpa", _("e-TPA")
    CONTACT_CENTER = "contact_center", _("contact center (Kring Pajak)")
    KPP = "kpp", _("KPP (tatap muka)")


class ValidationMethod(models.TextChoices):
    TOKEN = "token", _("token")
    CERTIFICATE = "sertifikat_elektronik", _("sertifikat elektronik")
    OTP = "otp", _("OTP")
    PORO = "poro", _("PORO (bukti kepemilikan data)")


class SwitchStatus(models.TextChoices):
    PENDING = "pending", _("menunggu")
    DONE = "done", _("dilaksanakan")
    BLOCKED = "blocked", _("terhalang dasar hukum")
    CANCELLED = "cancelled", _("dibatalkan")


class ChangeSource(models.TextChoices):
    """Which entry point changed a service's state (all of them pass the same gate)."""

    ADMIN = "admin", _("editor halaman")
    API = "api", _("API")
    IMPORT = "import", _("impor")
    COMMAND = "command", _("perintah manage.py")
    SCHEDULED = "scheduled", _("peralihan terjadwal")


class BasisRole(models.TextChoices):
    """Why a regulation is listed in a service's legal basis."""

    CURRENT_BASIS = "current_basis", _("dasar hukum saat ini")
    REQUIRED_CHANGE = "required_change", _("perubahan yang disyaratkan")
    PENDING_CHANGE = "pending_change", _("perubahan yang masih tertunda")


# States that need the whole legal basis in place (3C "Click" and "Call").
GATED_STATES = frozenset({ServiceState.AUTOMATED, ServiceState.CONTACT_CENTER})

# The channels a taxpayer can use now, in three groups for the public catalogue's filter.
CHANNEL_GROUPS = {
    "online": (Channel.DJP_ONLINE, Channel.MOBILE_APP, Channel.ETPA),
    "telepon": (Channel.CONTACT_CENTER,),
    "kpp": (Channel.KPP,),
}
