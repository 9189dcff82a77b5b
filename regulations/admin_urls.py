"""Admin URLs of regulation impact: review flags, citations missing from the registry,
follows and notifications (registered by regulations.wagtail_hooks)."""

from django.urls import include, path

from regulations import admin_views

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

urlpatterns = [
    path(
        "perlu-ditinjau/",
        include((impact_urls, "regulation_impact"), namespace="regulation_impact"),
    ),
    path(
        "peraturan-diikuti/",
        include((follow_urls, "regulation_follows"), namespace="regulation_follows"),
    ),
    path(
        "notifikasi-peraturan/",
        include(
            (notification_urls, "regulation_notifications"),
            namespace="regulation_notifications",
        ),
    ),
]
