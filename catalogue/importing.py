"""Read the service catalogue from JSON Lines or CSV (same columns) and import it line by line.

Columns: slug, name, handling_unit, target_state, target_year, plan_category,
current_state, state_since, legal_basis; optional code, description, eligibility,
required_documents, steps, prepopulated_data, channels, validation_methods (lists; in
CSV separated by ";"), service_level_days and illustrative.
`legal_basis` lists citation texts resolved with the citation parser (in CSV separated by
";"). A text may start with a role ("required_change: PER-7/PJ/2025") and may name a
Pasal ("Pasal 2 UU 6/1983"); in JSON Lines an item may also be an object
{"citation", "role", "provision"}. Keys starting with "_" are notes and are ignored.
Reading, field checks and the report come from the import core (``ingest``). Each line
is written in its own savepoint through catalogue.actions.service_upsert, so the gate
judges every claimed state and a rejected line leaves nothing behind (not even the
"Layanan" catalogue page a first line would create). A slug repeated in one file is
rejected, naming the line that had it first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DataError, IntegrityError, transaction
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
from catalogue.models import ScheduledSwitch, ServiceLegalBasis, ServicePage
from ingest import (
    Fields,
    FirstSeen,
    Problem,
    Record,
    Report,
    error_text,
    max_length_of,
    read_lines,
    shown,
)
from regulations.actions import draft_save, regulation_create
from regulations.citations import parse_one
from regulations.models import Regulation, RegulationDraft, RegulationDraftService

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
    "description",
    "eligibility",
    "required_documents",
    "steps",
    "prepopulated_data",
)
LABELS = {"name": "name (nama layanan)"}
BASIS_LABELS = {"citation": "kutipan dasar hukum", "role": "peran dasar hukum"}
CITATION_MAX = 300


# Parsing ---------------------------------------------------------------------------
def _basis_items(fields: Fields) -> list[Any]:
    value = fields.data.get("legal_basis")
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(";") if part.strip()]
    if isinstance(value, list):
        return value
    fields.error(
        "legal_basis",
        _("legal_basis harus berupa daftar kutipan (di CSV dipisahkan dengan ;)"),
    )
    return []


class BasisResolver:
    """Resolves citation texts to published regulations, remembering what it found."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str, int, int], Regulation | None] = {}

    def __call__(self, item: Any) -> BasisSpec | str:
        """The basis row an item names, or why it cannot be used."""
        role, provision = BasisRole.CURRENT_BASIS, ""
        if isinstance(item, dict):
            fields = Fields(item, labels=BASIS_LABELS)
            text = fields.text("citation", required=True, max_length=CITATION_MAX)
            role = fields.choice("role", BasisRole.values, required=False) or role
            provision = fields.text(
                "provision", max_length=max_length_of(ServiceLegalBasis, "provision")
            )
            if fields.errors:
                return "; ".join(message for _key, message in fields.errors)
        elif isinstance(item, str):
            fields = Fields({"citation": item}, labels=BASIS_LABELS)
            text = fields.text("citation", required=True, max_length=CITATION_MAX)
            if fields.errors:
                return fields.errors[0][1]
            head, colon, rest = text.partition(":")
            if colon and head.strip() in BasisRole.values:
                role, text = head.strip(), rest.strip()
        else:
            return _(
                "legal_basis harus berupa daftar kutipan (di CSV dipisahkan dengan ;)"
            )
        citation = parse_one(text)
        if citation is None:
            return _(
                "kutipan dasar hukum %(text)s tidak dikenali; tulis satu peraturan, "
                "mis. 'PMK 81/2024' atau 'Pasal 2 UU 6/1983'"
            ) % {"text": shown(text)}
        if citation.key not in self._cache:
            self._cache[citation.key] = Regulation.objects.published().by_key(
                citation.key
            )
        regulation = self._cache[citation.key]
        if regulation is None:
            return _(
                "%(text)s belum terdaftar (atau belum diterbitkan) di registri "
                "peraturan; daftarkan dulu peraturannya"
            ) % {"text": text}
        return BasisSpec(
            regulation=regulation,
            role=role,
            provision=provision or citation.provision or "",
        )


