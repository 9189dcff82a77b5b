"""Read the service catalogue from JSON Lines or CSV (same columns) and import it line by line.

Columns: slug, name, handling_unit, target_state, target_year, plan_category,
current_state, state_since, legal_basis; optional code, description, eligibility,
required_documents, steps, prepopulated_data, channels, validation_methods (lists; in
CSV separated by ";"), service_level_days and illustrative.
`legal_basis` lists citation texts resolved with the citation parser (in CSV separated by
";"). A text may start with a role ("required_change: PER-7/PJ/2025") and may name a
Pasal ("Pasal 2 UU 6/1983"); in JSON Lines an item may also be an object
{"citation", "role", "provision"}. Keys starting with "_" are notes and are ignored.
Each line is written in its own transaction through kb.services.service_upsert, so the
gate judges every claimed state and a rejected line leaves nothing behind.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalogue.actions import (
    BasisSpec,
    service_schedule_switch,
    service_set_legal_basis,
    service_upsert,
    services_flag_lost_basis,
)
from catalogue.choices import (
    BasisRole,
    ChangeSource,
    Channel,
    HandlingUnit,
    PlanCategory,
    ServiceState,
    ValidationMethod,
)
from catalogue.models import ScheduledSwitch, ServicePage
from regulations.actions import regulation_create
from regulations.citations import parse_one
from regulations.models import Regulation

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

REQUIRED = (
    "slug",
    "name",
    "handling_unit",
    "target_state",
    "target_year",
    "plan_category",
    "current_state",
    "state_since",
    "legal_basis",
)
OPTIONAL = (
    "code",
    "description",
    "eligibility",
    "required_documents",
    "steps",
    "prepopulated_data",
    "channels",
    "validation_methods",
    "service_level_days",
    "illustrative",
)
TEXT_COLUMNS = (
    "code",
    "description",
    "eligibility",
    "required_documents",
    "steps",
    "prepopulated_data",
)
TRUE_WORDS = {"1", "true", "ya", "yes", "y"}
FALSE_WORDS = {"", "0", "false", "tidak", "no", "n"}


class RowError(Exception):
    """A line that cannot be imported, with the reason in the editors' language."""


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    rejected: list[tuple[int, str]] = field(default_factory=list)


