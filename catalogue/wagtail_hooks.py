"""Admin set-up for the service catalogue: its page types (with the all-or-nothing
workflow action), the 3C roadmap dashboard and the report of service state changes."""

from __future__ import annotations

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from catalogue.admin_views import RoadmapView, StateHistoryReportView
from kb.admin_views import page_viewsets


@hooks.register("register_admin_viewset")
def register_catalogue_page_viewsets():
    return page_viewsets("catalogue")


@hooks.register("register_admin_urls")
def register_roadmap_url():
    return [path("peta-jalan-3c/", RoadmapView.as_view(), name="catalogue_roadmap")]


@hooks.register("register_admin_menu_item")
def register_roadmap_menu_item():
    return MenuItem(
        _("Peta Jalan 3C"),
        reverse("catalogue_roadmap"),
        name="peta-jalan-3c",
        icon_name="table",
        order=160,
    )


@hooks.register("register_admin_urls")
def register_history_report_urls():
    urls = [
        path("", StateHistoryReportView.as_view(), name="index"),
        path(
            "results/",
            StateHistoryReportView.as_view(results_only=True),
            name="index_results",
        ),
    ]
    return [
        path(
            "reports/riwayat-status-layanan/",
            include(
                (urls, "catalogue_service_history"),
                namespace="catalogue_service_history",
            ),
        )
    ]


@hooks.register("register_reports_menu_item")
def register_history_menu_item():
    return MenuItem(
        _("Riwayat status layanan"),
        reverse("catalogue_service_history:index"),
        name="riwayat-status-layanan",
        icon_name="history",
        order=1400,
    )
