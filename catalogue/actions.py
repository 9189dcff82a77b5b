"""The service catalogue's write layer: every change of a service's state, legal basis
or schedule goes through these functions, and every change of state through
catalogue.gatekeeping."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from catalogue import gatekeeping
from catalogue.choices import ChangeSource, ServiceState, SwitchStatus
from catalogue.models import (
    ScheduledSwitch,
    ServiceIndexPage,
    ServiceLegalBasis,
    ServicePage,
    ServiceStateChange,
)
from frontcache.purge import front_cache_purge
from kb.models import HomePage
from regulations.choices import NotificationKind
from regulations.gate import basis_lost
from regulations.impact.events import regulation_events
from regulations.models import PageRegulationLink, Regulation, ReviewFlag
from regulations.models.tracking import LinkSource
from regulations.notifications import user_notify

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

STATE_UNKNOWN_ERROR = _(
    "Status %(value)s tidak dikenal. Pilih salah satu: %(choices)s."
)
SWITCH_NOT_ALLOWED_ERROR = _(
    "Anda tidak berhak mengubah status layanan %(service)s: perlu izin menerbitkan halaman itu."
)
SCHEDULE_PAST_ERROR = _(
    "Tanggal jadwal (%(date)s) sudah lewat. Pilih hari ini atau tanggal sesudahnya."
)


def _check_state(value: str, *, field: str = "current_state") -> str:
    if value not in ServiceState.values:
        raise ValidationError(
            {
                field: STATE_UNKNOWN_ERROR
                % {"value": value, "choices": ", ".join(ServiceState.values)}
            }
        )
    return value


def _check_can_publish(service: ServicePage, user: AbstractBaseUser | None) -> None:
    if user is not None and not service.permissions_for_user(user).can_publish():
        raise PermissionDenied(SWITCH_NOT_ALLOWED_ERROR % {"service": service.title})


def service_with_basis(service: ServicePage) -> ServicePage:
    """The stored service with its legal basis and the regulations' status facts."""
    return ServicePage.objects.with_basis().get(pk=service.pk)


def service_sync_regulation_links(*, service: ServicePage) -> int:
    """Make the "legal_basis" PageRegulationLinks equal the service's basis rows (idempotent)."""
    wanted = {
        (row.regulation_id, row.provision[:200])
        for row in ServiceLegalBasis.objects.filter(page=service)
    }
    links = PageRegulationLink.objects.filter(
        page_id=service.pk, source=LinkSource.LEGAL_BASIS
    )
    have = set(links.values_list("regulation_id", "provision"))
    for regulation_id, provision in have - wanted:
        links.filter(regulation_id=regulation_id, provision=provision).delete()
    PageRegulationLink.objects.bulk_create(
        [
            PageRegulationLink(
                page_id=service.pk,
                regulation_id=regulation_id,
                source=LinkSource.LEGAL_BASIS,
                provision=provision,
            )
            for regulation_id, provision in sorted(wanted - have)
        ],
        ignore_conflicts=True,
    )
    return len(wanted)


def _record_state_change(
    *,
    service: ServicePage,
    from_state: str,
    on: date,
    user: AbstractBaseUser | None,
    reason: str,
    source: str,
) -> ServiceStateChange:
    return ServiceStateChange.objects.create(
        page=service,
        from_state=from_state,
        to_state=service.current_state,
        on=on,
        user=user,
        reason=reason,
        source=source,
        legal_basis_snapshot=service.legal_basis_snapshot(on=on),
    )


def service_record_published_state(
    *, service: ServicePage, user: AbstractBaseUser | None = None
) -> ServiceStateChange | None:
    """After a publish: sync the legal-basis links and, if the published state differs from
    the last recorded one, add it to the history (editor changes made in the admin)."""
    service_sync_regulation_links(service=service)
    last = service.state_changes.order_by("-created_at", "-pk").first()
    on = service.state_since or timezone.localdate()
    if last is not None and (last.to_state, last.on) == (service.current_state, on):
        return None
    return _record_state_change(
        service=service_with_basis(service),
        from_state=last.to_state if last else "",
        on=on,
        user=user,
        reason=service.state_reason,
        source=ChangeSource.ADMIN,
    )


_STATE_FIELDS = ["current_state", "state_since", "state_reason"]