# Reading ---------------------------------------------------------------------------
def read_records(path: Path) -> Iterator[tuple[int, dict[str, Any] | RowError]]:
    """(line number, record or the reason it could not be read) for each data line."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        if path.suffix.lower() == ".csv":
            reader = csv.DictReader(handle)
            for record in reader:
                if None in record:
                    yield (
                        reader.line_num,
                        RowError(
                            _(
                                "baris ini punya lebih banyak kolom daripada kepala tabel"
                            )
                        ),
                    )
                    continue
                yield reader.line_num, record
            return
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as err:
                yield (
                    number,
                    RowError(_("JSON tidak valid: %(error)s") % {"error": err}),
                )
                continue
            if not isinstance(record, dict):
                yield number, RowError(_("setiap baris harus berupa objek JSON {...}"))
                continue
            yield number, record


# Parsing ---------------------------------------------------------------------------
def _text(record: dict[str, Any], name: str) -> str:
    value = record.get(name)
    return "" if value is None else str(value).strip()


def _choice(record: dict[str, Any], name: str, choices, *, blank: bool = False) -> str:
    value = _text(record, name)
    if blank and not value:
        return ""
    if value not in choices.values:
        raise RowError(
            _("%(field)s %(value)r tidak dikenal; pilih salah satu: %(choices)s")
            % {"field": name, "value": value, "choices": ", ".join(choices.values)}
        )
    return value


def _year(record: dict[str, Any]) -> int | None:
    value = _text(record, "target_year")
    if not value:
        return None
    if not value.isdigit() or not 2000 <= int(value) <= 2100:
        raise RowError(
            _("target_year %(value)r harus tahun antara 2000 dan 2100")
            % {"value": value}
        )
    return int(value)


def _date(record: dict[str, Any]) -> date | None:
    value = _text(record, "state_since")
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as err:
        raise RowError(
            _("state_since %(value)r bukan tanggal YYYY-MM-DD") % {"value": value}
        ) from err


def _choice_list(record: dict[str, Any], name: str, choices) -> list[str]:
    value = record.get(name)
    items = value if isinstance(value, list) else str(value or "").split(";")
    items = [str(item).strip() for item in items if str(item).strip()]
    unknown = [item for item in items if item not in choices.values]
    if unknown:
        raise RowError(
            _("%(field)s tidak dikenal: %(values)s; pilihan: %(choices)s")
            % {
                "field": name,
                "values": ", ".join(unknown),
                "choices": ", ".join(choices.values),
            }
        )
    return items


def _days(record: dict[str, Any]) -> int | None:
    value = _text(record, "service_level_days")
    if not value:
        return None
    if not value.isdigit() or int(value) > 365:
        raise RowError(
            _("service_level_days %(value)r harus jumlah hari 0 sampai 365")
            % {"value": value}
        )
    return int(value)


def _bool(record: dict[str, Any], name: str) -> bool:
    value = record.get(name)
    if isinstance(value, bool):
        return value
    word = _text(record, name).lower()
    if word in TRUE_WORDS | FALSE_WORDS:
        return word in TRUE_WORDS
    raise RowError(_("%(field)s harus true atau false") % {"field": name})


def _basis_items(value: Any) -> list[Any]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(";") if part.strip()]
    if isinstance(value, list):
        return value
    raise RowError(
        _("legal_basis harus berupa daftar kutipan (di CSV dipisahkan dengan ;)")
    )


class BasisResolver:
    """Resolves citation texts to published regulations, remembering what it found."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str, int, int], Regulation | None] = {}

    def __call__(self, item: Any) -> BasisSpec:
        role, provision = BasisRole.CURRENT_BASIS, ""
        if isinstance(item, dict):
            text = str(item.get("citation", "")).strip()
            role = str(item.get("role") or role).strip()
            provision = str(item.get("provision") or "").strip()
        else:
            text = str(item).strip()
            head, colon, rest = text.partition(":")
            if colon and head.strip() in BasisRole.values:
                role, text = head.strip(), rest.strip()
        if role not in BasisRole.values:
            raise RowError(
                _(
                    "peran dasar hukum %(value)r tidak dikenal; pilih salah satu: %(choices)s"
                )
                % {"value": role, "choices": ", ".join(BasisRole.values)}
            )
        citation = parse_one(text)
        if citation is None:
            raise RowError(
                _(
                    "kutipan dasar hukum %(text)r tidak dikenali; tulis satu peraturan, "
                    "mis. 'PMK 81/2024' atau 'Pasal 2 UU 6/1983'"
                )
                % {"text": text}
            )
        if citation.key not in self._cache:
            self._cache[citation.key] = Regulation.objects.published().by_key(
                citation.key
            )
        regulation = self._cache[citation.key]
        if regulation is None:
            raise RowError(
                _(
                    "%(text)s belum terdaftar (atau belum diterbitkan) di registri "
                    "peraturan; daftarkan dulu peraturannya"
                )
                % {"text": text}
            )
        return BasisSpec(
            regulation=regulation,
            role=role,
            provision=provision or citation.provision or "",
        )


