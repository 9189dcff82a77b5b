"""Impact of regulation changes: "perlu ditinjau" flags on dependent pages, their
clearing after review, follows, notifications and e-mail, and the admin screens."""

import datetime
import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.management import CommandError, call_command
from django.template.loader import render_to_string
from django.urls import reverse

from regulations.choices import RelationType
from regulations.impact import impact_check, page_sync_deferred, regulation_follow
from regulations.models import (
    PageRegulationLink,
    Regulation,
    RegulationFollow,
    RegulationNotification,
    RegulationRelation,
    ReviewFlag,
    UnregisteredCitation,
)
from tests.factories import ArticlePageFactory, FAQItemFactory, FAQPageFactory

D = datetime.date
REVOKED_REASON = (
    "PMK 23/PMK.03/2020 dicabut dengan PMK 44/PMK.03/2020 sejak 27 April 2020"
)


def make_regulation(kind, number, year, unit="", **fields) -> Regulation:
    fields.setdefault("title", f"Peraturan contoh {number}")
    fields.setdefault("effective_on", D(year, 1, 1))
    fields.setdefault("live", True)
    return Regulation.objects.create(
        type=kind, number=number, year=year, unit=unit, **fields
    )


def run_job(on: str) -> str:
    out = io.StringIO()
    call_command("check_regulation_impact", "--on", on, stdout=out)
    return out.getvalue()


@pytest.fixture
def pmk23(db) -> Regulation:
    """PMK 23/PMK.03/2020, in force from 23 March 2020 (jdih.kemenkeu.go.id)."""
    return make_regulation(
        "PMK", 23, 2020, "PMK.03", title="Insentif Pajak", effective_on=D(2020, 3, 23)
    )


@pytest.fixture
def pmk44(db) -> Regulation:
    """PMK 44/PMK.03/2020, in force from 27 April 2020; it revoked PMK 23/PMK.03/2020."""
    return make_regulation(
        "PMK", 44, 2020, "PMK.03", title="Insentif Pajak", effective_on=D(2020, 4, 27)
    )


@pytest.fixture
def article(topic, pmk23):
    """A published article citing PMK 23/PMK.03/2020, last reviewed on 1 April 2020."""
    page = ArticlePageFactory(
        parent=topic,
        title="Insentif PPh 21 DTP",
        slug="insentif-pph-21",
        body="Insentif ini diatur dalam PMK 23/PMK.03/2020.",
        reviewed_on=D(2020, 4, 1),
    )
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user(
        "editor", email="editor@example.com", password="x"
    )
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def outsider(django_user_model):
    """Can open the admin but may not edit any page."""
    user = django_user_model.objects.create_user("tamu", password="x")
    user.user_permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )
    return user


def revoke(pmk23, pmk44, **fields) -> RegulationRelation:
    return RegulationRelation.objects.create(
        source=pmk44, type=RelationType.REVOKES, target=pmk23, **fields
    )


def notice_text(page) -> str:
    return render_to_string("kb/includes/review_notice.html", {"page": page})


# Flags ------------------------------------------------------------------------------
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


def test_events_before_the_last_review_do_not_flag(topic, pmk23, pmk44):
    reviewed_later = ArticlePageFactory(
        parent=topic, body="PMK 23/PMK.03/2020", reviewed_on=D(2020, 5, 1)
    )
    reviewed_later.save_revision().publish()
    revoke(pmk23, pmk44)

    run_job("2020-06-01")

    assert not ReviewFlag.objects.exists()


def test_amendment_and_end_of_efficacy_reasons(topic, db):
    pp = make_regulation(
        "PP", 9, 2021, effective_on=D(2021, 2, 2), ends_on=D(2021, 12, 31)
    )
    amending = make_regulation("PP", 50, 2021, effective_on=D(2021, 6, 1))
    RegulationRelation.objects.create(
        source=amending, type=RelationType.AMENDS, target=pp, provision="Pasal 4"
    )
    faq = FAQPageFactory(parent=topic)
    FAQItemFactory(page=faq, answer="Lihat PP 9 Tahun 2021.")
    faq.save_revision().publish()
    ReviewFlag.objects.all().delete()
    # Reviewed (last published) well before both events.
    type(faq).objects.filter(pk=faq.pk).update(
        last_published_at=datetime.datetime(2021, 3, 1, tzinfo=datetime.UTC)
    )

    run_job("2021-12-31")
    assert list(ReviewFlag.objects.values_list("reason", flat=True)) == [
        "Pasal 4 PP 9/2021 diubah dengan PP 50/2021 sejak 1 Juni 2021"
    ]

    run_job("2022-01-01")
    assert ReviewFlag.objects.order_by("event_on").last().reason == (
        "Masa berlaku PP 9/2021 berakhir pada 31 Desember 2021; "
        "sejak 1 Januari 2022 peraturan ini tidak berlaku lagi"
    )


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


