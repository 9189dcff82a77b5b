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

from kb.linking import status_badge
from regulations.impact.flags import open_flags_for_page
from regulations.impact.follows import user_can_follow
from regulations.models import Regulation, RegulationFollow, ReviewFlag

register = template.Library()


@register.simple_tag
def open_review_flags(page: Page | None) -> list[ReviewFlag]:
    """Why the page is under review ("perlu ditinjau"); empty when it is not."""
    if page is None or not getattr(page, "pk", None):
        return []
    return open_flags_for_page(page)


@register.simple_tag
def regulation_badge(
    regulation: Regulation, on: date | None = None
) -> dict[str, str | date]:
    """Status badge parts for `regulation` as at `on` (default today)."""
    on = on or timezone.localdate()
    status = regulation.status_on(on=on)
    modifier, label = status_badge(status)
    return {
        "status": status,
        "modifier": modifier,
        "label": label,
        "on": on,
        "on_display": date_format(on),
    }


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
