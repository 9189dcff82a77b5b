"""Browser fixtures: Debian's Chromium through Playwright against Django's live server
(never `playwright install`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.db import connections

from tests.catalogue.fixtures import (  # noqa: F401 - pytest fixtures
    data_change,
    registry,
    service_index,
)
from tests.conftest import CHROMIUM


@pytest.fixture
def new_tab(monkeypatch) -> Iterator[Callable[..., object]]:
    """Opens Chromium tabs of a given size. Playwright runs for one test only: its event
    loop must be gone before the test database is reset, or Django would look for its
    connection in the loop's context instead of this thread's. Every tab fails the test
    on a Content-Security-Policy violation."""
    from playwright import sync_api as playwright_api

    # The ORM calls a test makes between browser steps are ordinary synchronous ones.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    violations: list[str] = []
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox"]
        )

        def open_tab(width: int = 1280, height: int = 900):
            context = browser.new_context(
                locale="id-ID", viewport={"width": width, "height": height}
            )
            tab = context.new_page()
            tab.on(
                "console",
                lambda message: (
                    violations.append(message.text)
                    if "Content Security Policy" in message.text
                    else None
                ),
            )
            return tab

        yield open_tab
        browser.close()
        # ORM calls made while the loop ran opened connections in its context: close
        # them, or PostgreSQL keeps a session on the test database after the run.
        connections.close_all()
    assert violations == []


@pytest.fixture
def page(new_tab):
    """A desktop-sized Chromium tab."""
    return new_tab()