def test_draft_relations_do_not_flag(article, pmk23, pmk44):
    pmk44.live = False
    pmk44.save()
    revoke(pmk23, pmk44)

    run_job("2020-06-01")

    assert not ReviewFlag.objects.exists()


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


# Seen by taxpayers and editors, then cleared ------------------------------------------
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


def test_removing_the_citation_closes_its_flag(article, pmk23, pmk44):
    revoke(pmk23, pmk44)
    run_job("2020-05-01")

    article.body = "Insentif ini kini diatur dalam PMK 44/PMK.03/2020."
    article.save_revision().publish()

    assert not ReviewFlag.objects.open().exists()


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


# Unregistered citations ---------------------------------------------------------------
def test_unregistered_report_groups_citations_with_their_pages(
    client, topic, editor, db
):
    for title in ("Pendaftaran NPWP", "Coretax"):
        page = ArticlePageFactory(parent=topic, title=title, body="Lihat PMK 81/2024.")
        page.save_revision().publish()
    other = ArticlePageFactory(parent=topic, title="Bea meterai", body="PP 99/2030")
    other.save_revision().publish()
    client.force_login(editor)

    response = client.get(reverse("regulation_impact:unregistered"))

    assert response.status_code == 200
    rows = response.context["object_list"]
    assert [(row["label"], row["pages_count"]) for row in rows] == [
        ("Peraturan Menteri Keuangan Nomor 81 Tahun 2024", 2),
        ("Peraturan Pemerintah Nomor 99 Tahun 2030", 1),
    ]
    assert [p.title for p in rows[0]["pages"]] == ["Coretax", "Pendaftaran NPWP"]
    html = response.content.decode()
    assert "Dikutip tetapi belum terdaftar" in html
    assert "Coretax" in html

    export = client.get(reverse("regulation_impact:unregistered") + "?export=csv")
    lines = export.getvalue().decode().splitlines()
    assert lines[1].startswith(
        "Peraturan Menteri Keuangan Nomor 81 Tahun 2024,PMK,81,2024,2,"
    )


def test_publishing_the_regulation_links_waiting_citations(topic, db):
    page = ArticlePageFactory(parent=topic, body="Lihat PMK 81/2024.")
    page.save_revision().publish()
    assert UnregisteredCitation.objects.filter(page=page).exists()
    pmk81 = make_regulation("PMK", 81, 2024, live=False)

    pmk81.save_revision().publish()

    assert not UnregisteredCitation.objects.exists()
    assert PageRegulationLink.objects.get(page=page).regulation == pmk81


# Follow and notify -------------------------------------------------------------------
def test_follower_gets_one_notification_and_one_email(article, pmk23, pmk44, editor):
    regulation_follow(
        user=editor,
        regulation=pmk23,
        now=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC),
    )
    revoke(pmk23, pmk44)

    run_job("2020-04-27")
    run_job("2020-04-28")

    notification = RegulationNotification.objects.get()
    assert (notification.user, notification.regulation) == (editor, pmk23)
    assert notification.message == REVOKED_REASON
    assert notification.emailed_at is not None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["editor@example.com"]
    assert mail.outbox[0].subject == "Perubahan peraturan: PMK 23/PMK.03/2020"
    assert REVOKED_REASON in mail.outbox[0].body
    assert "http://testserver/admin/notifikasi-peraturan/" in mail.outbox[0].body


def test_followers_are_not_told_about_history_they_followed_into(pmk23, pmk44, editor):
    revoke(pmk23, pmk44)
    regulation_follow(user=editor, regulation=pmk23)  # today, long after 2020

    impact_check(on=D(2020, 6, 1))

    assert not RegulationNotification.objects.exists()
    assert mail.outbox == []


