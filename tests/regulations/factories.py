"""Factories for registry rows; published (live) by default, as the importer leaves them."""

import datetime

import factory

from regulations.choices import RegulationType, RelationType
from regulations.models import Regulation, RegulationRelation


class RegulationFactory(factory.django.DjangoModelFactory):
    type = RegulationType.PMK
    number = factory.Sequence(lambda n: 100 + n)
    year = 2020
    unit = factory.LazyAttribute(lambda o: "PMK.03" if o.type == "PMK" else "")
    title = factory.Sequence(lambda n: f"Peraturan uji nomor {n}")
    signed_on = datetime.date(2020, 3, 1)
    promulgated_on = datetime.date(2020, 3, 2)
    effective_on = datetime.date(2020, 3, 2)
    live = True

    class Meta:
        model = Regulation


class RegulationRelationFactory(factory.django.DjangoModelFactory):
    source = factory.SubFactory(RegulationFactory)
    target = factory.SubFactory(RegulationFactory)
    type = RelationType.AMENDS
    provision = ""

    class Meta:
        model = RegulationRelation
