"""The "perlu ditinjau" review flags: raised on pages that depend on a changed
regulation, listed for editors, and resolved by a new review date or by hand."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy
from wagtail.models import Page
from wagtail.permissions import policy_registry

from frontcache.purge import front_cache_purge
from regulations.models import PageRegulationLink, ReviewFlag

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    from regulations.impact.events import ImpactEvent


NOT_ALLOWED_TO_REVIEW = gettext_lazy(
    "Anda tidak berhak menandai halaman ini sudah ditinjau, karena Anda tidak dapat "
    "menyunting halaman tersebut."
)


def page_review_date(page: Page) -> date | None:
    """The day the page's content was last checked: ``reviewed_on`` if the page type has
    it and it is filled in, else the local date it was last published."""
    reviewed_on = getattr(page, "reviewed_on", None)
    if reviewed_on:
        return reviewed_on
    if page.last_published_at:
        return timezone.localdate(page.last_published_at)
    return None


def page_review_dates(page_ids: Iterable[int]) -> dict[int, date | None]:
    """`page_review_date` for many pages (one query per page type)."""
    pages = Page.objects.filter(pk__in=set(page_ids)).specific()
    return {page.pk: page_review_date(page) for page in pages}


def pages_user_can_edit(user: AbstractBaseUser) -> QuerySet[Page]:
    """Pages `user` may change (every page for a superuser)."""
    return policy_registry.get_by_type(Page).instances_user_has_permission_for(
        user, "change"
    )


def open_flags_for_user(user: AbstractBaseUser) -> QuerySet[ReviewFlag]:
    """Open review flags on pages `user` can edit, newest event first."""
    return (
        ReviewFlag.objects.open()
        .filter(page__in=pages_user_can_edit(user))
        .select_related("page", "regulation")
        .order_by("-event_on", "page__title", "pk")
    )


def open_flags_for_page(page: Page) -> list[ReviewFlag]:
    """The reasons a page is currently under review (one query)."""
    return list(
        ReviewFlag.objects.open()
        .filter(page_id=page.pk)
        .select_related("regulation")
        .order_by("event_on", "pk")
    )


def needs_review(*, event_on: date, reviewed_on: date | None) -> bool:
    """A page needs review for an event that happened after its last review."""
    return reviewed_on is None or event_on > reviewed_on


def review_flags_raise(
    events: Mapping[int, list[ImpactEvent]], *, now: datetime
) -> list[ReviewFlag]:
    """Flag each live page linked to a regulation for each of its events after the
    page's last review; one flag per page, regulation, event and date. Returns the new
    flags."""
    # Unpublished pages give no advice to anyone; they are checked when published again.
    pairs = set(
        PageRegulationLink.objects.filter(
            regulation_id__in=events, page__live=True
        ).values_list("page_id", "regulation_id")
    )
    if not pairs:
        return []
    reviewed = page_review_dates(page_id for page_id, _regulation_id in pairs)
    existing = set(
        ReviewFlag.objects.filter(
            page_id__in=reviewed, regulation_id__in=events
        ).values_list("page_id", "regulation_id", "event", "event_on")
    )
    new = [
        ReviewFlag(
            page_id=page_id,
            regulation_id=regulation_id,
            relation_id=event.relation_id,
            event=event.event,
            event_on=event.event_on,
            reason=event.reason,
            raised_at=now,
        )
        for page_id, regulation_id in sorted(pairs)
        if page_id in reviewed
        for event in events[regulation_id]
        if (page_id, regulation_id, event.event, event.event_on) not in existing
        and needs_review(event_on=event.event_on, reviewed_on=reviewed[page_id])
    ]
    ReviewFlag.objects.bulk_create(new, ignore_conflicts=True)
    return new


def review_flags_resolve_reviewed(
    *,
    page: Page,
    reviewed_on: date | None,
    user: AbstractBaseUser | None = None,
    now: datetime | None = None,
) -> int:
    """Close the page's open flags for events on or before its new review date (the
    editor has read the page again since they happened). Returns how many closed."""
    if reviewed_on is None:
        return 0
    return (
        ReviewFlag.objects.open()
        .filter(page_id=page.pk, event_on__lte=reviewed_on)
        .update(resolved_at=now or timezone.now(), resolved_by=user)
    )


def review_flag_resolve(
    *, flag: ReviewFlag, user: AbstractBaseUser, now: datetime | None = None
) -> ReviewFlag:
    """An editor marks one flag as reviewed; only users who may edit the page can."""
    if not flag.page.permissions_for_user(user).can_edit():
        raise PermissionDenied(NOT_ALLOWED_TO_REVIEW)
    if flag.resolved_at is None:
        flag.resolved_at = now or timezone.now()
        flag.resolved_by = user
        flag.save(update_fields=["resolved_at", "resolved_by"])
        front_cache_purge(pages=[flag.page])  # its "perlu ditinjau" notice goes
    return flag
