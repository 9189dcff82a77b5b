"""The backup drill (issue 14): back up a populated PostgreSQL database and its media,
restore into an empty database, reindex, and prove the content identical."""

import datetime
import io
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from catalogue.choices import ChangeSource, ServiceState
from catalogue.models import ServiceStateChange
from operations.manifest import content_manifest
from tests.catalogue.fixtures import ServiceIndexPageFactory, ServicePageFactory
from tests.factories import ArticlePageFactory
from tests.regulations.factories import RegulationFactory, RegulationRelationFactory
from tests.stack import ROOT, database_url

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.infrastructure,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def empty_database():
    """A new, empty database beside the test database, dropped afterwards."""
    name = f"{connection.settings_dict['NAME']}_restore"
    admin = {**connection.settings_dict, "NAME": "postgres"}
    url = database_url(admin)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    yield database_url({**connection.settings_dict, "NAME": name})
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def populate(topic, media: Path) -> None:
    for number in range(5):
        article = ArticlePageFactory(
            parent=topic,
            slug=f"artikel-{number}",
            body=f"Isi PMK 81/2024 nomor {number}.",
        )
        article.save_revision().publish()
    source = RegulationFactory(type="PMK", number=81, year=2024)
    RegulationRelationFactory(source=source, target=RegulationFactory(number=7))
    services = ServiceIndexPageFactory(parent=topic.get_parent())
    service = ServicePageFactory(parent=services, slug="aktivasi-efin")
    ServiceStateChange.objects.create(
        page=service,
        from_state=ServiceState.KPP_KANWIL,
        to_state=ServiceState.AUTOMATED,
        on=datetime.date(2024, 5, 1),
        source=ChangeSource.COMMAND,
    )
    (media / "documents").mkdir(parents=True)
    (media / "documents" / "formulir.pdf").write_bytes(b"%PDF-1.4 formulir 1770 SS")
    call_command("update_index", verbosity=0, stdout=io.StringIO())


def test_backup_restores_into_an_empty_database_identical(
    tmp_path, settings, topic, empty_database
):
    settings.MEDIA_ROOT = tmp_path / "media"
    populate(topic, tmp_path / "media")
    source = content_manifest()
    assert (
        source["pages"]["count"] >= 8 and source["service_state_history"]["count"] == 1
    )

    out = io.StringIO()
    call_command("backup_site", str(tmp_path / "backup"), stdout=out)
    assert "Cadangan ditulis" in out.getvalue()

    restored_media = tmp_path / "restored-media"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": empty_database,
        "DJANGO_MEDIA_ROOT": str(restored_media),
        "OPENSEARCH_URL": "",
    }
    restore = [sys.executable, "manage.py", "restore_site", str(tmp_path / "backup")]
    result = subprocess.run(  # noqa: S603
        restore, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "identik dengan cadangan" in result.stdout
    assert (restored_media / "documents" / "formulir.pdf").read_bytes() == (
        b"%PDF-1.4 formulir 1770 SS"
    )
    # A second restore into the now populated database is refused, in Indonesian.
    again = subprocess.run(  # noqa: S603
        restore, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert again.returncode != 0
    assert "tidak kosong" in again.stderr


def test_a_folder_that_is_not_a_backup_is_refused_in_indonesian(tmp_path):
    with pytest.raises(CommandError, match="bukan folder cadangan"):
        call_command("restore_site", str(tmp_path), stdout=io.StringIO())


def test_backing_up_into_a_folder_that_is_not_empty_is_refused(tmp_path):
    (tmp_path / "lama.txt").write_text("x")
    with pytest.raises(CommandError, match="tidak kosong"):
        call_command("backup_site", str(tmp_path), stdout=io.StringIO())