def test_follow_and_unfollow_from_the_admin(client, pmk23, editor):
    client.force_login(editor)
    url = reverse("regulation_follows:toggle", args=[pmk23.pk])

    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Ikuti peraturan ini untuk menerima notifikasi" in confirm.content.decode()

    response = client.post(url, {"action": "follow", "next": "https://evil.example/"})
    assert response.status_code == 302
    assert response["Location"] == reverse("regulation_follows:index")
    assert RegulationFollow.objects.filter(user=editor, regulation=pmk23).exists()
    assert "PMK 23/PMK.03/2020" in client.get(response["Location"]).content.decode()

    client.post(url, {"action": "unfollow"})
    assert not RegulationFollow.objects.exists()


def test_draft_regulations_cannot_be_followed_by_editors(client, editor, db):
    draft = make_regulation("PMK", 81, 2024, live=False)
    client.force_login(editor)

    response = client.post(
        reverse("regulation_follows:toggle", args=[draft.pk]), {"action": "follow"}
    )

    assert response.status_code == 403
    assert "hanya tim hukum yang dapat mengikutinya" in response.content.decode()
    assert not RegulationFollow.objects.exists()


def test_anonymous_users_cannot_follow(client, pmk23):
    response = client.post(
        reverse("regulation_follows:toggle", args=[pmk23.pk]), {"action": "follow"}
    )

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert not RegulationFollow.objects.exists()


def test_notification_list_and_mark_as_read(
    client, pmk23, pmk44, editor, django_user_model
):
    other = django_user_model.objects.create_user("lain", password="x")
    mine = RegulationNotification.objects.create(
        user=editor,
        regulation=pmk23,
        event="revokes:1",
        event_on=D(2020, 4, 27),
        message=REVOKED_REASON,
    )
    theirs = RegulationNotification.objects.create(
        user=other,
        regulation=pmk44,
        event="expired",
        event_on=D(2020, 4, 27),
        message="Pesan untuk orang lain",
    )
    client.force_login(editor)

    listing = client.get(reverse("regulation_notifications:index")).content.decode()
    assert REVOKED_REASON in listing
    assert "Pesan untuk orang lain" not in listing
    assert "1 notifikasi belum dibaca" in listing

    client.post(reverse("regulation_notifications:mark_read"), {"id": theirs.pk})
    theirs.refresh_from_db()
    assert theirs.read_at is None

    client.post(reverse("regulation_notifications:mark_read"), {"id": mine.pk})
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert (
        "0 notifikasi belum dibaca"
        in client.get(reverse("regulation_notifications:index")).content.decode()
    )


def test_regulation_snippet_listing_offers_follow(client, pmk23, admin_user):
    client.force_login(admin_user)

    listing = client.get(reverse("wagtailsnippets_regulations_regulation:list"))

    assert listing.status_code == 200
    follow_url = reverse("regulation_follows:toggle", args=[pmk23.pk])
    assert follow_url in listing.content.decode()

    edit = client.get(
        reverse("wagtailsnippets_regulations_regulation:edit", args=[pmk23.pk])
    )
    assert edit.status_code == 200
    assert follow_url in edit.content.decode()
    assert "Ikuti peraturan ini" in edit.content.decode()


# Deferred sync (bulk imports) --------------------------------------------------------
def test_deferred_sync_links_citations_when_the_block_ends(topic, pmk23, pmk44):
    cited = ArticlePageFactory(
        parent=topic, slug="tertunda", body="Lihat PMK 44/PMK.03/2020."
    )
    with page_sync_deferred():
        cited.save_revision().publish()
        assert not PageRegulationLink.objects.filter(page=cited).exists()
    assert list(
        PageRegulationLink.objects.filter(page=cited).values_list(
            "regulation_id", flat=True
        )
    ) == [pmk44.pk]


def test_deferred_sync_closes_flags_the_new_review_date_covers(article, pmk23, pmk44):
    revoke(pmk23, pmk44)
    run_job("2020-05-01")
    assert ReviewFlag.objects.open().filter(page=article).count() == 1
    article.reviewed_on = D(2020, 5, 2)
    with page_sync_deferred():
        article.save_revision().publish()
        assert ReviewFlag.objects.open().filter(page=article).count() == 1
    assert ReviewFlag.objects.open().filter(page=article).count() == 0


def test_deferred_sync_is_dropped_when_the_block_fails(topic, pmk44):
    cited = ArticlePageFactory(parent=topic, slug="gagal", body="PMK 44/PMK.03/2020")
    with pytest.raises(RuntimeError), page_sync_deferred():
        cited.save_revision().publish()
        raise RuntimeError("impor gagal")
    assert not PageRegulationLink.objects.filter(page=cited).exists()
