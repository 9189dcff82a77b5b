"""Backups: the database (pg_dump's custom format, or SQLite's online backup) and the
uploaded files (a tar archive of MEDIA_ROOT), with a manifest of the content."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from operations.manifest import content_manifest, manifest_differences

DATABASE_FILE = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
MEDIA_FILE = "media.tar.gz"
MANIFEST_FILE = "manifest.json"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, in Indonesian."""


@dataclass
class Timing:
    database: float = 0.0
    media: float = 0.0
    reindex: float = 0.0
    verify: float = 0.0


def _pg_env() -> dict[str, str]:
    db = connection.settings_dict
    env = {**os.environ}
    for key, value in (
        ("PGHOST", db.get("HOST") or "127.0.0.1"),
        ("PGPORT", str(db.get("PORT") or 5432)),
        ("PGUSER", db.get("USER") or ""),
        ("PGPASSWORD", db.get("PASSWORD") or ""),
        ("PGDATABASE", db["NAME"]),
    ):
        env[key] = value
    return env


def _run(command: list[str]) -> None:
    tool = shutil.which(command[0])
    if tool is None:
        raise BackupError(
            _(
                "Program %(tool)s tidak ditemukan; pasang klien PostgreSQL (postgresql-client)."
            )
            % {"tool": command[0]}
        )
    result = subprocess.run(  # noqa: S603 - fixed programs, arguments we built
        [tool, *command[1:]], env=_pg_env(), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(
            _("%(tool)s gagal: %(error)s")
            % {"tool": command[0], "error": result.stderr.strip()[-2000:]}
        )


def site_backup(*, to: Path) -> tuple[dict, Timing]:
    """Write the database, the uploaded files and the manifest into the folder `to`
    (created; it must be empty). Returns the manifest and the time each part took."""
    if to.exists() and any(to.iterdir()):
        raise BackupError(
            _("Folder %(path)s tidak kosong; pilih folder baru untuk cadangan.")
            % {"path": to}
        )
    to.mkdir(parents=True, exist_ok=True)
    timing = Timing()
    started = time.perf_counter()
    manifest = content_manifest()
    vendor = connection.vendor
    if vendor == "postgresql":
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--file",
                str(to / DATABASE_FILE[vendor]),
            ]
        )
    elif vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(to / DATABASE_FILE[vendor]) as target:
            connection.connection.backup(target)
    else:
        raise BackupError(
            _("Basis data %(vendor)s tidak didukung.") % {"vendor": vendor}
        )
    timing.database = time.perf_counter() - started
    started = time.perf_counter()
    media = Path(settings.MEDIA_ROOT)
    with tarfile.open(to / MEDIA_FILE, "w:gz") as archive:
        if media.exists():
            archive.add(media, arcname="media")
    timing.media = time.perf_counter() - started
    (to / MANIFEST_FILE).write_text(
        json.dumps(
            {
                "created_at": timezone.now().isoformat(),
                "vendor": vendor,
                "content": manifest,
            },
            indent=2,
        )
    )
    return manifest, timing


def read_backup(folder: Path) -> dict:
    """The manifest of a backup folder, after checking its files are there."""
    manifest_path = folder / MANIFEST_FILE
    if not manifest_path.is_file():
        raise BackupError(
            _("%(path)s bukan folder cadangan (tidak ada %(file)s).")
            % {"path": folder, "file": MANIFEST_FILE}
        )
    backup = json.loads(manifest_path.read_text())
    for name in (DATABASE_FILE.get(backup["vendor"], "?"), MEDIA_FILE):
        if not (folder / name).is_file():
            raise BackupError(
                _("Cadangan di %(path)s tidak lengkap: %(file)s tidak ada.")
                % {"path": folder, "file": name}
            )
    if backup["vendor"] != connection.vendor:
        raise BackupError(
            _("Cadangan ini dari %(source)s dan tidak dapat dipulihkan ke %(target)s.")
            % {"source": backup["vendor"], "target": connection.vendor}
        )
    return backup


def database_is_empty() -> bool:
    return not connection.introspection.table_names()


def site_restore(*, folder: Path) -> tuple[list[str], Timing]:
    """Restore a backup into this (empty) database and MEDIA_ROOT, rebuild the search
    index, and compare the content with the manifest. Returns the differences (none
    when identical) and the time each part took."""
    backup = read_backup(folder)
    if not database_is_empty():
        raise BackupError(
            _(
                "Basis data %(name)s tidak kosong; pulihkan ke basis data baru yang "
                "kosong agar tidak ada data yang tertimpa."
            )
            % {"name": connection.settings_dict["NAME"]}
        )
    timing = Timing()
    started = time.perf_counter()
    if backup["vendor"] == "postgresql":
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--dbname",
                connection.settings_dict["NAME"],
                str(folder / DATABASE_FILE["postgresql"]),
            ]
        )
    else:
        connection.ensure_connection()
        with sqlite3.connect(folder / DATABASE_FILE["sqlite"]) as source:
            source.backup(connection.connection)
    timing.database = time.perf_counter() - started
    started = time.perf_counter()
    media = Path(settings.MEDIA_ROOT)
    media.mkdir(parents=True, exist_ok=True)
    with tarfile.open(folder / MEDIA_FILE, "r:gz") as archive:
        for member in archive.getmembers():
            if not member.name.startswith("media"):
                continue
            member.name = member.name[len("media") :].lstrip("/") or "."
            archive.extract(member, media, filter="data")
    timing.media = time.perf_counter() - started
    started = time.perf_counter()
    call_command("update_index", verbosity=0)
    timing.reindex = time.perf_counter() - started
    started = time.perf_counter()
    differences = manifest_differences(backup["content"], content_manifest())
    timing.verify = time.perf_counter() - started
    return differences, timing
