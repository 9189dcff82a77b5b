"""Fixtures for the knowledge-base tests (service catalogue set-up lives in service_fixtures)."""

from tests.kb.service_fixtures import (  # noqa: F401 - pytest fixtures
    data_change,
    registry,
    service_index,
)
