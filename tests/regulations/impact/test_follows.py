"""Following a regulation from the admin, and the notifications followers get."""

import datetime

from django.core import mail
from django.urls import reverse

from regulations.impact.check import impact_check
from regulations.impact.follows import regulation_follow
from regulations.models import RegulationFollow, RegulationNotification
from tests.regulations.impact.support import (
    REVOKED_REASON,
    D,
    make_regulation,
    revoke,
    run_job,
)


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
