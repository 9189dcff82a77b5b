"""Fixtures shared by the registry tests."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import transaction


@pytest.fixture
def editor(django_user_model):
    """A member of the Editors group, with an e-mail address."""
    user = django_user_model.objects.create_user(
        "editor", email="editor@example.com", password="x"
    )
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture(scope="module")
def demo_registry(django_db_setup, django_db_blocker):
    """The demo file loaded once for this module, inside a transaction rolled back after it."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            out = io.StringIO()
            call_command("load_demo_regulations", stdout=out)
            yield out.getvalue()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
