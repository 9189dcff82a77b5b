"""Who follows a regulation, and the notifications followers get when it changes (sent
through regulations.notifications, like every notification)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext_lazy
from wagtail.permissions import policy_registry

from regulations.choices import NotificationKind
from regulations.models import Regulation, RegulationFollow
from regulations.notifications import Notice, notifications_record

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    from regulations.impact.events import ImpactEvent


NOT_ALLOWED_TO_FOLLOW = gettext_lazy(
    "Peraturan ini belum diterbitkan; hanya tim hukum yang dapat mengikutinya."
)


def should_notify(*, event: ImpactEvent, followed_at: datetime) -> bool:
    """Tell a follower about events dated on or after the day they followed, and about
    ones the registry recorded after that (e.g. a revocation entered late); not about
    history they followed into."""
    if event.event_on >= timezone.localdate(followed_at):
        return True
    return event.recorded_at is not None and event.recorded_at >= followed_at


def user_can_follow(*, user: AbstractBaseUser, regulation: Regulation) -> bool:
    """Admin users may follow published regulations; drafts only those who can edit them."""
    if not user.is_authenticated or not user.has_perm("wagtailadmin.access_admin"):
        return False
    return regulation.live or policy_registry.get_by_type(
        Regulation
    ).user_has_permission(user, "change")


def regulation_follow(
    *, user: AbstractBaseUser, regulation: Regulation, now: datetime | None = None
) -> RegulationFollow:
    """Start following a regulation (idempotent)."""
    if not user_can_follow(user=user, regulation=regulation):
        raise PermissionDenied(NOT_ALLOWED_TO_FOLLOW)
    follow, _created = RegulationFollow.objects.get_or_create(
        user=user,
        regulation=regulation,
        defaults={"created_at": now or timezone.now()},
    )
    return follow


def regulation_unfollow(*, user: AbstractBaseUser, regulation: Regulation) -> bool:
    """Stop following a regulation; True if the user was following it."""
    deleted, _rows = RegulationFollow.objects.filter(
        user=user, regulation=regulation
    ).delete()
    return bool(deleted)


def followers_notify(events: Mapping[int, list[ImpactEvent]], *, now: datetime) -> int:
    """Record one notification per follower and event they should hear about (see
    `should_notify`), through regulations.notifications; returns how many were new."""
    follows = RegulationFollow.objects.filter(regulation_id__in=events)
    return notifications_record(
        (
            Notice(
                user_id=follow.user_id,
                kind=NotificationKind.REGULATION_CHANGED,
                regulation_id=follow.regulation_id,
                event=event.event,
                event_on=event.event_on,
                message=event.reason,
            )
            for follow in follows
            for event in events[follow.regulation_id]
            if should_notify(event=event, followed_at=follow.created_at)
        ),
        now=now,
    )
