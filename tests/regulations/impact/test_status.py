"""Status changes that arrive at midnight with nobody saving (issue 14)."""

import datetime

import pytest

from regulations.impact.status import regulations_status_changed
from regulations.models import PageRegulationLink
from tests.factories import ArticlePageFactory
from tests.regulations.factories import RegulationFactory, RegulationRelationFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 3, 31)


@pytest.fixture
def cited(topic):
    """A regulation in force from DAY, cited by a live and an unpublished page."""
    regulation = RegulationFactory(effective_on=DAY)
    live = ArticlePageFactory(parent=topic, slug="live")
    draft = ArticlePageFactory(parent=topic, slug="draft", live=False)
    for page in (live, draft):
        PageRegulationLink.objects.create(page=page, regulation=regulation)
    return regulation, live


@pytest.mark.parametrize(
    ("on", "changed"),
    [
        (DAY - datetime.timedelta(days=1), False),
        (DAY, True),
        (DAY + datetime.timedelta(days=1), False),
    ],
)
def test_a_regulation_coming_into_force_changes_status_on_that_day_only(
    cited, on, changed
):
    regulation, live = cited
    changes = regulations_status_changed(on=on)
    assert changes.regulation_ids == ([regulation.pk] if changed else [])
    assert changes.page_ids == ([live.pk] if changed else [])


def test_a_revocation_taking_effect_is_a_change_that_day(topic):
    target = RegulationFactory(effective_on=datetime.date(2020, 3, 2))
    page = ArticlePageFactory(parent=topic, slug="cites-target")
    PageRegulationLink.objects.create(page=page, regulation=target)
    RegulationRelationFactory(
        source=RegulationFactory(
            year=2026, signed_on=DAY, promulgated_on=DAY, effective_on=DAY
        ),
        target=target,
        type="revokes",
    )
    assert regulations_status_changed(on=DAY).page_ids == [page.pk]
    assert (
        regulations_status_changed(on=DAY + datetime.timedelta(days=1)).page_ids == []
    )
