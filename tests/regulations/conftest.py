"""Fixtures shared by the registry tests."""

import pytest
from django.contrib.auth.models import Group


@pytest.fixture
def editor(django_user_model):
    """A member of the Editors group, with an e-mail address."""
    user = django_user_model.objects.create_user(
        "editor", email="editor@example.com", password="x"
    )
    user.groups.add(Group.objects.get(name="Editors"))
    return user
