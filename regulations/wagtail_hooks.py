"""Admin for the registry: the "Peraturan" snippet viewset and the actions that log
reasons, and the admin of regulation impact: the "perlu ditinjau" dashboard panel, the
review, unregistered-citation, follow and notification screens (regulations.admin_urls,
views in regulations.admin_views) and the follow buttons on the regulation snippets.

Drafts, revisions, comparison, locking and the "Tinjauan Hukum" workflow come from the
model's Wagtail mixins; who may write is decided by the "Tim Hukum" group's
permissions (migration 0003). Every save asks for an "alasan perubahan", stored in
the audit-log entry's data and shown in the history.
"""

from __future__ import annotations

import django_filters
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.admin.views.generic.mixins import RevisionsRevertMixin
from wagtail.admin.widgets import Button
from wagtail.snippets.action_menu import ActionMenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView as SnippetCreateView
from wagtail.snippets.views.snippets import EditView, HistoryView, SnippetViewSet

from regulations import admin_drafts, admin_urls
from regulations.actions import (
    REASON_FIELD,
    RegulationCreateAction,
    RegulationEditAction,
    log_revert_with_reason,
    reason_for,
)
from regulations.choices import (
    IN_FORCE_STATUSES,
    RegulationStatus,
    RegulationType,
)
from regulations.forms import RegulationAdminForm
from regulations.impact.flags import open_flags_for_user
from regulations.impact.follows import user_can_follow
from regulations.models import Regulation, RegulationDraft, RegulationFollow


@hooks.register("register_actions")
def register_regulation_actions(registry) -> None:
    """Admin creates and edits of regulations log the editor's reason (see regulations.actions)."""
    registry.register(Regulation, RegulationCreateAction)
    registry.register(Regulation, RegulationEditAction)


class RegulationFilterSet(WagtailFilterSet):
    type = django_filters.ChoiceFilter(label=_("Jenis"), choices=RegulationType.choices)
    year = django_filters.NumberFilter(label=_("Tahun"))
    status = django_filters.ChoiceFilter(
        label=_("Status hari ini"),
        choices=RegulationStatus.choices,
        method="filter_status",
    )

    class Meta:
        model = Regulation
        fields = ["type", "year", "status"]

    def filter_status(self, queryset, name, value):
        return queryset.with_status(on=timezone.localdate()).filter(status_code=value)


class StatusTodayColumn(StatusTagColumn):
    """The derived status as at today (with_facts() keeps this to one query per page),
    each status in its own colour and always named in text."""

    cell_template_name = "regulations/admin/cells/status.html"

    def __init__(self, **kwargs):
        super().__init__(
            "status_today",
            label=_("Status hari ini"),
            accessor=lambda r: r.status_on(on=timezone.localdate()).label,
            primary=lambda r: r.status_on(on=timezone.localdate()) in IN_FORCE_STATUSES,
            **kwargs,
        )

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        status = instance.status_on(on=timezone.localdate())
        context["modifier"] = status.value.replace("_", "-")
        return context


class _NoAutosaveMixin:
    """Each saved revision must carry its own reason, so the editor saves explicitly."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.autosave_enabled = False


class RegulationCreateView(_NoAutosaveMixin, SnippetCreateView):
    pass


class RegulationEditView(_NoAutosaveMixin, EditView):
    pass


class _RevertWithReasonMixin(RevisionsRevertMixin):
    """Wagtail's revert, but the "wagtail.revert" log entry also carries the reason."""

    def save_instance(self):
        commit = not self.object.live
        instance = self.form.save(commit=commit)
        self.has_content_changes = self.form.has_changed()
        self.new_revision = instance.save_revision(
            user=self.request.user, log_action=False, previous_revision=self.revision
        )
        log_revert_with_reason(
            instance=instance,
            user=self.request.user,
            revision=self.new_revision,
            previous=self.revision,
            reason=self.form.cleaned_data.get(REASON_FIELD, ""),
        )
        return instance


class RegulationHistoryView(HistoryView):
    @cached_property
    def columns(self):
        columns = list(super().columns)
        columns.insert(
            1,
            Column(
                "reason",
                label=_("Alasan perubahan"),
                accessor=reason_for,
                width="30%",
            ),
        )
        return columns


class RegulationViewSet(SnippetViewSet):
    model = Regulation
    icon = "doc-full"
    menu_label = _("Peraturan")
    menu_name = "peraturan"
    menu_order = 250
    add_to_admin_menu = True
    list_per_page = 50
    list_display = [
        "short_citation",
        "title",
        Column("type", label=_("Jenis"), accessor="get_type_display"),
        Column("year", label=_("Tahun"), sort_key="year"),
        StatusTodayColumn(),
    ]
    filterset_class = RegulationFilterSet
    add_view_class = RegulationCreateView
    edit_view_class = RegulationEditView
    history_view_class = RegulationHistoryView
    edit_handler = ObjectList(
        [*Regulation.panels, FieldPanel(REASON_FIELD, required_on_save=True)],
        base_form_class=RegulationAdminForm,
    )

    @property
    def revisions_revert_view_class(self):
        return type(
            "RegulationRevertView",
            (_RevertWithReasonMixin, self.edit_view_class),
            {"view_name": "revisions_revert"},
        )

    def get_queryset(self, request):
        return Regulation.objects.with_facts()


