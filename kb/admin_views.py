"""Admin views of the knowledge base: the all-or-nothing workflow action its page types
(and the catalogue's) use, and their page viewsets."""

from __future__ import annotations

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext
from wagtail.admin import messages
from wagtail.admin.views.pages.workflow import WorkflowActionView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Page


class AtomicWorkflowActionView(WorkflowActionView):
    """Wagtail's workflow action (approve, reject …) done all or nothing.

    Approving the last task publishes the revision, which validates the page again on
    that day: a service whose legal basis stopped allowing the new channel after the
    draft was submitted is refused by the automation gate. Then nothing changes (the
    task stays open) and the reviewer is told why, instead of a server error.
    """

    def post(self, request, *args, **kwargs):
        try:
            with transaction.atomic():
                return super().post(request, *args, **kwargs)
        except ValidationError as error:
            messages.error(
                request,
                gettext(
                    "Revisi ini tidak dapat diterbitkan: %(reason)s Perbaiki halaman "
                    "lalu ajukan kembali, atau tolak pengajuan ini."
                )
                % {"reason": " ".join(error.messages)},
            )
            edit_url = reverse("wagtailadmin_pages:edit", args=[self.object.pk])
            if request.headers.get("x-requested-with") == "XMLHttpRequest":
                return self.render_modal_json(
                    request, {"step": "success", "redirect": edit_url}
                )
            return redirect(edit_url)


class KbPageViewSet(PageViewSet):
    """A page type in the admin: Wagtail's views, with a workflow action that changes
    nothing when publishing is refused (see AtomicWorkflowActionView)."""

    workflow_action_view_class = AtomicWorkflowActionView


def page_viewsets(app_label: str) -> list[KbPageViewSet]:
    """One KbPageViewSet for each page type of an app (the KB's and the catalogue's)."""
    return [
        KbPageViewSet(f"{app_label}_{model._meta.model_name}", model=model)
        for model in apps.get_app_config(app_label).get_models()
        if issubclass(model, Page)
    ]
