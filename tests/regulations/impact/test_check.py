"""The impact check and its daily command: when it runs, what it flags, and that
re-running it changes nothing."""

import io

import pytest
from django.core.management import CommandError, call_command

from regulations.models import ReviewFlag
from tests.regulations.impact.support import REVOKED_REASON, D, revoke, run_job


def test_recording_a_relation_flags_citing_article(
    article, pmk23, pmk44, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        relation = revoke(pmk23, pmk44)

    flag = ReviewFlag.objects.get()
    assert (flag.page_id, flag.regulation, flag.relation) == (
        article.pk,
        pmk23,
        relation,
    )
    assert flag.reason == REVOKED_REASON
    assert (flag.event, flag.event_on) == (f"revokes:{pmk44.pk}", D(2020, 4, 27))
    assert flag.resolved_at is None


def test_job_flags_on_the_day_the_change_takes_effect_not_before(article, pmk23, pmk44):
    revoke(pmk23, pmk44)  # recorded ahead; nothing runs until the job does

    output = run_job("2020-04-26")
    assert not ReviewFlag.objects.exists()
    assert "0 halaman ditandai" in output

    output = run_job("2020-04-27")
    assert ReviewFlag.objects.get().reason == REVOKED_REASON
    assert "1 halaman ditandai" in output


def test_job_is_idempotent(article, pmk23, pmk44):
    revoke(pmk23, pmk44)

    run_job("2020-05-01")
    run_job("2020-05-01")
    run_job("2020-06-01")

    assert ReviewFlag.objects.count() == 1


def test_job_can_run_in_process(article, pmk23, pmk44):
    revoke(pmk23, pmk44)

    out = io.StringIO()
    call_command("check_regulation_impact", "--on", "2020-05-01", "--now", stdout=out)

    assert "1 halaman ditandai perlu ditinjau" in out.getvalue()
    assert ReviewFlag.objects.count() == 1


# The worker closes "old" connections between tasks, which on PostgreSQL ends a test
# wrapped in a transaction; run this one with real commits and restore the data after.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_production_queue_runs_the_check_in_the_db_worker(
    article, pmk23, pmk44, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    revoke(pmk23, pmk44)

    assert "diantrekan" in run_job("2020-05-01")
    assert not ReviewFlag.objects.exists()

    call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO())

    assert ReviewFlag.objects.get().reason == REVOKED_REASON


def test_job_rejects_a_malformed_date(db):
    with pytest.raises(
        CommandError, match="--on: tanggal '27-04-2020' tidak sah; tulis YYYY-MM-DD"
    ):
        run_job("27-04-2020")
