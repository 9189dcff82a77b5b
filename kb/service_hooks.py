"""Admin set-up for the service catalogue: the 3C roadmap dashboard and the report of
service state changes, with their menu items.

Imported at the end of kb/wagtail_hooks.py, so Wagtail registers these hooks too.
"""

from __future__ import annotations

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from kb.admin_views import RoadmapView, StateHistoryReportView


@hooks.register("register_admin_urls")
def register_roadmap_url():
    return [path("peta-jalan-3c/", RoadmapView.as_view(), name="kb_roadmap")]


@hooks.register("register_admin_menu_item")
def register_roadmap_menu_item():
    return MenuItem(
        _("Peta Jalan 3C"),
        reverse("kb_roadmap"),
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
            include((urls, "kb_service_history"), namespace="kb_service_history"),
        )
    ]


@hooks.register("register_reports_menu_item")
def register_history_menu_item():
    return MenuItem(
        _("Riwayat status layanan"),
        reverse("kb_service_history:index"),
        name="riwayat-status-layanan",
        icon_name="history",
        order=1400,
    )
