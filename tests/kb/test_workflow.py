"""Moderation: "Draf → Tinjauan → Terbit". Editors submit, reviewers approve and publish."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, Workflow
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from kb.models import ArticlePage
from tests.factories import ArticlePageFactory


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("editor", password="x")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def reviewer(django_user_model):
    user = django_user_model.objects.create_user("peninjau", password="x")
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.fixture
def article(topic):
    page = ArticlePageFactory(
        parent=topic, title="Lapor SPT", slug="lapor-spt", body="Versi lama."
    )
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def edit_data(article, **overrides):
    data = {
        "title": article.title,
        "slug": article.slug,
        "summary": article.summary,
        "body": "Versi baru dari editor.",
        "comments": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)


def test_migrations_name_the_review_workflow_and_attach_it_to_the_tree(home_page):
    workflow = Workflow.objects.get(name="Draf → Tinjauan → Terbit")
    assert [t.name for t in workflow.tasks] == ["Tinjauan"]
    assert home_page.get_workflow() == workflow


def test_editor_without_approval_rights_cannot_publish(client, editor, article):
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:edit", args=[article.pk])
    response = client.post(url, {**edit_data(article), "action-publish": "publish"})
    assert response.status_code == 302
    article.refresh_from_db()
    live = ArticlePage.objects.get(pk=article.pk)
    assert live.body == "Versi lama."  # the live version did not change
    assert article.has_unpublished_changes
    assert article.latest_revision.as_object().body == "Versi baru dari editor."


def test_submission_goes_to_review_and_reviewer_publishes(
    client, editor, reviewer, article
):
    client.force_login(editor)
    edit_url = reverse("wagtailadmin_pages:edit", args=[article.pk])
    client.post(edit_url, {**edit_data(article), "action-submit": "submit"})
    article.refresh_from_db()
    state = article.current_workflow_state
    assert state is not None and state.status == "in_progress"
    assert state.current_task_state.task.name == "Tinjauan"
    assert ArticlePage.objects.get(pk=article.pk).body == "Versi lama."

    client.force_login(reviewer)
    approve_url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[article.pk, "approve", state.current_task_state.pk],
    )
    response = client.post(approve_url, {"comment": "Sudah sesuai PMK 81 Tahun 2024"})
    assert response.status_code in (200, 302)
    assert ArticlePage.objects.get(pk=article.pk).body == "Versi baru dari editor."


def test_scheduled_publishing_waits_for_go_live_date(article):
    article.body = "Berlaku mulai besok."
    article.go_live_at = timezone.now() + datetime.timedelta(days=1)
    revision = article.save_revision()
    revision.publish()

    call_command("publish_scheduled")
    assert ArticlePage.objects.get(pk=article.pk).body == "Versi lama."
    with time_machine.travel(timezone.now() + datetime.timedelta(days=1, minutes=5)):
        call_command("publish_scheduled")
    assert ArticlePage.objects.get(pk=article.pk).body == "Berlaku mulai besok."


def test_page_lock_blocks_other_editors(client, editor, django_user_model, article):
    other = django_user_model.objects.create_superuser("kepala", password="x")
    page = Page.objects.get(pk=article.pk)
    page.locked, page.locked_by, page.locked_at = True, other, timezone.now()
    page.save()
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:edit", args=[article.pk])
    client.post(url, {**edit_data(article), "action-submit": "submit"})
    assert (
        ArticlePage.objects.get(pk=article.pk).latest_revision.as_object().body
        == "Versi lama."
    )