def parse_record(
    data: dict[str, Any], *, resolve: BasisResolver
) -> tuple[str, dict[str, object], list[BasisSpec], list[tuple[str, str]]]:
    """(slug, page fields, legal basis, [(column, error)]) of one record."""
    fields = Fields(data, labels=LABELS)
    unknown = fields.unknown({*REQUIRED, *OPTIONAL}, notes_prefix="_")
    if unknown:
        fields.error(
            unknown[0],
            _("kolom tidak dikenal: %(names)s") % {"names": ", ".join(unknown)},
        )
    missing = [name for name in REQUIRED if name not in data]
    if missing:
        fields.error(
            missing[0],
            _("kolom wajib tidak ada: %(names)s") % {"names": ", ".join(missing)},
        )
    if fields.errors:
        return "", {}, [], fields.errors
    slug = fields.slug(
        max_length=max_length_of(ServicePage, "slug"), allow_unicode=False
    )
    values: dict[str, object] = {
        "title": fields.text(
            "name", required=True, max_length=max_length_of(ServicePage, "title")
        ),
        "handling_unit": fields.choice("handling_unit", HandlingUnit.values),
        "target_state": fields.choice("target_state", ServiceState.values),
        "target_year": fields.integer(
            "target_year", low=2000, high=2100, example="2025"
        ),
        "plan_category": fields.choice(
            "plan_category", PlanCategory.values, required=False
        ),
        "current_state": fields.choice("current_state", ServiceState.values),
        "state_since": fields.date("state_since"),
    }
    if "code" in data:
        values["code"] = fields.text(
            "code", max_length=max_length_of(ServicePage, "code")
        )
    for name in TEXT_COLUMNS:
        if name in data:
            values[name] = fields.text(
                name, max_length=max_length_of(ServicePage, name), multiline=True
            )
    if "channels" in data:
        values["channels"] = fields.choice_list(
            "channels", Channel.values, separator=";"
        )
    if "validation_methods" in data:
        values["validation_methods"] = fields.choice_list(
            "validation_methods", ValidationMethod.values, separator=";"
        )
    if "service_level_days" in data:
        values["service_level_days"] = fields.integer(
            "service_level_days", low=0, high=365, example="5"
        )
    if "illustrative" in data:
        values["illustrative"] = fields.boolean("illustrative")
    basis: list[BasisSpec] = []
    for item in _basis_items(fields):
        spec = resolve(item)
        if isinstance(spec, str):
            fields.error("legal_basis", spec)
        else:
            basis.append(spec)
    return slug, values, basis, fields.errors


# Importing -------------------------------------------------------------------------
def _import_one(
    record: Record,
    *,
    resolve: BasisResolver,
    seen: FirstSeen,
    user: AbstractBaseUser | None,
    reason: str,
    extra_fields: dict[str, object] | None,
    today: date | None,
) -> str | Problem:
    """The outcome of one record ("created", "updated", "unchanged"), or its problem."""
    slug, values, basis, errors = parse_record(record.data, resolve=resolve)
    if errors:
        return record.rejection(errors)
    repeat = seen.repeat(
        slug, source=record.source, line=record.line, name=f"slug {shown(slug)}"
    )
    if repeat:
        return record.problem(repeat, key="slug")
    try:
        # The catalogue page a first line creates goes with that line.
        with transaction.atomic():
            return service_upsert(
                slug=slug,
                fields={**values, **(extra_fields or {})},
                basis=basis,
                user=user,
                reason=reason,
                source=ChangeSource.IMPORT,
                today=today,
            )
    except ValidationError as err:
        return record.problem(error_text(err))
    except PermissionDenied as err:
        return record.problem(
            _("pengguna tidak berhak mengubah layanan ini (%(error)s)") % {"error": err}
        )
    except (IntegrityError, DataError) as err:
        return record.problem(
            _("basis data menolak baris ini (%(detail)s)") % {"detail": err}
        )


def import_records(
    records: Iterable[Record | Problem],
    *,
    user: AbstractBaseUser | None = None,
    reason: str = "",
    extra_fields: dict[str, object] | None = None,
    today: date | None = None,
) -> Report:
    """Import each record through the gate; every rejected line is reported with its reason."""
    report = Report()
    resolve = BasisResolver()
    seen = FirstSeen()
    reason = reason or _("Impor katalog layanan.")
    for record in records:
        outcome = (
            record
            if isinstance(record, Problem)
            else _import_one(
                record,
                resolve=resolve,
                seen=seen,
                user=user,
                reason=reason,
                extra_fields=extra_fields,
                today=today,
            )
        )
        if isinstance(outcome, Problem):
            report.rejected.append(outcome)
        else:
            report.count(outcome)
    return report


