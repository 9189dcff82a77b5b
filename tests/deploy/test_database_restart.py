"""A PostgreSQL restart under load (issue 14): the application, with pooled
connections, answers again once the server is back, without being restarted.

Runs its own PostgreSQL server (initdb in a temporary folder, on a free port) holding
a copy of the test database, so restarting it disturbs nothing else on the machine.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import pytest
import requests
from django.db import connection

from tests.factories import ArticlePageFactory
from tests.stack import Stack, database_url, free_port

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.infrastructure,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        pytest.fail(f"PostgreSQL's {name} not found (install postgresql)")
    return found[-1]


def _as_postgres(*command: str) -> list[str]:
    """PostgreSQL refuses to run as root: run its tools as the postgres user then."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return list(command)


class PrivateServer:
    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="tkb-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        subprocess.run(  # noqa: S603
            _as_postgres(
                _bin("initdb"), "-D", str(self.data), "--auth=trust", "-U", "tkb"
            ),
            check=True,
            capture_output=True,
        )

    def ctl(self, *args: str) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
        subprocess.run(  # noqa: S603
            _as_postgres(
                _bin("pg_ctl"),
                "-D",
                str(self.data),
                "-l",
                str(self.folder / "log"),
                "-o",
                options,
                "-w",
                "-t",
                "60",
                *args,
            ),
            check=True,
            capture_output=True,
        )

    @property
    def url(self) -> str:
        return f"postgres://tkb@127.0.0.1:{self.port}/tkb"

    def stop(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self.ctl("stop", "-m", "immediate")
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture
def private_copy(topic):
    """A private server holding a copy of the test database (with one article)."""
    article = ArticlePageFactory(parent=topic, slug="lupa-efin", body="Hubungi KPP.")
    server = PrivateServer()
    try:
        server.ctl("start")
        subprocess.run(  # noqa: S603
            [
                _bin("createdb"),
                "-h",
                "127.0.0.1",
                "-p",
                str(server.port),
                "-U",
                "tkb",
                "tkb",
            ],
            check=True,
            capture_output=True,
        )
        dump = subprocess.run(  # noqa: S603
            [_bin("pg_dump"), "--no-owner", "--dbname", database_url()],
            check=True,
            capture_output=True,
        )
        subprocess.run(  # noqa: S603
            [_bin("psql"), "-q", "-v", "ON_ERROR_STOP=1", server.url],
            input=dump.stdout,
            check=True,
            capture_output=True,
        )
        yield server, article
    finally:
        server.stop()


def test_a_postgresql_restart_under_load_recovers_without_restarting_the_app(
    private_copy,
):
    server, article = private_copy
    assert connection.vendor == "postgresql"
    stack = Stack(
        db_url=server.url,
        env={
            "DATABASE_POOL_SIZE": "4",
            # Every read goes to the database: no page cache to hide the restart.
            "PAGE_CACHE_SECONDS": "0",
            "DJANGO_CACHE_BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        },
    )
    stack.start_app()
    app_pid = stack.processes["app"].pid
    results: list[tuple[float, int]] = []
    stop = threading.Event()

    def read() -> None:
        with requests.Session() as session:
            while not stop.is_set():
                try:
                    status = session.get(
                        stack.app + article.url, timeout=10
                    ).status_code
                except requests.RequestException:
                    status = 0
                results.append((time.monotonic(), status))

    threads = [threading.Thread(target=read) for _ in range(4)]
    try:
        for thread in threads:
            thread.start()
        time.sleep(2)
        restart_began = time.monotonic()
        server.ctl("restart", "-m", "fast")
        restarted = time.monotonic()
        time.sleep(6)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
        still_running = stack.processes["app"].poll() is None
        log = stack.log("gunicorn")
        stack.stop()
    before = [status for at, status in results if at < restart_began]
    after = [status for at, status in results if at > restarted + 2]
    assert before and set(before) == {200}, log
    assert still_running, "the application was not restarted: the same gunicorn"
    assert stack.processes.get("app") is None and app_pid
    assert len(after) > 20
    assert set(after) == {200}, f"not recovered: {sorted(set(after))}"
