"""Template helpers for regulation impact: review notices, status badges, follow state.

Only reads; the queries live in regulations.impact and the models.
"""

from __future__ import annotations

from datetime import date

from django import template
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django.utils.formats import date_format
from wagtail.models import Page

from kb.linking import badge_note, status_badge
from regulations.impact.flags import open_flags_for_page, page_review_date
from regulations.impact.follows import user_can_follow
from regulations.models import Regulation, RegulationFollow, ReviewFlag
from regulations.rules import StatusReason

register = template.Library()


@register.simple_tag
def open_review_flags(page: Page | None) -> list[ReviewFlag]:
    """Why the page is under review ("perlu ditinjau"); empty when it is not."""
    if page is None or not getattr(page, "pk", None):
        return []
    return open_flags_for_page(page)


@register.simple_tag
def review_date(page: Page | None) -> date | None:
    """The day the page's content was last checked, as the review flags count it: its
    "terakhir ditinjau" date where the page type has one, else its last publication."""
    if page is None or not getattr(page, "pk", None):
        return None
    return page_review_date(page)


@register.simple_tag
def reason_badge(reason: StatusReason, on: date | None = None) -> dict[str, object]:
    """Status badge parts: CSS modifier, label and the visible note explaining it."""
    on = on or timezone.localdate()
    modifier, label = status_badge(reason.status)
    return {
        "status": reason.status,
        "modifier": modifier,
        "label": label,
        "note": badge_note(reason),
        "on": on,
        "on_display": date_format(on),
    }


@register.simple_tag
def regulation_badge(
    regulation: Regulation, on: date | None = None
) -> dict[str, object]:
    """Status badge parts for `regulation` as at `on` (default today)."""
    on = on or timezone.localdate()
    return reason_badge(regulation.status_reason(on=on), on)


@register.simple_tag(takes_context=True)
def regulation_follow_state(context, regulation: Regulation) -> dict[str, bool]:
    """Whether the current user may follow `regulation`, and whether they do."""
    request = context.get("request")
    user = getattr(request, "user", None) or AnonymousUser()
    if not user_can_follow(user=user, regulation=regulation):
        return {"can_follow": False, "following": False}
    following = RegulationFollow.objects.filter(
        user=user, regulation=regulation
    ).exists()
    return {"can_follow": True, "following": following}