def import_file(
    path: Path, *, user: AbstractBaseUser | None = None, today: date | None = None
) -> Report:
    """Import a JSON Lines (.jsonl) or CSV (.csv) file of services."""
    return import_records(
        read_lines(path),
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
        "Peraturan rekaan untuk demo katalog layanan: nomor, judul "
        "dan tanggalnya dibuat-buat agar ada layanan yang menunggu peraturan yang belum "
        "berlaku. Bukan peraturan Direktorat Jenderal Pajak."
    ),
}
DEMO_SCHEDULED = ("surat-keterangan-fiskal", "automated")
# Invented drafts, clearly marked, so the pipeline has regulation changes in progress
# holding services back (a draft's expected date is an estimate for the gate).
DEMO_DRAFTS = (
    {
        "type": "PMK",
        "title": (
            "Tata Cara Layanan Perpajakan melalui Contact Center "
            "(ILUSTRASI DEMO, bukan rancangan resmi)"
        ),
        "stage": "harmonisasi",
        "expected_signed_on": date(2027, 2, 1),
        "expected_on": date(2027, 3, 1),
        "owner_unit": "Direktorat Peraturan Perpajakan I (ilustrasi)",
        "waiting": ("layanan-klip-ilustratif-07", "layanan-klip-ilustratif-08"),
    },
    {
        "type": "PER",
        "title": (
            "Petunjuk Teknis Layanan Back Office Contact Center "
            "(ILUSTRASI DEMO, bukan rancangan resmi)"
        ),
        "stage": "usulan",
        "owner_unit": "Direktorat Peraturan Perpajakan I (ilustrasi)",
        "waiting": ("layanan-klip-ilustratif-09",),
    },
)
REGISTRY_MISSING_ERROR = gettext_lazy(
    "Registri peraturan demo belum dimuat. Jalankan `manage.py load_demo_regulations` "
    "terlebih dahulu, lalu ulangi `manage.py load_demo_services`."
)


@dataclass
class DemoReport:
    services: Report
    bases_replaced: list[str] = field(default_factory=list)
    scheduled: list[str] = field(default_factory=list)
    flagged: int = 0
    illustrative_regulation_created: bool = False
    drafts_created: int = 0


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


def _ensure_demo_drafts() -> int:
    """Record the illustrative drafts and the services waiting on them, once."""
    created = 0
    for spec in DEMO_DRAFTS:
        values = {k: v for k, v in spec.items() if k != "waiting"}
        if RegulationDraft.objects.filter(title=values["title"]).exists():
            continue
        pages = ServicePage.objects.filter(slug__in=spec["waiting"]).order_by("slug")
        draft = RegulationDraft(illustrative=True, **values)
        draft.waiting_services = [
            RegulationDraftService(page_id=page.pk, sort_order=order)
            for order, page in enumerate(pages)
        ]
        draft_save(draft=draft)
        created += 1
    return created


def _demo_state_since(record: Record) -> date | None:
    fields = Fields(record.data)
    return fields.date("state_since")


def _demo_later_basis(record: Record, resolve: BasisResolver) -> list[BasisSpec]:
    fields = Fields({"legal_basis": record.data["_later_basis"]})
    specs = [resolve(item) for item in _basis_items(fields)]
    problems = [spec for spec in specs if isinstance(spec, str)]
    if problems or fields.errors:
        raise ValidationError([*problems, *(m for _k, m in fields.errors)])
    return specs


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
    records = [
        replace(
            record,
            data={
                **record.data,
                "legal_basis": record.data.get(
                    "_later_basis", record.data.get("legal_basis")
                ),
            },
        )
        if isinstance(record, Record) and record.data.get("slug") in existing
        else record
        for record in read_lines(path, source=path.name)
    ]
    report = DemoReport(
        services=Report(), illustrative_regulation_created=created_regulation
    )
    resolve = BasisResolver()
    seen = FirstSeen()
    created: list[Record] = []
    for record in records:
        if isinstance(record, Problem):
            report.services.rejected.append(record)
            continue
        # Replayed as on the day each state began: the gate judged a switch on the basis
        # in force then, and a basis replaced or lapsed since is handled below as it was
        # in real life (replaced by the legal team, or flagged).
        outcome = _import_one(
            record,
            resolve=resolve,
            seen=seen,
            user=None,
            reason=_("Data demo katalog layanan 3C."),
            extra_fields={"is_demo": True},
            today=min(_demo_state_since(record) or today, today),
        )
        if isinstance(outcome, Problem):
            report.services.rejected.append(outcome)
            continue
        report.services.count(outcome)
        if outcome == "created":
            created.append(record)
    for record in created:
        if "_later_basis" not in record.data:
            continue
        service = ServicePage.objects.get(slug=record.data["slug"])
        basis = _demo_later_basis(record, resolve)
        if service_set_legal_basis(service=service, basis=basis):
            report.bases_replaced.append(record.data["slug"])
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
    report.drafts_created = _ensure_demo_drafts()
    report.flagged = len(services_flag_lost_basis(on=today))
    return report
