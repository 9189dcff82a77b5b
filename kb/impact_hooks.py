"""Admin wiring for regulation impact: the "perlu ditinjau" dashboard panel, the review,
unregistered-citation, follow and notification views, and the follow buttons on the
regulation snippets. Imported by kb.wagtail_hooks; the views are in
regulations.admin_views."""

from __future__ import annotations

from django.urls import include, path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets import Button
from wagtail.snippets.action_menu import ActionMenuItem

from regulations import admin_views
from regulations.impact import open_flags_for_user, user_can_follow
from regulations.models import Regulation, RegulationFollow

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
    impact_urls = [
        path("", admin_views.ReviewFlagReportView.as_view(), name="flags"),
        path(
            "results/",
            admin_views.ReviewFlagReportView.as_view(results_only=True),
            name="flags_results",
        ),
        path("<int:pk>/tinjau/", admin_views.review_flag_resolve, name="flag_resolve"),
        path(
            "belum-terdaftar/",
            admin_views.UnregisteredCitationReportView.as_view(),
            name="unregistered",
        ),
        path(
            "belum-terdaftar/results/",
            admin_views.UnregisteredCitationReportView.as_view(results_only=True),
            name="unregistered_results",
        ),
    ]
    follow_urls = [
        path("", admin_views.FollowReportView.as_view(), name="index"),
        path(
            "results/",
            admin_views.FollowReportView.as_view(results_only=True),
            name="index_results",
        ),
        path("<int:pk>/", admin_views.regulation_follow_toggle, name="toggle"),
    ]
    notification_urls = [
        path("", admin_views.NotificationReportView.as_view(), name="index"),
        path(
            "results/",
            admin_views.NotificationReportView.as_view(results_only=True),
            name="index_results",
        ),
        path("tandai-dibaca/", admin_views.notifications_mark_read, name="mark_read"),
    ]
    return [
        path(
            "perlu-ditinjau/",
            include((impact_urls, "regulation_impact"), namespace="regulation_impact"),
        ),
        path(
            "peraturan-diikuti/",
            include(
                (follow_urls, "regulation_follows"), namespace="regulation_follows"
            ),
        ),
        path(
            "notifikasi-peraturan/",
            include(
                (notification_urls, "regulation_notifications"),
                namespace="regulation_notifications",
            ),
        ),
    ]


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
