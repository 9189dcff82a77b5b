"""Every change of state in the regulation registry goes through these functions.

Writes run Wagtail's own create/edit actions (so a revision is saved, the object is
published and the audit log gets its entries) through subclasses that add the editor's
reason ("alasan perubahan") to the log entry's data. The admin uses the same actions:
wagtail_hooks registers them for Regulation.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.actions.create import CreateAction
from wagtail.actions.edit import EditAction
from wagtail.log_actions import LogContext, log
from wagtail.models import Page
from wagtail.utils.timestamps import ensure_utc

from regulations.choices import DraftStage, NotificationKind
from regulations.models import (
    Regulation,
    RegulationDraft,
    RegulationDraftFollow,
    RegulationPeriod,
    RegulationRelation,
)
from regulations.notifications import Notice, notifications_queue, notifications_record

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser
    from wagtail.models import Revision

REASON_FIELD = "change_reason"
DEFAULT_IMPORT_REASON = _("Impor data peraturan")
REASON_REQUIRED_ERROR = _(
    "Tuliskan alasan perubahan (mis. nomor nota dinas atau sumber data) agar tercatat "
    "di riwayat peraturan."
)
DRAFT_PENDING_ERROR = _(
    "%(citation)s punya draf yang belum diterbitkan, sedang dikunci atau sedang "
    "ditinjau. Selesaikan atau batalkan draf itu di admin sebelum mengubahnya lewat "
    "impor atau perintah."
)
EDITABLE_FIELDS = frozenset(
    {
        "type",
        "number",
        "year",
        "unit",
        "title",
        "signed_on",
        "promulgated_on",
        "effective_on",
        "ends_on",
        "publication",
        "source_url",
        "document",
        "abstract",
        "verification_note",
        "facts_verified",
    }
)


def reason_data(reason: str) -> dict[str, str]:
    """The audit-log data that records why a regulation changed."""
    return {"reason": str(reason).strip()}


class _ReasonLoggingMixin:
    """Log the action itself, with {"reason": …} from the caller or the admin form."""

    default_log_action = ""

    def __init__(self, instance, user=None, *, reason: str | None = None, **kwargs):
        self.reason_log_action = kwargs.pop("log_action", self.default_log_action)
        super().__init__(instance, user, log_action=False, **kwargs)
        self.reason = reason

    def get_reason(self) -> str:
        if self.reason is not None:
            return str(self.reason)
        if self.form is not None and hasattr(self.form, "cleaned_data"):
            return self.form.cleaned_data.get(REASON_FIELD, "")
        return ""

    def log_with_reason(self, *, content_changed: bool) -> None:
        if not self.reason_log_action:
            return
        revision: Revision | None = self.revision
        log(
            instance=self.instance,
            action=self.reason_log_action,
            user=self.user,
            revision=revision,
            content_changed=content_changed,
            data=reason_data(self.get_reason()),
            # The revision's time keeps "created/edited" before any "published" entry.
            timestamp=revision.created_at if revision else timezone.now(),
        )


class RegulationCreateAction(_ReasonLoggingMixin, CreateAction):
    """Wagtail's create action, logging "wagtail.create" with the reason."""

    default_log_action = "wagtail.create"

    @transaction.atomic
    def _create(self, skip_permission_checks=False):
        instance = super()._create(skip_permission_checks=skip_permission_checks)
        self.log_with_reason(content_changed=True)
        return instance


class RegulationEditAction(_ReasonLoggingMixin, EditAction):
    """Wagtail's edit action, logging "wagtail.edit" with the reason."""

    default_log_action = "wagtail.edit"

    @transaction.atomic
    def _edit(self, skip_permission_checks=False):
        instance = super()._edit(skip_permission_checks=skip_permission_checks)
        self.log_with_reason(content_changed=self.content_changed)
        return instance


def log_revert_with_reason(
    *, instance: Regulation, user, revision: Revision, previous: Revision, reason: str
) -> None:
    """The "wagtail.revert" entry Wagtail would write, plus the reason."""
    log(
        instance=instance,
        action="wagtail.revert",
        user=user,
        revision=revision,
        content_changed=True,
        data={
            "revision": {
                "id": previous.id,
                "created": ensure_utc(previous.created_at),
            },
            **reason_data(reason),
        },
    )


# Services ----------------------------------------------------------------------


def _require_reason(reason: str) -> str:
    reason = str(reason or "").strip()
    if not reason:
        raise ValidationError({REASON_FIELD: REASON_REQUIRED_ERROR})
    return reason


def _check_fields(fields: dict[str, Any]) -> None:
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"Unknown regulation fields: {', '.join(sorted(unknown))}")


