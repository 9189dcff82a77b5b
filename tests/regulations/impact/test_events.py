"""Regulation events and their dated reasons: amendments, the end of efficacy, and
relations of drafts (which are not events)."""

import datetime

from regulations.choices import RelationType
from regulations.models import RegulationRelation, ReviewFlag
from tests.factories import FAQItemFactory, FAQPageFactory
from tests.regulations.impact.support import D, make_regulation, revoke, run_job


def test_amendment_and_end_of_efficacy_reasons(topic, db):
    pp = make_regulation(
        "PP", 9, 2021, effective_on=D(2021, 2, 2), ends_on=D(2021, 12, 31)
    )
    amending = make_regulation("PP", 50, 2021, effective_on=D(2021, 6, 1))
    RegulationRelation.objects.create(
        source=amending, type=RelationType.AMENDS, target=pp, provision="Pasal 4"
    )
    faq = FAQPageFactory(parent=topic)
    FAQItemFactory(page=faq, answer="Lihat PP 9 Tahun 2021.")
    faq.save_revision().publish()
    ReviewFlag.objects.all().delete()
    # Reviewed (last published) well before both events.
    type(faq).objects.filter(pk=faq.pk).update(
        last_published_at=datetime.datetime(2021, 3, 1, tzinfo=datetime.UTC)
    )

    run_job("2021-12-31")
    assert list(ReviewFlag.objects.values_list("reason", flat=True)) == [
        "Pasal 4 PP 9/2021 diubah dengan PP 50/2021 sejak 1 Juni 2021"
    ]

    run_job("2022-01-01")
    assert ReviewFlag.objects.order_by("event_on").last().reason == (
        "Masa berlaku PP 9/2021 berakhir pada 31 Desember 2021; "
        "sejak 1 Januari 2022 peraturan ini tidak berlaku lagi"
    )


def test_draft_relations_do_not_flag(article, pmk23, pmk44):
    pmk44.live = False
    pmk44.save()
    revoke(pmk23, pmk44)

    run_job("2020-06-01")

    assert not ReviewFlag.objects.exists()
