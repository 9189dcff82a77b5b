"""Fixtures of the service-catalogue tests (defined in fixtures.py, shared with bench/)."""

from tests.catalogue.fixtures import (  # noqa: F401 - pytest fixtures
    data_change,
    registry,
    service_index,
)