def _fresh(regulation: Regulation) -> Regulation:
    """The stored regulation with all its relations (never a filtered prefetch)."""
    fresh = Regulation.objects.get(pk=regulation.pk)
    if fresh.has_unpublished_changes or fresh.locked or fresh.workflow_in_progress:
        raise ValidationError(DRAFT_PENDING_ERROR % {"citation": fresh.short_citation})
    return fresh


def _periods(periods: Iterable[dict[str, Any]]) -> list[RegulationPeriod]:
    """Time-limited provisions from plain values, validated, in the order given."""
    rows = [
        RegulationPeriod(sort_order=order, **values)
        for order, values in enumerate(periods)
    ]
    for row in rows:
        row.full_clean(exclude=["regulation"])
    return rows


def regulation_create(
    *,
    user: AbstractBaseUser | None = None,
    reason: str,
    publish: bool = True,
    subjects: Iterable[str] = (),
    periods: Iterable[dict[str, Any]] = (),
    **fields: Any,
) -> Regulation:
    """Register a regulation (published by default) with its first revision and a logged reason.

    `fields` are Regulation fields (type, number, year, unit, title, dates …) and
    `periods` its time-limited provisions (label, provision, starts_on, ends_on, note).
    Without a user the write is a system import; with one, the user's permissions are
    checked.
    """
    reason = _require_reason(reason)
    _check_fields(fields)
    regulation = Regulation(**fields)
    regulation.full_clean()
    regulation.periods = _periods(periods)
    with transaction.atomic(), LogContext(user=user):
        subjects = list(subjects)
        if subjects:
            regulation.subjects.add(*subjects)
        RegulationCreateAction(
            regulation, user=user, reason=reason, publish=publish, clean=False
        ).execute(skip_permission_checks=user is None)
    # Publishing writes through a copy made from the revision; return the stored state.
    return Regulation.objects.get(pk=regulation.pk)


def regulation_update(
    *,
    regulation: Regulation,
    user: AbstractBaseUser | None = None,
    reason: str,
    publish: bool = True,
    subjects: Iterable[str] | None = None,
    periods: Iterable[dict[str, Any]] | None = None,
    **changes: Any,
) -> Regulation:
    """Change a regulation's fields (subjects, time-limited provisions), save a revision,
    publish, log the reason."""
    reason = _require_reason(reason)
    _check_fields(changes)
    regulation = _fresh(regulation)
    for name, value in changes.items():
        setattr(regulation, name, value)
    if subjects is not None:
        regulation.subjects.set(list(subjects))
    regulation.full_clean()
    if periods is not None:
        regulation.periods = _periods(periods)
    with transaction.atomic(), LogContext(user=user):
        RegulationEditAction(
            regulation, user=user, reason=reason, publish=publish, clean=False
        ).execute(skip_permission_checks=user is None)
    return Regulation.objects.get(pk=regulation.pk) if publish else regulation


def regulation_add_relation(
    *,
    source: Regulation,
    type: str,
    target: Regulation,
    provision: str = "",
    effective_on: date | None = None,
    note: str = "",
    user: AbstractBaseUser | None = None,
    reason: str,
    publish: bool = True,
) -> RegulationRelation:
    """Record that `source` amends/revokes/implements … `target`, as a new revision of `source`.

    Refused (ValidationError, nothing saved) when the relation would point at itself,
    close a loop of amendments, revoke before the target took effect, or repeat one.
    """
    reason = _require_reason(reason)
    source = _fresh(source)
    relation = RegulationRelation(
        source=source,
        type=type,
        target=target,
        provision=provision.strip(),
        effective_on=effective_on,
        note=note,
    )
    relation.full_clean()
    source.relations.add(relation)
    with transaction.atomic(), LogContext(user=user):
        RegulationEditAction(
            source, user=user, reason=reason, publish=publish, clean=False
        ).execute(skip_permission_checks=user is None)
    if not publish:
        return relation
    return RegulationRelation.objects.get(
        source=source, type=type, target=target, provision=relation.provision
    )


def regulation_change_relation(
    *,
    relation: RegulationRelation,
    effective_on: date | None,
    note: str,
    user: AbstractBaseUser | None = None,
    reason: str,
    publish: bool = True,
) -> RegulationRelation:
    """Correct a relation's date or note, as a new revision of its source."""
    reason = _require_reason(reason)
    source = _fresh(relation.source)
    relations = list(source.relations.all())
    stored = next(r for r in relations if r.pk == relation.pk)
    stored.effective_on = effective_on
    stored.note = note
    stored.source = source
    stored.full_clean()
    # Hold the relations in memory so the revision (and its publication) carries the edit.
    source.relations.set(relations)
    with transaction.atomic(), LogContext(user=user):
        RegulationEditAction(
            source, user=user, reason=reason, publish=publish, clean=False
        ).execute(skip_permission_checks=user is None)
    return RegulationRelation.objects.get(pk=relation.pk) if publish else stored


