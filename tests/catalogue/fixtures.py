"""Shared set-up for the service-catalogue tests: a small registry and a catalogue.

The registry follows the "Perubahan Data WP" chain (research notes C6): UU KUP Pasal 2,
PMK 147/PMK.03/2017 replaced by PMK 81/2024 on 1 January 2025, and PER-04/PJ/2020
replaced by PER-7/PJ/2025 on 21 May 2025. Between those two days the PMK basis is in
place but the PER is not, so the gate must block a switch to automated.
"""

import datetime
from dataclasses import dataclass

import factory
import pytest
import wagtail_factories
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from catalogue.choices import BasisRole, ChangeSource, HandlingUnit, ServiceState
from catalogue.models import (
    ServiceIndexPage,
    ServiceLegalBasis,
    ServicePage,
    ServiceStateChange,
)
from regulations.choices import RegulationType, RelationType
from regulations.models import Regulation
from tests.regulations.factories import RegulationFactory, RegulationRelationFactory

PMK_START = datetime.date(2025, 1, 1)
PER_START = datetime.date(2025, 5, 21)
BLOCKED_DAY = datetime.date(2025, 3, 1)


class ServiceIndexPageFactory(wagtail_factories.PageFactory):
    title = "Layanan"
    slug = "layanan"

    class Meta:
        model = ServiceIndexPage


class ServicePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Layanan uji {n}")
    handling_unit = HandlingUnit.KPP_KANWIL
    target_state = ServiceState.AUTOMATED
    target_year = 2020
    current_state = ServiceState.KPP_KANWIL
    state_since = datetime.date(2019, 1, 2)

    class Meta:
        model = ServicePage


@dataclass
class Registry:
    uu_kup: Regulation
    pmk_147: Regulation
    pmk_81: Regulation
    per_04: Regulation
    per_7: Regulation


def make_registry() -> Registry:
    uu_kup = RegulationFactory(
        type=RegulationType.UU,
        number=6,
        year=1983,
        unit="",
        title="Ketentuan Umum dan Tata Cara Perpajakan",
        signed_on=datetime.date(1983, 12, 31),
        promulgated_on=datetime.date(1983, 12, 31),
        effective_on=datetime.date(1984, 1, 1),
    )
    pmk_147 = RegulationFactory(
        type=RegulationType.PMK,
        number=147,
        year=2017,
        unit="PMK.03",
        signed_on=datetime.date(2017, 10, 31),
        promulgated_on=datetime.date(2017, 10, 31),
        effective_on=datetime.date(2017, 10, 31),
    )
    pmk_81 = RegulationFactory(
        type=RegulationType.PMK,
        number=81,
        year=2024,
        unit="",
        signed_on=datetime.date(2024, 10, 14),
        promulgated_on=datetime.date(2024, 10, 18),
        effective_on=PMK_START,
    )
    per_04 = RegulationFactory(
        type=RegulationType.PER,
        number=4,
        year=2020,
        unit="PJ",
        signed_on=datetime.date(2020, 2, 11),
        promulgated_on=datetime.date(2020, 2, 11),
        effective_on=datetime.date(2020, 2, 11),
    )
    per_7 = RegulationFactory(
        type=RegulationType.PER,
        number=7,
        year=2025,
        unit="PJ",
        signed_on=datetime.date(2025, 5, 13),
        promulgated_on=datetime.date(2025, 5, 13),
        effective_on=PER_START,
    )
    RegulationRelationFactory(source=pmk_81, target=pmk_147, type=RelationType.REPLACES)
    RegulationRelationFactory(source=per_7, target=per_04, type=RelationType.REPLACES)
    return Registry(uu_kup, pmk_147, pmk_81, per_04, per_7)


def add_basis(service: ServicePage, *rows: tuple[Regulation, str, str]) -> None:
    for order, (regulation, role, provision) in enumerate(rows):
        ServiceLegalBasis.objects.create(
            page=service,
            regulation=regulation,
            role=role,
            provision=provision,
            sort_order=order,
        )


@pytest.fixture
def registry(db) -> Registry:
    return make_registry()


@pytest.fixture
def service_index(home_page) -> ServiceIndexPage:
    return ServiceIndexPageFactory(parent=home_page)


