"""Approving a service page in the review workflow goes through the automation gate."""

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.urls import reverse
from wagtail.models import WorkflowState

from catalogue.choices import ServiceState
from catalogue.models import ServicePage
from tests.catalogue.fixtures import BLOCKED_DAY, PER_START


@pytest.fixture
def reviewer(django_user_model):
    user = django_user_model.objects.create_user("peninjau", password="x")
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


def submit_switch(service: ServicePage, *, since, user) -> WorkflowState:
    """An editor's draft moving the service to automated, submitted for review. Saved
    without validation: it stands for a draft that passed the gate when it was sent and
    no longer does (its basis was revoked meanwhile)."""
    draft = ServicePage.objects.get(pk=service.pk)
    draft.current_state = ServiceState.AUTOMATED
    draft.state_since = since
    draft.save_revision(user=user, clean=False)
    return service.get_workflow().start(draft, user)


def approve(client, service, state: WorkflowState, *, ajax=False):
    url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[service.pk, "approve", state.current_task_state.pk],
    )
    headers = {"x-requested-with": "XMLHttpRequest"} if ajax else {}
    return client.post(url, {"comment": "Setuju"}, headers=headers)


@pytest.mark.parametrize("ajax", [False, True])
def test_approval_refused_by_the_gate_changes_nothing_and_says_why(
    client, reviewer, data_change, ajax
):
    state = submit_switch(data_change, since=BLOCKED_DAY, user=reviewer)
    client.force_login(reviewer)

    response = approve(client, data_change, state, ajax=ajax)

    edit_url = reverse("wagtailadmin_pages:edit", args=[data_change.pk])
    if ajax:
        assert response.status_code == 200
        assert response.json()["redirect"] == edit_url
    else:
        assert response.status_code == 302
        assert response["Location"] == edit_url
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    reason = data_change.gate(on=BLOCKED_DAY).message
    assert any(reason in message for message in shown), shown
    assert ServicePage.objects.get(pk=data_change.pk).current_state == "kpp_kanwil"
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.status == "in_progress"


def test_approval_the_gate_allows_publishes_the_switch(client, reviewer, data_change):
    state = submit_switch(data_change, since=PER_START, user=reviewer)
    client.force_login(reviewer)

    response = approve(client, data_change, state)

    assert response.status_code == 302
    assert ServicePage.objects.get(pk=data_change.pk).current_state == "automated"
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