def reason_for(entry) -> str:
    """The reason recorded on an audit-log entry, or ""."""
    return (entry.data or {}).get("reason", "")


# Drafts (rancangan) ---------------------------------------------------------------

DRAFT_ENACT_DONE_ERROR = _(
    "Rancangan ini sudah ditetapkan sebagai %(citation)s; ubah peraturannya di registri."
)
DRAFT_FOLLOW_TARGET_ERROR = _("Pilih satu rancangan atau satu layanan untuk diikuti.")


def draft_followers(draft: RegulationDraft) -> set[int]:
    """Who hears of a change to `draft`: its owner, its followers, and the owners and
    followers of the services waiting on it (user ids)."""
    pages = list(draft.waiting_services.values_list("page_id", flat=True))
    users = set(
        RegulationDraftFollow.objects.filter(
            Q(draft=draft) | Q(page_id__in=pages)
        ).values_list("user_id", flat=True)
    )
    users |= set(
        Page.objects.filter(pk__in=pages, owner__isnull=False).values_list(
            "owner_id", flat=True
        )
    )
    if draft.owner_id:
        users.add(draft.owner_id)
    return users


def _draft_change_message(
    draft: RegulationDraft, *, before: tuple[str, date | None]
) -> str:
    stage_before, expected_before = before
    parts = []
    if stage_before != draft.stage:
        parts.append(
            _("tahap %(old)s → %(new)s")
            % {
                "old": DraftStage(stage_before).label if stage_before else "-",
                "new": draft.get_stage_display(),
            }
        )
    if expected_before != draft.expected_on:
        parts.append(
            _("perkiraan berlaku %(old)s → %(new)s")
            % {
                "old": expected_before.isoformat() if expected_before else "-",
                "new": draft.expected_on.isoformat() if draft.expected_on else "-",
            }
        )
    return _("%(draft)s berubah: %(changes)s") % {
        "draft": draft.label,
        "changes": "; ".join(parts),
    }


def draft_save(
    *,
    draft: RegulationDraft,
    before: tuple[str, date | None] | None = None,
    today: date | None = None,
) -> int:
    """Validate and save a draft (with its waiting services); when its stage or expected
    date changed from `before`, notify its followers and those of the waiting services
    through the one notification path. Returns how many were notified."""
    draft.full_clean()
    draft.save()
    now_facts = (draft.stage, draft.expected_on)
    if before is None or before == now_facts:
        return 0
    today = today or timezone.localdate()
    message = _draft_change_message(draft, before=before)
    recorded = notifications_record(
        Notice(
            user_id=user_id,
            kind=NotificationKind.DRAFT_CHANGED,
            event=f"draft:{draft.pk}:{draft.stage}:{draft.expected_on or '-'}",
            event_on=today,
            message=message,
        )
        for user_id in sorted(draft_followers(draft))
    )
    if recorded:
        notifications_queue()
    return recorded


def draft_enact(
    *,
    draft: RegulationDraft,
    number: int,
    year: int,
    reason: str,
    user: AbstractBaseUser | None = None,
    today: date | None = None,
    **fields: Any,
) -> Regulation:
    """Register the regulation a draft became (type and title taken from the draft, so
    nothing is retyped), link it to the draft and move the draft to "pengundangan" or,
    once in force, "berlaku"; the followers are notified (draft_save)."""
    if draft.regulation_id:
        raise ValidationError(
            DRAFT_ENACT_DONE_ERROR % {"citation": draft.regulation.short_citation}
        )
    today = today or timezone.localdate()
    before = (draft.stage, draft.expected_on)
    with transaction.atomic():
        regulation = regulation_create(
            user=user,
            reason=reason,
            type=draft.type,
            title=draft.title,
            number=number,
            year=year,
            **fields,
        )
        draft.regulation = regulation
        effective = regulation.effective_on
        draft.stage = (
            DraftStage.IN_FORCE
            if effective is not None and effective <= today
            else DraftStage.PROMULGATED
        )
        if effective is not None:
            draft.expected_on = effective
        draft_save(draft=draft, before=before, today=today)
    return regulation


def draft_follow(
    *,
    user: AbstractBaseUser,
    draft: RegulationDraft | None = None,
    page: Page | None = None,
) -> bool:
    """Follow a draft, or the drafts a service waits on; False when already followed."""
    if (draft is None) == (page is None):
        raise ValidationError(DRAFT_FOLLOW_TARGET_ERROR)
    _follow, created = RegulationDraftFollow.objects.get_or_create(
        user=user, draft=draft, page=page
    )
    return created
