"""Admin for the registry: the "Peraturan" snippet viewset and the actions that log reasons.

Drafts, revisions, comparison, locking and the "Tinjauan Hukum" workflow come from the
model's Wagtail mixins; who may write is decided by the "Tim Hukum" group's
permissions (migration 0003). Every save asks for an "alasan perubahan", stored in
the audit-log entry's data and shown in the history.
"""

from __future__ import annotations

import django_filters
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.admin.views.generic.mixins import RevisionsRevertMixin
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView as SnippetCreateView
from wagtail.snippets.views.snippets import EditView, HistoryView, SnippetViewSet

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
from regulations.models import Regulation


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
    """The derived status as at today (with_facts() keeps this to one query per page)."""

    def __init__(self, **kwargs):
        super().__init__(
            "status_today",
            label=_("Status hari ini"),
            accessor=lambda r: r.status_on(on=timezone.localdate()).label,
            primary=lambda r: r.status_on(on=timezone.localdate()) in IN_FORCE_STATUSES,
            **kwargs,
        )


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