def _persist_state(service: ServicePage, *, user: AbstractBaseUser | None) -> None:
    """Write the new state to the page row and keep Wagtail's revisions in step.

    A pending draft keeps its other edits (the state is copied into a new draft
    revision); otherwise the new state is published as a revision of its own.
    """
    service.save(update_fields=_STATE_FIELDS, clean=False)
    # The live row changed even when only a draft revision follows: readers see it now.
    front_cache_purge(pages=[service])
    draft = service.has_unpublished_changes and service.latest_revision
    base = draft.as_object() if draft else service
    for name in _STATE_FIELDS:
        setattr(base, name, getattr(service, name))
    revision = base.save_revision(user=user, clean=False, log_action=True)
    if not draft and service.live:
        revision.publish(user=user, log_action=True, skip_permission_checks=True)


def service_switch_state(
    *,
    service: ServicePage,
    to_state: str,
    on: date | None = None,
    user: AbstractBaseUser | None = None,
    reason: str = "",
    source: str = ChangeSource.COMMAND,
    today: date | None = None,
) -> ServiceStateChange | None:
    """Move a service to `to_state` on `on` (today by default) if the gate allows it.

    The gate judges every day the state will hold (ServicePage.check_switch): a
    backdated switch must be allowed on its date and today. A past switch older than
    the last recorded change is filed as history and leaves the current state alone.
    Raises ValidationError on "current_state" with the gate's reason, or on
    "state_since" for a date in the future (schedule it instead). Returns the history
    entry, or None when the service is already in that state.
    """
    today = today or timezone.localdate()
    on = on or today
    _check_state(to_state)
    _check_can_publish(service, user)
    service = service_with_basis(service)
    check = gatekeeping.check_switch(service, to_state=to_state, on=on, today=today)
    if not check.becomes_current:
        if check.state_before == to_state:
            return None
        return ServiceStateChange.objects.create(
            page=service,
            from_state=check.state_before,
            to_state=to_state,
            on=on,
            user=user,
            reason=reason,
            source=source,
            legal_basis_snapshot=service.legal_basis_snapshot(on=on),
        )
    if service.current_state == to_state:
        return None
    from_state = service.current_state
    service.current_state, service.state_since = to_state, on
    service.state_reason = reason or service.state_reason
    with transaction.atomic():
        change = _record_state_change(
            service=service,
            from_state=from_state,
            on=on,
            user=user,
            reason=reason,
            source=source,
        )
        _persist_state(service, user=user)
    return change


def service_set_automation(
    *,
    service: ServicePage,
    on: date | None = None,
    user: AbstractBaseUser | None = None,
    reason: str = "",
    source: str = ChangeSource.COMMAND,
    today: date | None = None,
) -> ServiceStateChange | None:
    """Switch a service to fully automated, through the gate (see service_switch_state)."""
    return service_switch_state(
        service=service,
        to_state=ServiceState.AUTOMATED,
        on=on,
        user=user,
        reason=reason,
        source=source,
        today=today,
    )


def service_schedule_switch(
    *,
    service: ServicePage,
    to_state: str,
    on: date | None = None,
    user: AbstractBaseUser | None = None,
    reason: str = "",
    today: date | None = None,
) -> ScheduledSwitch:
    """Plan a switch for `on`, or (on=None) for the first day the whole basis is in force.

    The gate is asked again when the switch is due; a newer request replaces a pending one.
    """
    today = today or timezone.localdate()
    _check_state(to_state, field="to_state")
    _check_can_publish(service, user)
    if on is not None and on < today:
        raise ValidationError({"on": SCHEDULE_PAST_ERROR % {"date": on.isoformat()}})
    with transaction.atomic():
        ScheduledSwitch.objects.filter(
            service=service, status=SwitchStatus.PENDING
        ).update(
            status=SwitchStatus.CANCELLED,
            outcome=_("Diganti dengan jadwal yang lebih baru."),
        )
        switch = ScheduledSwitch(
            service=service,
            to_state=to_state,
            on=on,
            reason=reason,
            requested_by=user,
        )
        switch.full_clean()
        switch.save()
    return switch


@dataclass
class ScheduledRun:
    """What one run of the scheduled switches did."""

    on: date
    done: list[ScheduledSwitch] = field(default_factory=list)
    blocked: list[ScheduledSwitch] = field(default_factory=list)
    waiting: list[ScheduledSwitch] = field(default_factory=list)


