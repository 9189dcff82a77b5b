"""Fixtures of the impact tests: PMK 23/PMK.03/2020, the PMK that revoked it, an
article citing it and a user who may not edit pages (the editor is in
tests/regulations/conftest.py)."""

import pytest
from django.contrib.auth.models import Permission

from regulations.models import Regulation
from tests.factories import ArticlePageFactory
from tests.regulations.impact.support import D, make_regulation


@pytest.fixture
def pmk23(db) -> Regulation:
    """PMK 23/PMK.03/2020, in force from 23 March 2020 (jdih.kemenkeu.go.id)."""
    return make_regulation(
        "PMK", 23, 2020, "PMK.03", title="Insentif Pajak", effective_on=D(2020, 3, 23)
    )


@pytest.fixture
def pmk44(db) -> Regulation:
    """PMK 44/PMK.03/2020, in force from 27 April 2020; it revoked PMK 23/PMK.03/2020."""
    return make_regulation(
        "PMK", 44, 2020, "PMK.03", title="Insentif Pajak", effective_on=D(2020, 4, 27)
    )


@pytest.fixture
def article(topic, pmk23):
    """A published article citing PMK 23/PMK.03/2020, last reviewed on 1 April 2020."""
    page = ArticlePageFactory(
        parent=topic,
        title="Insentif PPh 21 DTP",
        slug="insentif-pph-21",
        body="Insentif ini diatur dalam PMK 23/PMK.03/2020.",
        reviewed_on=D(2020, 4, 1),
    )
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def outsider(django_user_model):
    """Can open the admin but may not edit any page."""
    user = django_user_model.objects.create_user("tamu", password="x")
    user.user_permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )
    return user
