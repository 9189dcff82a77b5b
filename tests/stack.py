"""The production stack for tests: gunicorn (production settings) and Varnish with the
configuration in deploy/, on free loopback ports, reading the test database.

Used by the front-cache and fault tests (markers `frontcache`, `infrastructure`);
each process is started here and stopped by its own pid.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import requests
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
VARNISHD = shutil.which("varnishd") or "/usr/sbin/varnishd"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url(settings_dict: dict | None = None) -> str:
    """The URL of the database this test process uses (the test database)."""
    db = settings_dict or connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    user = quote(db["USER"] or "", safe="")
    password = quote(db["PASSWORD"] or "", safe="")
    return f"postgres://{user}:{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def wait_until(check, *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(requests.RequestException, OSError):
            if check():
                return
        time.sleep(0.2)
    raise TimeoutError(f"{what} not ready within {timeout} s")


class Stack:
    """gunicorn + Varnish; `front` and `app` are their base URLs."""

    def __init__(self, *, db_url: str, env: dict[str, str] | None = None) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="tkb-stack-"))
        # Varnish compiles the VCL as its own unprivileged user.
        self.folder.chmod(0o755)
        self.app_port = free_port()
        self.front_port = free_port()
        self.app = f"http://127.0.0.1:{self.app_port}"
        self.front = f"http://127.0.0.1:{self.front_port}"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DJANGO_SECRET_KEY": "stack-test-key-" + "x" * 50,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            "DATABASE_URL": db_url,
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "FRONT_CACHE_URL": self.front,
            "DJANGO_CACHE_BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "DJANGO_CACHE_LOCATION": "tkb_cache",
            "DJANGO_TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "PROMETHEUS_MULTIPROC_DIR": str(self.folder / "metrics"),
            "TKB_GUNICORN_BIND": f"127.0.0.1:{self.app_port}",
            "TKB_GUNICORN_WORKERS": "2",
            "DJANGO_LOG_FORMAT": "json",
            "DJANGO_STATIC_ROOT": str(self.folder / "static"),
            **(env or {}),
        }
        (self.folder / "metrics").mkdir()
        self.processes: dict[str, subprocess.Popen] = {}

    def start(self) -> Stack:
        self.start_app()
        self.start_front()
        return self

    def start_app(self) -> None:
        if not (self.folder / "static").exists():
            subprocess.run(
                [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
                cwd=ROOT,
                env=self.env,
                check=True,
            )
        log = open(self.folder / "gunicorn.log", "ab")  # noqa: SIM115 - kept with the process
        self.processes["app"] = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-c",
                "deploy/gunicorn.conf.py",
                "config.wsgi",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        wait_until(
            lambda: requests.get(f"{self.app}/healthz", timeout=2).status_code == 200,
            timeout=60,
            what=f"gunicorn (log: {self.folder / 'gunicorn.log'})",
        )

    def start_front(self) -> None:
        vcl = (ROOT / "deploy/varnish/tkb.vcl").read_text()
        vcl_file = self.folder / "tkb.vcl"
        vcl_file.write_text(vcl.replace('"8001"', f'"{self.app_port}"'))
        log = open(self.folder / "varnish.log", "ab")  # noqa: SIM115
        self.processes["front"] = subprocess.Popen(  # noqa: S603
            [
                VARNISHD,
                "-F",
                "-n",
                str(self.folder / "varnish"),
                "-a",
                f"127.0.0.1:{self.front_port}",
                "-f",
                str(vcl_file),
                "-s",
                "malloc,64m",
                "-T",
                "127.0.0.1:0",
                "-p",
                "default_grace=0",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        wait_until(
            lambda: requests.get(f"{self.front}/healthz", timeout=2).status_code == 200,
            timeout=60,
            what=f"varnish (log: {self.folder / 'varnish.log'})",
        )

    def stop_process(self, name: str) -> None:
        process = self.processes.pop(name, None)
        if process is None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)

    def stop(self) -> None:
        for name in list(self.processes):
            self.stop_process(name)
        shutil.rmtree(self.folder, ignore_errors=True)

    def log(self, name: str) -> str:
        path = self.folder / f"{name}.log"
        return path.read_text(errors="replace")[-4000:] if path.exists() else ""


def front_cache_settings(stack: Stack) -> dict:
    """Settings making this test process purge the stack's front and share its cache."""
    return {
        "WAGTAILFRONTENDCACHE": {
            "front": {
                "BACKEND": "frontcache.backends.VarnishBackend",
                "LOCATION": stack.front,
            }
        },
        "CACHES": {
            "default": {
                "BACKEND": "django.core.cache.backends.db.DatabaseCache",
                "LOCATION": "tkb_cache",
            }
        },
        "PAGE_CACHE_SECONDS": 300,
        "ALLOWED_HOSTS": [*settings.ALLOWED_HOSTS],
    }