def scheduled_switches_run(*, on: date, today: date | None = None) -> ScheduledRun:
    """Perform the switches due on `on` through service_switch_state (so through the gate).

    A dated switch the gate refuses is marked blocked with the gate's reason and its
    requester is e-mailed; a "when the basis is in force" switch keeps waiting. A run
    for a past day still needs the basis in place today (see service_switch_state).
    """
    today = today or timezone.localdate()
    run = ScheduledRun(on=on)
    for switch in ScheduledSwitch.objects.due(on=on).select_related(
        "service", "requested_by"
    ):
        service = service_with_basis(switch.service)
        try:
            if switch.on is None:
                # Waiting for the basis: a refusal means "not yet", not "blocked".
                gatekeeping.check_switch(
                    service, to_state=switch.to_state, on=on, today=today
                )
        except ValidationError as err:
            switch.outcome = " ".join(_messages(err))
            switch.save(update_fields=["outcome"])
            run.waiting.append(switch)
            continue
        try:
            service_switch_state(
                service=service,
                to_state=switch.to_state,
                on=on,
                user=switch.requested_by,
                reason=switch.reason or _("Peralihan terjadwal."),
                source=ChangeSource.SCHEDULED,
                today=today,
            )
        except (ValidationError, PermissionDenied) as err:
            switch.status = SwitchStatus.BLOCKED
            switch.outcome = " ".join(_messages(err))
            run.blocked.append(switch)
            user_notify(
                user=switch.requested_by,
                kind=NotificationKind.SWITCH_BLOCKED,
                page=switch.service,
                event=f"switch:{switch.pk}",
                event_on=on,
                message=switch.outcome,
            )
        else:
            switch.status = SwitchStatus.DONE
            switch.done_on = on
            switch.outcome = _("Dilaksanakan.")
            run.done.append(switch)
        switch.save(update_fields=["status", "done_on", "outcome"])
    return run


def _messages(err: ValidationError | PermissionDenied) -> list[str]:
    if isinstance(err, ValidationError):
        return [str(m) for m in err.messages]
    return [str(err)]


def services_flag_lost_basis(
    *, on: date, now: datetime | None = None
) -> list[ReviewFlag]:
    """Flag every automated or contact-center service whose legal basis stopped being in
    place by `on` (a regulation revoked, replaced or expired, or its Pasal revoked), and
    e-mail each page owner once per regulation event. Idempotent."""
    now = now or timezone.now()
    raised: list[ReviewFlag] = []
    services = ServicePage.objects.gate_governed().with_basis().select_related("owner")
    for service in services:
        for row in service.legal_basis.all():
            lost = basis_lost(row.basis_item(), on=on)
            if lost is None:
                continue
            flag = _flag_lost_basis(service, row, lost=lost, on=on, now=now)
            if flag is not None:
                raised.append(flag)
    return raised


def _flag_lost_basis(
    service: ServicePage,
    row: ServiceLegalBasis,
    *,
    lost: tuple[str, date],
    on: date,
    now: datetime,
) -> ReviewFlag | None:
    kind, day = lost
    regulation = row.regulation
    # Reuse the impact tracker's event key and wording when it describes the same day,
    # so its flag and this one are the same row.
    event = next(
        (e for e in regulation_events(regulation, on=on) if e.event_on == day), None
    )
    key = event.event if event else kind
    with translation.override(settings.LANGUAGE_CODE):
        reason = _(
            "Layanan %(service)s berstatus %(state)s, tetapi dasar hukumnya tidak lagi "
            "berlaku: %(event)s. Perbarui dasar hukum atau status layanan."
        ) % {
            "service": service.title,
            "state": ServiceState(service.current_state).label,
            "event": event.reason
            if event
            else f"{regulation.short_citation} {row.provision}".strip(),
        }
    flag, created = ReviewFlag.objects.get_or_create(
        page=service,
        regulation=regulation,
        event=key,
        event_on=day,
        defaults={
            "reason": reason,
            "raised_at": now,
            "relation_id": event.relation_id if event else None,
        },
    )
    user_notify(
        user=service.owner,
        kind=NotificationKind.BASIS_LAPSED,
        regulation=regulation,
        page=service,
        event=f"service:{service.pk}",
        event_on=day,
        message=reason,
        now=now,
    )
    return flag if created else None


SERVICE_DRAFT_PENDING_ERROR = _(
    "Layanan %(slug)s punya draf yang belum diterbitkan. Terbitkan atau batalkan draf "
    "itu di admin sebelum mengimpor ulang."
)
SERVICE_INDEX_MISSING_ERROR = _(
    "Beranda TKB belum ada, jadi katalog Layanan tidak dapat dibuat. Jalankan "
    "`manage.py migrate` terlebih dahulu."
)