register_snippet(RegulationViewSet)


# Regulation impact ------------------------------------------------------------------
DASHBOARD_FLAG_LIMIT = 10


class ReviewFlagsPanel(Component):
    """Dashboard panel: open "perlu ditinjau" flags on pages the user can edit."""

    name = "perlu_ditinjau"
    template_name = "regulations/admin/review_flags_panel.html"
    order = 90  # above Wagtail's own panels: these pages may be giving wrong advice

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        flags = open_flags_for_user(parent_context["request"].user)
        context["flags"] = list(flags[:DASHBOARD_FLAG_LIMIT])
        context["total"] = (
            len(context["flags"])
            if len(context["flags"]) < DASHBOARD_FLAG_LIMIT
            else flags.count()
        )
        return context


@hooks.register("construct_homepage_panels")
def add_review_flags_panel(request, panels) -> None:
    panels.append(ReviewFlagsPanel())


@hooks.register("register_admin_urls")
def register_impact_urls():
    return admin_urls.urlpatterns


@hooks.register("register_reports_menu_item")
def register_review_flags_menu_item():
    return MenuItem(
        _("Perlu ditinjau"),
        reverse("regulation_impact:flags"),
        name="perlu-ditinjau",
        icon_name="warning",
        order=1100,
    )


@hooks.register("register_reports_menu_item")
def register_unregistered_menu_item():
    return MenuItem(
        _("Dikutip tetapi belum terdaftar"),
        reverse("regulation_impact:unregistered"),
        name="dikutip-belum-terdaftar",
        icon_name="link-external",
        order=1110,
    )


@hooks.register("register_admin_menu_item")
def register_notifications_menu_item():
    return MenuItem(
        _("Notifikasi peraturan"),
        reverse("regulation_notifications:index"),
        name="notifikasi-peraturan",
        icon_name="mail",
        order=900,
    )


def _followed_ids(user) -> set[int]:
    # Listing buttons are built row by row for the same user object: ask once per request.
    if not hasattr(user, "_tkb_followed_regulations"):
        user._tkb_followed_regulations = set(
            RegulationFollow.objects.filter(user=user).values_list(
                "regulation_id", flat=True
            )
        )
    return user._tkb_followed_regulations


def _follow_url(regulation: Regulation, next_url: str | None = None) -> str:
    url = reverse("regulation_follows:toggle", args=[regulation.pk])
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


@hooks.register("register_snippet_listing_buttons")
def regulation_follow_listing_button(snippet, user, next_url=None):
    if not isinstance(snippet, Regulation) or not user_can_follow(
        user=user, regulation=snippet
    ):
        return []
    following = snippet.pk in _followed_ids(user)
    return [
        Button(
            _("Berhenti mengikuti") if following else _("Ikuti"),
            url=_follow_url(snippet, next_url),
            icon_name="view",
            priority=80,
        )
    ]


class FollowMenuItem(ActionMenuItem):
    """ "Ikuti" in the regulation editor's action menu (opens the confirmation page)."""

    name = "action-follow"
    icon_name = "view"
    order = 900

    def is_shown(self, context) -> bool:
        instance = context.get("instance")
        return (
            context.get("view") == "edit"
            and isinstance(instance, Regulation)
            and user_can_follow(user=context["request"].user, regulation=instance)
        )

    def get_context_data(self, parent_context):
        # Menu items are shared between requests (Wagtail caches them per model), so the
        # label goes into this request's context rather than onto the item.
        context = super().get_context_data(parent_context)
        following = RegulationFollow.objects.filter(
            user=parent_context["request"].user, regulation=parent_context["instance"]
        ).exists()
        context["label"] = (
            _("Berhenti mengikuti") if following else _("Ikuti peraturan ini")
        )
        return context

    def get_url(self, parent_context) -> str:
        instance = parent_context["instance"]
        return _follow_url(instance, parent_context["request"].get_full_path())


@hooks.register("register_snippet_action_menu_item")
def regulation_follow_action_menu_item(model):
    return FollowMenuItem() if model is Regulation else None


# Pipeline of regulation changes and unverified facts -----------------------------------
register_snippet(admin_drafts.RegulationDraftViewSet)


@hooks.register("register_admin_urls")
def register_draft_urls():
    return [
        path(
            "rancangan-peraturan/",
            include(
                (admin_drafts.urlpatterns, "regulation_drafts"),
                namespace="regulation_drafts",
            ),
        )
    ]


@hooks.register("register_snippet_listing_buttons")
def draft_enact_listing_button(snippet, user, next_url=None):
    if not isinstance(snippet, RegulationDraft) or not user.has_perm(
        "regulations.add_regulation"
    ):
        return []
    return admin_drafts.enact_button(snippet)


@hooks.register("register_reports_menu_item")
def register_unverified_menu_item():
    return MenuItem(
        _("Fakta peraturan belum terverifikasi"),
        reverse("regulation_drafts:unverified"),
        name="fakta-belum-terverifikasi",
        icon_name="warning",
        order=1120,
    )