def parse_record(
    record: dict[str, Any], *, resolve: BasisResolver
) -> tuple[str, dict[str, object], list[BasisSpec]]:
    """(slug, page fields, legal basis) of one record, or RowError with the reason."""
    known = set(REQUIRED) | set(OPTIONAL)
    unknown = sorted(k for k in record if k not in known and not str(k).startswith("_"))
    if unknown:
        raise RowError(
            _("kolom tidak dikenal: %(names)s") % {"names": ", ".join(unknown)}
        )
    missing = [name for name in REQUIRED if name not in record]
    if missing:
        raise RowError(
            _("kolom wajib tidak ada: %(names)s") % {"names": ", ".join(missing)}
        )
    slug = _text(record, "slug")
    try:
        validate_slug(slug)
    except ValidationError as err:
        raise RowError(
            _("slug %(value)r hanya boleh berisi huruf, angka, - dan _")
            % {"value": slug}
        ) from err
    name = _text(record, "name")
    if not name:
        raise RowError(_("name (nama layanan) wajib diisi"))
    fields: dict[str, object] = {
        "title": name,
        "handling_unit": _choice(record, "handling_unit", HandlingUnit),
        "target_state": _choice(record, "target_state", ServiceState),
        "target_year": _year(record),
        "plan_category": _choice(record, "plan_category", PlanCategory, blank=True),
        "current_state": _choice(record, "current_state", ServiceState),
        "state_since": _date(record),
    }
    for name in TEXT_COLUMNS:
        if name in record:
            fields[name] = _text(record, name)
    if "channels" in record:
        fields["channels"] = _choice_list(record, "channels", Channel)
    if "validation_methods" in record:
        fields["validation_methods"] = _choice_list(
            record, "validation_methods", ValidationMethod
        )
    if "service_level_days" in record:
        fields["service_level_days"] = _days(record)
    if "illustrative" in record:
        fields["illustrative"] = _bool(record, "illustrative")
    basis = [resolve(item) for item in _basis_items(record.get("legal_basis"))]
    return slug, fields, basis


# Importing -------------------------------------------------------------------------
def import_records(
    records: Iterable[tuple[int, dict[str, Any] | RowError]],
    *,
    user: AbstractBaseUser | None = None,
    reason: str = "",
    extra_fields: dict[str, object] | None = None,
    today: date | None = None,
) -> ImportReport:
    """Import each record through the gate; every rejected line is reported with its reason."""
    report = ImportReport()
    resolve = BasisResolver()
    reason = reason or _("Impor katalog layanan.")
    for line, record in records:
        try:
            if isinstance(record, RowError):
                raise record
            slug, fields, basis = parse_record(record, resolve=resolve)
            outcome = service_upsert(
                slug=slug,
                fields={**fields, **(extra_fields or {})},
                basis=basis,
                user=user,
                reason=reason,
                source=ChangeSource.IMPORT,
                today=today,
            )
        except RowError as err:
            report.rejected.append((line, str(err)))
        except ValidationError as err:
            report.rejected.append((line, " ".join(err.messages)))
        else:
            getattr(report, outcome).append(slug)
    return report


def import_file(
    path: Path, *, user: AbstractBaseUser | None = None, today: date | None = None
) -> ImportReport:
    """Import a JSON Lines (.jsonl) or CSV (.csv) file of services."""
    return import_records(
        read_records(path),
        user=user,
        reason=_("Impor katalog layanan dari %(file)s.") % {"file": path.name},
        today=today,
    )


# Demo catalogue --------------------------------------------------------------------
DEMO_FILE = Path(__file__).resolve().parent / "demo" / "services.jsonl"
DEMO_REGISTRY_KEY = ("UU", 6, 1983)
# An invented PER, clearly marked, so the demo has a service waiting for a regulation
# that is not in force yet whatever the real registry holds.
ILLUSTRATIVE_PER = {
    "type": "PER",
    "number": 99,
    "year": 2026,
    "unit": "PJ",
    "title": (
        "Tata Cara Permohonan Surat Keterangan Fiskal secara Elektronik "
        "(ILUSTRASI DEMO, bukan peraturan resmi)"
    ),
    "signed_on": date(2026, 11, 2),
    "promulgated_on": date(2026, 11, 2),
    "effective_on": date(2027, 7, 1),
    "verification_note": (
        "Peraturan rekaan untuk demo gerbang otomasi katalog layanan 3C: nomor, judul "
        "dan tanggalnya dibuat-buat agar ada layanan yang menunggu peraturan yang belum "
        "berlaku. Bukan peraturan Direktorat Jenderal Pajak."
    ),
}
DEMO_SCHEDULED = ("surat-keterangan-fiskal", "automated")
REGISTRY_MISSING_ERROR = gettext_lazy(
    "Registri peraturan demo belum dimuat. Jalankan `manage.py load_demo_regulations` "
    "terlebih dahulu, lalu ulangi `manage.py load_demo_services`."
)


