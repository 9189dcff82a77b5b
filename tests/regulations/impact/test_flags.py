"""Review flags ("perlu ditinjau"): raised after the last review, shown to taxpayers
and editors, and cleared by a new review date or by an editor."""

import datetime

from django.urls import reverse

from regulations.models import PageRegulationLink, ReviewFlag
from tests.factories import ArticlePageFactory
from tests.regulations.impact.support import (
    REVOKED_REASON,
    D,
    notice_text,
    revoke,
    run_job,
)


def test_events_before_the_last_review_do_not_flag(topic, pmk23, pmk44):
    reviewed_later = ArticlePageFactory(
        parent=topic, body="PMK 23/PMK.03/2020", reviewed_on=D(2020, 5, 1)
    )
    reviewed_later.save_revision().publish()
    revoke(pmk23, pmk44)

    run_job("2020-06-01")

    assert not ReviewFlag.objects.exists()


def test_any_page_depending_on_a_regulation_is_flagged(home_page, pmk23, pmk44):
    # Service pages record their legal basis as links with source "legal_basis".
    PageRegulationLink.objects.create(
        page=home_page, regulation=pmk23, source="legal_basis"
    )
    type(home_page).objects.filter(pk=home_page.pk).update(
        last_published_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    )
    revoke(pmk23, pmk44)

    run_job("2020-04-27")

    assert ReviewFlag.objects.get().page_id == home_page.pk


def test_flag_is_shown_then_cleared_by_publishing_a_new_review_date(
    client, article, pmk23, pmk44, editor
):
    revoke(pmk23, pmk44)
    run_job("2020-05-01")

    response = client.get(article.url)
    assert response.status_code == 200
    assert "Isi halaman ini sedang ditinjau" in response.content.decode()
    assert "Isi halaman ini sedang ditinjau" in notice_text(article)
    assert REVOKED_REASON in notice_text(article)

    client.force_login(editor)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert REVOKED_REASON in dashboard
    assert reverse("wagtailadmin_pages:edit", args=[article.pk]) in dashboard

    article.reviewed_on = D(2020, 4, 27)
    article.save_revision(user=editor).publish()

    flag = ReviewFlag.objects.get()
    assert flag.resolved_at is not None
    assert flag.resolved_by == editor
    assert notice_text(article).strip() == ""
    assert (
        "Isi halaman ini sedang ditinjau"
        not in client.get(article.url).content.decode()
    )
    assert (
        REVOKED_REASON not in client.get(reverse("wagtailadmin_home")).content.decode()
    )
    run_job("2020-06-01")
    assert not ReviewFlag.objects.open().exists()


def test_republishing_without_a_new_review_date_keeps_the_flag(article, pmk23, pmk44):
    revoke(pmk23, pmk44)
    run_job("2020-05-01")

    article.title = "Insentif PPh 21 DTP (diperbaiki)"
    article.save_revision().publish()

    assert ReviewFlag.objects.open().count() == 1


def test_editor_marks_a_flag_reviewed(client, article, pmk23, pmk44, editor):
    revoke(pmk23, pmk44)
    run_job("2020-05-01")
    flag = ReviewFlag.objects.get()
    client.force_login(editor)

    response = client.post(reverse("regulation_impact:flag_resolve", args=[flag.pk]))

    assert response.status_code == 302
    flag.refresh_from_db()
    assert (flag.resolved_by, flag.resolved_at is not None) == (editor, True)
    assert notice_text(article).strip() == ""
    assert (
        "Isi halaman ini sedang ditinjau"
        not in client.get(article.url).content.decode()
    )
    run_job("2020-06-01")
    assert not ReviewFlag.objects.open().exists()


def test_user_who_cannot_edit_the_page_cannot_resolve(
    client, article, pmk23, pmk44, outsider
):
    revoke(pmk23, pmk44)
    run_job("2020-05-01")
    flag = ReviewFlag.objects.get()
    client.force_login(outsider)

    assert (
        client.get(
            reverse("regulation_impact:flag_resolve", args=[flag.pk])
        ).status_code
        == 405
    )
    response = client.post(reverse("regulation_impact:flag_resolve", args=[flag.pk]))

    assert response.status_code == 403
    assert "tidak dapat menyunting halaman tersebut" in response.content.decode()
    assert ReviewFlag.objects.open().count() == 1
    listing = client.get(reverse("regulation_impact:flags")).content.decode()
    assert REVOKED_REASON not in listing


def test_flag_report_lists_open_flags_for_editor(client, article, pmk23, pmk44, editor):
    revoke(pmk23, pmk44)
    run_job("2020-05-01")
    client.force_login(editor)

    page = client.get(reverse("regulation_impact:flags"))
    assert page.status_code == 200
    assert REVOKED_REASON in page.content.decode()
    assert "Tandai sudah ditinjau" in page.content.decode()

    export = client.get(reverse("regulation_impact:flags") + "?export=csv")
    assert export.status_code == 200
    assert REVOKED_REASON in export.getvalue().decode()
