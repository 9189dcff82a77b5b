"""Fixed vocabularies of the regulation registry."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RegulationType(models.TextChoices):
    """Regulation kinds, coded as the citation parser reports them."""

    UU = "UU", _("Undang-Undang")
    PERPPU = "PERPPU", _("Peraturan Pemerintah Pengganti Undang-Undang")
    PP = "PP", _("Peraturan Pemerintah")
    PERPRES = "PERPRES", _("Peraturan Presiden")
    PMK = "PMK", _("Peraturan Menteri Keuangan")
    KMK = "KMK", _("Keputusan Menteri Keuangan")
    PER = "PER", _("Peraturan Direktur Jenderal Pajak")
    KEP = "KEP", _("Keputusan Direktur Jenderal Pajak")
    SE = "SE", _("Surat Edaran Direktur Jenderal Pajak")
    ND = "ND", _("Nota Dinas")


class RelationType(models.TextChoices):
    """How one regulation acts on another, in the vocabulary of Indonesian regulation texts."""

    AMENDS = "amends", _("mengubah")
    REVOKES = "revokes", _("mencabut")
    REVOKES_PART = "revokes_part", _("mencabut sebagian")
    REPLACES = "replaces", _("mengganti")
    IMPLEMENTS = "implements", _("melaksanakan")
    CITES = "cites", _("dasar hukum")
    ENACTS = "enacts", _("penetapan Perppu menjadi UU")


class RegulationStatus(models.TextChoices):
    """A regulation's legal state on a given date; always derived, never typed by hand."""

    NOT_YET = "belum_berlaku", _("belum berlaku")
    UNKNOWN = "belum_tercatat", _("tanggal berlaku belum tercatat")
    IN_FORCE = "berlaku", _("berlaku")
    AMENDED = "berlaku_dengan_perubahan", _("berlaku dengan perubahan")
    PARTLY_REVOKED = "dicabut_sebagian", _("dicabut sebagian")
    REVOKED = "dicabut", _("dicabut")
    EXPIRED = "tidak_berlaku", _("tidak berlaku")


class NotificationKind(models.TextChoices):
    """Why a user is notified; each kind has its own e-mail (regulations.notifications)."""

    REGULATION_CHANGED = "regulation_changed", _("peraturan yang diikuti berubah")
    BASIS_LAPSED = "basis_lapsed", _("dasar hukum layanan tidak berlaku")
    SWITCH_BLOCKED = "switch_blocked", _("peralihan terjadwal terhalang")
    DRAFT_CHANGED = "draft_changed", _("rancangan peraturan berubah")


class DraftStage(models.TextChoices):
    """Where a planned regulation (rancangan) stands, in the order it moves."""

    PROPOSED = "usulan", _("usulan")
    DRAFTING = "penyusunan", _("penyusunan")
    HARMONISING = "harmonisasi", _("harmonisasi")
    SIGNED = "penetapan", _("penetapan")
    PROMULGATED = "pengundangan", _("pengundangan")
    IN_FORCE = "berlaku", _("berlaku")


# Pipeline groups of the stages: planned, in drafting, signed (not yet in force), in force.
DRAFT_STAGE_GROUPS = {
    DraftStage.PROPOSED: "planned",
    DraftStage.DRAFTING: "drafting",
    DraftStage.HARMONISING: "drafting",
    DraftStage.SIGNED: "signed",
    DraftStage.PROMULGATED: "signed",
    DraftStage.IN_FORCE: "in_force",
}


IN_FORCE_STATUSES = frozenset(
    {
        RegulationStatus.IN_FORCE,
        RegulationStatus.AMENDED,
        RegulationStatus.PARTLY_REVOKED,
    }
)
# Relations that end a regulation when they arrive.
ENDING_RELATIONS = frozenset({RelationType.REVOKES, RelationType.REPLACES})
# Relations whose arrival changes the target's status (the others only link texts).
STATUS_RELATIONS = frozenset(
    {
        RelationType.AMENDS,
        RelationType.REVOKES,
        RelationType.REVOKES_PART,
        RelationType.REPLACES,
    }
)
# Relations that form the amendment graph, which must stay free of cycles.
CHAIN_RELATIONS = frozenset(
    {
        RelationType.AMENDS,
        RelationType.REVOKES,
        RelationType.REVOKES_PART,
        RelationType.REPLACES,
        RelationType.ENACTS,
    }
)