@dataclass
class DemoReport:
    services: ImportReport
    bases_replaced: list[str] = field(default_factory=list)
    scheduled: list[str] = field(default_factory=list)
    flagged: int = 0
    illustrative_regulation_created: bool = False


def _ensure_illustrative_regulation() -> bool:
    key = (
        ILLUSTRATIVE_PER["type"],
        ILLUSTRATIVE_PER["number"],
        ILLUSTRATIVE_PER["year"],
    )
    if Regulation.objects.by_key(key) is not None:
        return False
    regulation_create(
        reason=_("Data demo: peraturan ilustratif untuk katalog layanan 3C."),
        **ILLUSTRATIVE_PER,
    )
    return True


def _demo_state_since(record: dict[str, Any] | RowError) -> date | None:
    if not isinstance(record, dict):
        return None
    try:
        return date.fromisoformat(str(record.get("state_since")))
    except ValueError:
        return None


def demo_services_load(
    *, path: Path = DEMO_FILE, today: date | None = None
) -> DemoReport:
    """Load the demo catalogue (168 services) after the demo registry; idempotent.

    Each line is imported as on its `state_since`, the day its state began. Lines with a
    `_later_basis` describe a service automated on an older basis that the legal team
    later replaced: the service is imported on its old basis (so the history snapshot
    shows it) and then moved to the new one. Then one switch is scheduled for
    "when the basis is in force", and services whose basis lapsed are flagged.
    """
    today = today or timezone.localdate()
    if Regulation.objects.published().by_key(DEMO_REGISTRY_KEY) is None:
        raise ValidationError(REGISTRY_MISSING_ERROR)
    created_regulation = _ensure_illustrative_regulation()
    existing = set(ServicePage.objects.values_list("slug", flat=True))
    records = list(read_records(path))
    for _line, record in records:
        if isinstance(record, dict) and record.get("slug") in existing:
            record["legal_basis"] = record.get("_later_basis", record["legal_basis"])
    report = DemoReport(
        services=ImportReport(), illustrative_regulation_created=created_regulation
    )
    for line, record in records:
        # Replayed as on the day each state began: the gate judged a switch on the basis
        # in force then, and a basis replaced or lapsed since is handled below as it was
        # in real life (replaced by the legal team, or flagged).
        one = import_records(
            [(line, record)],
            reason=_("Data demo katalog layanan 3C."),
            extra_fields={"is_demo": True},
            today=min(_demo_state_since(record) or today, today),
        )
        for name in ("created", "updated", "unchanged", "rejected"):
            getattr(report.services, name).extend(getattr(one, name))
    resolve = BasisResolver()
    for _line, record in records:
        if not isinstance(record, dict) or "_later_basis" not in record:
            continue
        if record["slug"] not in report.services.created:
            continue
        service = ServicePage.objects.get(slug=record["slug"])
        basis = [resolve(item) for item in _basis_items(record["_later_basis"])]
        if service_set_legal_basis(service=service, basis=basis):
            report.bases_replaced.append(record["slug"])
    slug, state = DEMO_SCHEDULED
    service = ServicePage.objects.filter(slug=slug).first()
    if (
        service is not None
        and service.current_state != state
        and not ScheduledSwitch.objects.filter(service=service).exists()
    ):
        service_schedule_switch(
            service=service,
            to_state=state,
            on=None,
            reason=_("Demo: beralih otomatis pada hari dasar hukumnya berlaku."),
            today=today,
        )
        report.scheduled.append(slug)
    report.flagged = len(services_flag_lost_basis(on=today))
    return report