def service_index_ensure() -> ServiceIndexPage:
    """The "Layanan" catalogue page under the KB home, created (live) if missing."""
    index = ServiceIndexPage.objects.first()
    if index is not None:
        return index
    home = HomePage.objects.first()
    if home is None:
        raise ValidationError(SERVICE_INDEX_MISSING_ERROR)
    index = ServiceIndexPage(
        title=str(_("Layanan")),
        slug=ServiceIndexPage.home_slug,
        intro=str(
            _(
                "Daftar layanan perpajakan DJP: cara mengajukan, saluran, dan dasar hukumnya."
            )
        ),
    )
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


@dataclass(frozen=True)
class BasisSpec:
    """One legal-basis row to write: a registered regulation, its role and Pasal."""

    regulation: Regulation
    role: str
    provision: str = ""


def _basis_key(rows) -> list[tuple[int, str, str]]:
    return [(row.regulation.pk, row.role, row.provision) for row in rows]


def service_upsert(
    *,
    slug: str,
    fields: dict[str, object],
    basis: list[BasisSpec],
    user: AbstractBaseUser | None = None,
    reason: str = "",
    source: str = ChangeSource.IMPORT,
    today: date | None = None,
) -> str:
    """Create or update one service page from imported data; "created", "updated" or
    "unchanged". A claimed change of the current state goes through
    ServicePage.check_switch (the gate on every day from `state_since` to today).
    """
    today = today or timezone.localdate()
    index = service_index_ensure()
    existing = ServicePage.objects.child_of(index).filter(slug=slug).first()
    if existing is not None and existing.has_unpublished_changes:
        raise ValidationError(SERVICE_DRAFT_PENDING_ERROR % {"slug": slug})
    state = str(fields["current_state"])
    since = fields.get("state_since")
    if since is None:
        same_state = existing is not None and existing.current_state == state
        since = existing.state_since if same_state else today
    fields = {**fields, "state_since": since}
    page = service_with_basis(existing) if existing else ServicePage(slug=slug)
    unchanged = existing is not None and (
        all(getattr(page, name) == value for name, value in fields.items())
        and _basis_key(page.legal_basis.all()) == _basis_key(basis)
    )
    if unchanged:
        return "unchanged"
    from_state = existing.current_state if existing else ""
    state_changed = existing is None or (
        existing.current_state,
        existing.state_since,
    ) != (
        state,
        since,
    )
    for name, value in fields.items():
        setattr(page, name, value)
    page.legal_basis = [
        ServiceLegalBasis(
            regulation=spec.regulation,
            role=spec.role,
            provision=spec.provision,
            sort_order=order,
        )
        for order, spec in enumerate(basis)
    ]
    if state_changed:
        gatekeeping.check_switch(
            page, to_state=state, on=since or today, today=today, as_current=True
        )
    else:
        gatekeeping.check_basis_change(page, today=today)
    page.judged_as_at = today
    with transaction.atomic():
        if existing is None:
            page.owner = user
            index.add_child(instance=page)
        if state_changed:
            page.state_reason = reason or page.state_reason
            if existing is not None:
                # Stored first, so publishing the revision (a fresh instance) finds the
                # state already judged rather than judging it again as at today.
                page.save(update_fields=_STATE_FIELDS, clean=False)
            _record_state_change(
                service=page,
                from_state=from_state,
                on=since,
                user=user,
                reason=reason,
                source=source,
            )
        revision = page.save_revision(user=user, log_action=True)
        revision.publish(user=user, log_action=True, skip_permission_checks=True)
    return "created" if existing is None else "updated"


def service_set_legal_basis(
    *,
    service: ServicePage,
    basis: list[BasisSpec],
    user: AbstractBaseUser | None = None,
    today: date | None = None,
) -> bool:
    """Replace a service's legal basis (e.g. after a regulation was replaced) and publish
    it; the state is unchanged and must be allowed by the new basis today. Returns
    False when the basis was already this one."""
    _check_can_publish(service, user)
    if service.has_unpublished_changes:
        raise ValidationError(SERVICE_DRAFT_PENDING_ERROR % {"slug": service.slug})
    page = service_with_basis(service)
    if _basis_key(page.legal_basis.all()) == _basis_key(basis):
        return False
    page.legal_basis = [
        ServiceLegalBasis(
            regulation=spec.regulation,
            role=spec.role,
            provision=spec.provision,
            sort_order=order,
        )
        for order, spec in enumerate(basis)
    ]
    gatekeeping.check_basis_change(page, today=today or timezone.localdate())
    with transaction.atomic():
        revision = page.save_revision(user=user, log_action=True)
        revision.publish(user=user, log_action=True, skip_permission_checks=True)
    return True
