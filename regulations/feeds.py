"""The JSON feed: every published regulation in JDIHN's integration fields, plus what
JDIHN lacks (in-force dates, the derived status and the typed relations).

JDIHN field names follow what member portals publish (see the research notes, §B4).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from regulations import rules
from regulations.choices import IN_FORCE_STATUSES, RegulationStatus, RegulationType
from regulations.models import Regulation, RegulationRelation


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _relation(
    relation: RegulationRelation, other: Regulation, key: str, absolute
) -> dict[str, Any]:
    return {
        "type": relation.type,
        "label": relation.get_type_display(),
        key: other.short_citation,
        f"{key}_url": absolute(other.get_absolute_url()),
        "provision": relation.provision,
        "effective_on": _iso(relation.effective_date),
    }


def record(
    regulation: Regulation, *, on: date, absolute: Callable[[str], str]
) -> dict[str, Any]:
    """One regulation as a feed item (needs RegulationQuerySet.with_relations())."""
    facts = regulation.facts()
    status = rules.status_on(facts, on=on)
    document = regulation.document
    return {
        "idData": str(regulation.pk),
        "judul": f"{regulation.long_citation} tentang {regulation.title}",
        "jenis": RegulationType(regulation.type).label,
        "singkatanJenis": regulation.type,
        "noPeraturan": regulation.short_citation,
        "tahun_pengundangan": str(
            regulation.promulgated_on.year
            if regulation.promulgated_on
            else regulation.year
        ),
        "tanggal_pengundangan": _iso(regulation.promulgated_on),
        "tanggal_penetapan": _iso(regulation.signed_on),
        "sumber": regulation.publication,
        "subjek": ", ".join(tag.name for tag in regulation.subjects.all()),
        "status": _jdihn_status(status),
        "bahasa": "Indonesia",
        "urlDetailPeraturan": absolute(regulation.get_absolute_url()),
        "urlDownload": absolute(document.url) if document else "",
        "abstrak": regulation.abstract,
        # Beyond JDIHN:
        "status_detail": status.value,
        "status_label": status.label,
        "mulai_berlaku": _iso(regulation.effective_on),
        "berlaku_sampai": _iso(regulation.ends_on),
        "sumber_url": regulation.source_url,
        "catatan_verifikasi": regulation.verification_note,
        "fakta_terverifikasi": regulation.facts_verified,
        "ketentuan_berjangka": [
            {
                "ketentuan": period.label,
                "pasal": period.provision,
                "mulai": _iso(period.starts_on),
                "sampai": _iso(period.ends_on),
            }
            for period in regulation.periods.all()
        ],
        "relations": [
            _relation(r, r.target, "target", absolute)
            for r in regulation.relations.all()
        ],
        "incoming_relations": [
            _relation(r, r.source, "source", absolute)
            for r in regulation.live_incoming()
        ],
    }


def _jdihn_status(status: RegulationStatus) -> str:
    """JDIHN's two values, and no guess when the in-force date is not recorded."""
    if status == RegulationStatus.UNKNOWN:
        return "Belum Tercatat"
    return "Berlaku" if status in IN_FORCE_STATUSES else "Tidak Berlaku"


def feed(
    regulations: Iterable[Regulation], *, on: date, absolute: Callable[[str], str]
) -> dict[str, Any]:
    """The whole feed as at `on`."""
    items = [record(r, on=on, absolute=absolute) for r in regulations]
    return {"pada": on.isoformat(), "jumlah": len(items), "data": items}
