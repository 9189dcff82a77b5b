"""Admin set-up for the knowledge base: the readers' feedback reports, the article
listing, and the site's small additions to every admin screen (admin.css, admin.js)."""

from __future__ import annotations

import django_filters
from django import forms
from django.contrib.auth.models import Permission
from django.db.models import Count, Q, QuerySet
from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, NumberColumn, TitleColumn
from wagtail.admin.views.pages.listing import IndexView as PageIndexView
from wagtail.admin.views.reports import ReportView
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.models import Page
from wagtail.permissions import policy_registry

from kb.admin_views import page_viewsets
from kb.models import ArticleFeedback, ArticlePage

HELPFUL_CHOICES = [("", _("Semua")), ("true", _("Ya")), ("false", _("Tidak"))]


def _page_edit_url(page_id: int) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page_id])


def _pages_with_feedback(request) -> QuerySet[Page]:
    return Page.objects.filter(feedback__isnull=False).distinct().order_by("title")


class FeedbackFilterSet(WagtailFilterSet):
    created_at = django_filters.DateFromToRangeFilter(
        label=_("Tanggal dikirim"), widget=DateRangePickerWidget
    )
    helpful = django_filters.BooleanFilter(
        label=_("Membantu?"), widget=forms.RadioSelect(choices=HELPFUL_CHOICES)
    )
    has_comment = django_filters.BooleanFilter(
        label=_("Ada komentar?"),
        method="filter_has_comment",
        widget=forms.RadioSelect(choices=HELPFUL_CHOICES),
    )
    page = django_filters.ModelChoiceFilter(
        label=_("Halaman"),
        empty_label=_("Semua halaman"),
        queryset=_pages_with_feedback,
    )

    class Meta:
        model = ArticleFeedback
        fields = ["created_at", "helpful", "has_comment", "page"]

    def filter_has_comment(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.exclude(comment="") if value else queryset.filter(comment="")


class FeedbackPeriodFilterSet(WagtailFilterSet):
    created_at = django_filters.DateFromToRangeFilter(
        label=_("Tanggal dikirim"), widget=DateRangePickerWidget
    )

    class Meta:
        model = ArticleFeedback
        fields = ["created_at"]


class FeedbackReportView(ReportView):
    """Every reader answer, newest first; read-only, for users who may view feedback."""

    model = ArticleFeedback
    permission_required = "view"
    page_title = _("Umpan balik pembaca")
    header_icon = "comment"
    index_url_name = "kb_feedback_report:index"
    index_results_url_name = "kb_feedback_report:index_results"
    filterset_class = FeedbackFilterSet
    default_ordering = "-created_at"
    columns = [
        TitleColumn(
            "page",
            label=_("Halaman"),
            accessor="page.title",
            get_url=lambda feedback: _page_edit_url(feedback.page_id),
        ),
        Column(
            "helpful",
            label=_("Membantu?"),
            accessor=lambda feedback: _("Ya") if feedback.helpful else _("Tidak"),
            sort_key="helpful",
        ),
        Column("comment", label=_("Komentar")),
        DateColumn("created_at", label=_("Dikirim"), sort_key="created_at"),
    ]
    list_export = ["page.title", "helpful", "comment", "created_at"]
    export_headings = {
        "page.title": _("Halaman"),
        "helpful": _("Membantu"),
        "comment": _("Komentar"),
        "created_at": _("Dikirim"),
    }

    def get_base_queryset(self):
        return ArticleFeedback.objects.select_related("page")

    def get_header_buttons(self):
        return [
            HeaderButton(
                _("Per halaman"),
                reverse("kb_feedback_report:counts"),
                icon_name="list-ul",
            ),
            *super().get_header_buttons(),
        ]

    def get_filename(self) -> str:
        return "umpan-balik"


class FeedbackCountsReportView(ReportView):
    """Yes/no/comment totals per page (ArticleFeedback.objects.counts_by_page())."""

    model = ArticleFeedback
    permission_required = "view"
    page_title = _("Umpan balik per halaman")
    header_icon = "comment"
    index_url_name = "kb_feedback_report:counts"
    index_results_url_name = "kb_feedback_report:counts_results"
    filterset_class = FeedbackPeriodFilterSet
    verbose_name = _("halaman")
    verbose_name_plural = _("halaman")
    columns = [
        TitleColumn(
            "page__title",
            label=_("Halaman"),
            get_url=lambda row: _page_edit_url(row["page_id"]),
            sort_key="page__title",
        ),
        NumberColumn("yes", label=_("Ya"), sort_key="yes"),
        NumberColumn("no", label=_("Tidak"), sort_key="no"),
        NumberColumn("comments", label=_("Dengan komentar"), sort_key="comments"),
    ]
    list_export = ["page__title", "yes", "no", "comments"]
    export_headings = {
        "page__title": _("Halaman"),
        "yes": _("Ya"),
        "no": _("Tidak"),
        "comments": _("Dengan komentar"),
    }

    def get_queryset(self):
        # Filter the answers first, then aggregate; sort on the aggregates.
        counts = self.filter_queryset(ArticleFeedback.objects.all()).counts_by_page()
        if self.ordering:
            counts = counts.order_by(self.ordering, "page__title")
        return counts

    def get_filtered_queryset(self):
        return self.get_queryset()

    def get_header_buttons(self):
        return [
            HeaderButton(
                _("Semua jawaban"),
                reverse("kb_feedback_report:index"),
                icon_name="comment",
            ),
            *super().get_header_buttons(),
        ]

    def get_filename(self) -> str:
        return "umpan-balik-per-halaman"


class FeedbackMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return policy_registry.get_by_type(ArticleFeedback).user_has_permission(
            request.user, "view"
        )


@hooks.register("register_admin_urls")
def register_feedback_report_urls():
    urls = [
        path("", FeedbackReportView.as_view(), name="index"),
        path(
            "results/",
            FeedbackReportView.as_view(results_only=True),
            name="index_results",
        ),
        path("per-halaman/", FeedbackCountsReportView.as_view(), name="counts"),
        path(
            "per-halaman/results/",
            FeedbackCountsReportView.as_view(results_only=True),
            name="counts_results",
        ),
    ]
    return [
        path(
            "reports/umpan-balik/",
            include((urls, "kb_feedback_report"), namespace="kb_feedback_report"),
        )
    ]


@hooks.register("register_reports_menu_item")
def register_feedback_menu_item():
    return FeedbackMenuItem(
        _("Umpan balik"),
        reverse("kb_feedback_report:index"),
        name="umpan-balik",
        icon_name="comment",
        order=1300,
    )


@hooks.register("register_reports_menu_item")
def register_feedback_counts_menu_item():
    return FeedbackMenuItem(
        _("Umpan balik per halaman"),
        reverse("kb_feedback_report:counts"),
        name="umpan-balik-per-halaman",
        icon_name="comment",
        order=1310,
    )


@hooks.register("register_permissions")
def register_feedback_view_permission():
    """Let administrators grant "view feedback" to editor groups."""
    return Permission.objects.filter(
        content_type__app_label="kb", codename="view_articlefeedback"
    )


class ArticleIndexView(PageIndexView):
    def annotate_queryset(self, pages):
        pages = pages.annotate(
            feedback_yes=Count("feedback", filter=Q(feedback__helpful=True)),
            feedback_no=Count("feedback", filter=Q(feedback__helpful=False)),
        )
        return super().annotate_queryset(pages)


class ArticleListingViewSet(PageListingViewSet):
    """All articles in one flat list, with the readers' yes/no answers per article."""

    model = ArticlePage
    index_view_class = ArticleIndexView
    icon = "doc-full"
    menu_label = _("Artikel")
    menu_order = 150
    add_to_admin_menu = True
    name = "artikel"
    columns = [
        *PageIndexView.base_columns,
        NumberColumn("feedback_yes", label=_("Membantu: ya"), sort_key="feedback_yes"),
        NumberColumn("feedback_no", label=_("Membantu: tidak"), sort_key="feedback_no"),
    ]


@hooks.register("register_admin_viewset")
def register_article_listing():
    return ArticleListingViewSet()


@hooks.register("register_admin_viewset")
def register_kb_page_viewsets():
    return page_viewsets("kb")


@hooks.register("insert_global_admin_css")
def admin_css() -> str:
    """Status colours, unbroken citations and wide-enough number boxes in the admin."""
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))


@hooks.register("insert_global_admin_js")
def admin_js() -> str:
    """Labels the tag fields' typing boxes for screen readers."""
    return format_html('<script src="{}" defer></script>', static("js/admin.js"))
