"""Search analytics for editors: what people look for, what fails, what gets clicked,
and what readers taught the ranking."""

from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.http import HttpRequest
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin import messages

from search.learning import learning_reset
from search.models import LearnedSignal, SearchClick, SearchLog

ANALYTICS_PERMISSION = "search.view_searchlog"
ROWS = 50
MAX_DAYS = 366


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("Dari tanggal"), required=False)
    end = forms.DateField(label=_("Sampai tanggal"), required=False)

    def period(self, *, today: date) -> tuple[date, date]:
        """The chosen period, the last 30 days by default."""
        data = self.cleaned_data if self.is_valid() else {}
        end = data.get("end") or today
        start = data.get("start") or end - timedelta(days=29)
        return start, end

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            raise forms.ValidationError(
                {
                    "start": _(
                        "Tanggal awal (%(start)s) sesudah tanggal akhir (%(end)s); "
                        "tukar kedua tanggal."
                    )
                    % {"start": start.isoformat(), "end": end.isoformat()}
                }
            )
        if start and end and (end - start).days >= MAX_DAYS:
            raise forms.ValidationError(
                {"start": _("Pilih periode paling lama satu tahun.")}
            )
        return data


def _rate(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def analytics(request: HttpRequest) -> TemplateResponse:
    """Top queries, zero-result queries, queries without a click, click-through by position."""
    if not request.user.has_perm(ANALYTICS_PERMISSION):
        raise PermissionDenied
    form = PeriodForm(request.GET or None)
    start, end = form.period(today=timezone.localdate())
    logs = SearchLog.objects.between(start=start, end=end)
    top = [
        {**row, "ctr": _rate(row["clicked"], row["searches"])}
        for row in logs.by_query()[:ROWS]
    ]
    first_pages = logs.filter(page_number=1, results__gt=0).count()
    positions = [
        {**row, "ctr": _rate(row["clicks"], first_pages)}
        for row in SearchClick.objects.filter(
            search__searched_on__gte=start, search__searched_on__lte=end
        ).by_position()[:20]
    ]
    searches = logs.count()
    return TemplateResponse(
        request,
        "search/admin/analytics.html",
        {
            "form": form,
            "start": start,
            "end": end,
            "searches": searches,
            "zero_share": _rate(logs.filter(results=0).count(), searches),
            "top_queries": top,
            "zero_results": logs.zero_results()[:ROWS],
            "without_click": logs.without_click()[:ROWS],
            "positions": positions,
        },
    )


LEARNING_VIEW_PERMISSION = "search.view_learnedsignal"
LEARNING_RESET_PERMISSION = "search.delete_learnedsignal"


class ResetForm(forms.Form):
    query = forms.CharField(required=False, max_length=255)


def learning(request: HttpRequest) -> TemplateResponse:
    """What readers taught the ranking, per query and per page; editors may reset it.

    POST `query` resets that query's signals, an empty `query` resets everything
    (search.learning.learning_reset).
    """
    if not request.user.has_perm(LEARNING_VIEW_PERMISSION):
        raise PermissionDenied
    if request.method == "POST":
        if not request.user.has_perm(LEARNING_RESET_PERMISSION):
            raise PermissionDenied
        form = ResetForm(request.POST)
        if form.is_valid():
            query = form.cleaned_data["query"]
            removed = learning_reset(query=query, user=request.user, now=timezone.now())
            message = (
                _("Sinyal untuk “%(query)s” diatur ulang (%(count)d dihapus).")
                % {"query": query, "count": removed}
                if query
                else _("Semua sinyal dari pembaca diatur ulang (%(count)d dihapus).")
                % {"count": removed}
            )
            messages.success(request, message)
        return redirect("search_learning")
    signals = LearnedSignal.objects.select_related("page").order_by(
        "-changes_top", "query_string", "-factor"
    )
    return TemplateResponse(
        request,
        "search/admin/learning.html",
        {
            "query_signals": signals.exclude(query_string="")[: ROWS * 4],
            "page_signals": signals.filter(query_string="")[: ROWS * 4],
            "changed": signals.filter(changes_top=True)
            .values_list("query_string", flat=True)
            .distinct(),
            "can_reset": request.user.has_perm(LEARNING_RESET_PERMISSION),
            "refreshed_at": signals.aggregate(at=Max("refreshed_at"))["at"],
        },
    )
