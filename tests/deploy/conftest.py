"""The stack (gunicorn + Varnish from deploy/) started once per module, on the test
database, and this process set up to purge its front and share its cache."""

import pytest
from django.core.management import call_command
from django.test import override_settings

from tests.stack import Stack, database_url, front_cache_settings


@pytest.fixture(scope="module")
def stack(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        running = Stack(db_url=database_url())
        with override_settings(**front_cache_settings(running)):
            call_command("createcachetable")
        try:
            yield running.start()
        finally:
            running.stop()


@pytest.fixture
def purging(stack):
    """This test process publishes as one more application server of the stack."""
    with override_settings(**front_cache_settings(stack)):
        yield stack