@pytest.fixture
def data_change(service_index, registry) -> ServicePage:
    """ "Perubahan data wajib pajak", at the counter, waiting for PER-7/PJ/2025."""
    service = ServicePageFactory(
        parent=service_index, title="Perubahan data wajib pajak", slug="perubahan-data"
    )
    add_basis(
        service,
        (registry.uu_kup, BasisRole.CURRENT_BASIS, "Pasal 2"),
        (registry.pmk_81, BasisRole.CURRENT_BASIS, ""),
        (registry.per_7, BasisRole.REQUIRED_CHANGE, ""),
    )
    return ServicePage.objects.get(pk=service.pk)


def edit_form_data(service: ServicePage, **changes) -> dict[str, str]:
    """The admin edit form of `service` as a browser would post it, with `changes`."""
    rows = list(service.legal_basis.order_by("sort_order"))
    data = {
        "title": service.title,
        "slug": service.slug,
        "code": service.code,
        "description": service.description,
        "eligibility": "",
        "required_documents": "",
        "steps": "",
        "prepopulated_data": "",
        "service_level_days": "",
        "handling_unit": service.handling_unit,
        "target_state": service.target_state,
        "target_year": str(service.target_year),
        "plan_category": "",
        "current_state": service.current_state,
        "state_since": service.state_since.isoformat(),
        "state_reason": "",
        "legal_basis": inline_formset(
            [
                {
                    "id": str(row.pk),
                    "regulation": str(row.regulation_id),
                    "provision": row.provision,
                    "role": row.role,
                    "note": "",
                    "ORDER": str(order),
                }
                for order, row in enumerate(rows)
            ],
            initial=len(rows),
        ),
        "comments": inline_formset([]),
        **changes,
    }
    return nested_form_data(data)


# Fast bulk creation (query-count tests and bench/dashboard.py) -------------------------
_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _step(number: int) -> str:
    text = ""
    while number:
        number, digit = divmod(number, len(_ALPHABET))
        text = _ALPHABET[digit] + text
    return text.rjust(Page.steplen, "0")


def bulk_services(
    parent: ServiceIndexPage,
    specs: list[dict],
    *,
    basis: list[tuple[Regulation, str, str]] | None = None,
    batch_size: int = 500,
) -> list[int]:
    """Insert service pages straight into the tree, without revisions or search indexing.

    `specs` are ServicePage field values (slug and title required). Page rows are bulk
    created, then the service rows with Django's multi-row insert (bulk_create does not
    support multi-table inheritance), then the legal basis rows. Returns the page ids.
    """
    parent = Page.objects.get(pk=parent.pk)
    content_type = ContentType.objects.get_for_model(ServicePage)
    first = parent.numchild + 1
    pages = [
        Page(
            title=spec["title"],
            draft_title=spec["title"],
            slug=spec["slug"],
            path=parent.path + _step(first + index),
            depth=parent.depth + 1,
            numchild=0,
            url_path=f"{parent.url_path}{spec['slug']}/",
            live=True,
            content_type=content_type,
            locale_id=parent.locale_id,
        )
        for index, spec in enumerate(specs)
    ]
    with transaction.atomic():
        Page.objects.bulk_create(pages, batch_size=batch_size)
        ids = list(
            Page.objects.filter(path__in=[page.path for page in pages])
            .order_by("path")
            .values_list("pk", flat=True)
        )
        services = []
        for page_id, page, spec in zip(ids, pages, specs, strict=True):
            values = {k: v for k, v in spec.items() if k not in {"title", "slug"}}
            service = ServicePage(page_ptr_id=page_id, **values)
            service.__dict__.update(
                {
                    f.attname: getattr(page, f.attname)
                    for f in Page._meta.concrete_fields
                }
            )
            service.page_ptr_id = page_id
            services.append(service)
        fields = [f for f in ServicePage._meta.local_concrete_fields if f.name != "id"]
        for start in range(0, len(services), batch_size):
            ServicePage._base_manager._insert(
                services[start : start + batch_size], fields=fields
            )
        Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + len(specs))
        # The history every real path records: the state from its `state_since`.
        ServiceStateChange.objects.bulk_create(
            [
                ServiceStateChange(
                    page_id=page_id,
                    to_state=service.current_state,
                    on=service.state_since,
                    source=ChangeSource.IMPORT,
                )
                for page_id, service in zip(ids, services, strict=True)
                if service.state_since is not None
            ],
            batch_size=batch_size,
        )
        if basis:
            ServiceLegalBasis.objects.bulk_create(
                [
                    ServiceLegalBasis(
                        page_id=page_id,
                        regulation=regulation,
                        role=role,
                        provision=provision,
                        sort_order=order,
                    )
                    for page_id in ids
                    for order, (regulation, role, provision) in enumerate(basis)
                ],
                batch_size=batch_size,
            )
    return ids
