"""Impact of regulation changes on the pages that depend on them.

Reads and writes of the tracking models: the citation links found in published pages,
the "perlu ditinjau" review flags raised when a cited regulation changes, and the
follows and notifications of people who watch a regulation.

Pages take part by duck typing, so the registry never imports the knowledge base:
a page model that defines ``citation_texts() -> list[str]`` has its citations synced,
and one with a ``reviewed_on`` date is considered reviewed on that day (otherwise on the
day it was last published). Dates are always passed in (``on=``); ``now=`` defaults to
the clock only at this service edge.
"""

from __future__ import annotations

import logging
import smtplib
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Page
from wagtail.permissions import policy_registry

from regulations.choices import RelationType
from regulations.citations import Citation, find_citations
from regulations.models import (
    PageRegulationLink,
    Regulation,
    RegulationFollow,
    RegulationNotification,
    ReviewFlag,
    UnregisteredCitation,
)
from regulations.models.tracking import LinkSource

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    from regulations.models import RegulationRelation

logger = logging.getLogger(__name__)

Key = tuple[str, int, int]

# Relations whose arrival means guidance that relies on the target must be re-read.
IMPACT_RELATIONS = (
    RelationType.AMENDS,
    RelationType.REVOKES,
    RelationType.REVOKES_PART,
    RelationType.REPLACES,
    RelationType.ENACTS,
)
EXPIRED_EVENT = "expired"

NOT_ALLOWED_TO_REVIEW = gettext_lazy(
    "Anda tidak berhak menandai halaman ini sudah ditinjau, karena Anda tidak dapat "
    "menyunting halaman tersebut."
)
NOT_ALLOWED_TO_FOLLOW = gettext_lazy(
    "Peraturan ini belum diterbitkan; hanya tim hukum yang dapat mengikutinya."
)


# Reads -----------------------------------------------------------------------------
def regulations_by_key(
    keys: Iterable[Key], *, with_facts: bool = False
) -> dict[Key, Regulation]:
    """Published regulations for the given (type, number, year) keys, in one query (plus
    the prefetch of status facts when asked).

    Filters on each column's set of values (cheap to build and to index) and keeps the
    exact keys in Python; the few extra rows that match a mix of keys are dropped.
    """
    wanted = set(keys)
    if not wanted:
        return {}
    kinds, numbers, years = (sorted({key[i] for key in wanted}) for i in range(3))
    queryset = Regulation.objects.published().filter(
        type__in=kinds, number__in=numbers, year__in=years
    )
    if with_facts:
        queryset = queryset.with_facts()
    return {
        regulation.key: regulation
        for regulation in queryset
        if regulation.key in wanted
    }


def page_citations(page: Page) -> list[Citation]:
    """Citations in the texts a page offers through ``citation_texts()`` (none otherwise)."""
    texts = page.citation_texts() if hasattr(page, "citation_texts") else []
    return [citation for text in texts if text for citation in find_citations(text)]


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


# Events (pure: facts in, events out) -----------------------------------------------
@dataclass(frozen=True)
class ImpactEvent:
    """Something that happened to a regulation on `event_on` and may affect guidance."""

    regulation_id: int
    event: str
    event_on: date
    reason: str
    relation_id: int | None = None
    recorded_at: datetime | None = None  # when the registry learnt of it, if known


def _relation_reason(
    kind: str, *, target: str, source: str, provisions: Sequence[str], on: date
) -> str:
    values = {
        "target": target,
        "source": source,
        "date": date_format(on),
        "provision": ", ".join(provisions),
    }
    if kind == RelationType.REVOKES:
        return _("%(target)s dicabut dengan %(source)s sejak %(date)s") % values
    if kind == RelationType.REPLACES:
        return (
            _("%(target)s dicabut dan diganti dengan %(source)s sejak %(date)s")
            % values
        )
    if kind == RelationType.ENACTS:
        return (
            _(
                "%(target)s ditetapkan menjadi undang-undang dengan %(source)s sejak %(date)s"
            )
            % values
        )
    if kind == RelationType.REVOKES_PART:
        if provisions:
            return (
                _("%(provision)s %(target)s dicabut dengan %(source)s sejak %(date)s")
                % values
            )
        return (
            _("Sebagian %(target)s dicabut dengan %(source)s sejak %(date)s") % values
        )
    if provisions:
        return (
            _("%(provision)s %(target)s diubah dengan %(source)s sejak %(date)s")
            % values
        )
    return _("%(target)s diubah dengan %(source)s sejak %(date)s") % values


def regulation_events(regulation: Regulation, *, on: date) -> list[ImpactEvent]:
    """Changes to `regulation` that have taken effect by `on`, oldest first.

    One event per acting regulation, kind and date (a partial revocation of several
    Pasal on one day is one event), plus the end of efficacy when `ends_on` has passed
    and nothing revoked the regulation before it. Reads prefetched
    ``incoming_relations`` (RegulationQuerySet.with_facts) and their sources.
    """
    grouped: dict[tuple[str, int, date], list[RegulationRelation]] = defaultdict(list)
    ended_by_revocation: date | None = None
    for relation in regulation.incoming_relations.all():
        if not relation.source.live or relation.type not in IMPACT_RELATIONS:
            continue
        when = relation.effective_date
        if when is None or when > on:
            continue
        grouped[(relation.type, relation.source_id, when)].append(relation)
        if relation.type in (RelationType.REVOKES, RelationType.REPLACES):
            ended_by_revocation = min(ended_by_revocation or when, when)
    events = []
    for (kind, source_id, when), relations in grouped.items():
        first = min(relations, key=lambda relation: relation.pk)
        events.append(
            ImpactEvent(
                regulation_id=regulation.pk,
                event=f"{kind}:{source_id}",
                event_on=when,
                reason=_relation_reason(
                    kind,
                    target=regulation.short_citation,
                    source=first.source.short_citation,
                    provisions=sorted({r.provision for r in relations if r.provision}),
                    on=when,
                ),
                relation_id=first.pk,
                recorded_at=first.source.last_published_at,
            )
        )
    if regulation.ends_on:
        lapsed_on = regulation.ends_on + timedelta(days=1)
        if lapsed_on <= on and not (
            ended_by_revocation and ended_by_revocation <= lapsed_on
        ):
            events.append(
                ImpactEvent(
                    regulation_id=regulation.pk,
                    event=EXPIRED_EVENT,
                    event_on=lapsed_on,
                    reason=_(
                        "Masa berlaku %(target)s berakhir pada %(last_day)s; "
                        "sejak %(date)s peraturan ini tidak berlaku lagi"
                    )
                    % {
                        "target": regulation.short_citation,
                        "last_day": date_format(regulation.ends_on),
                        "date": date_format(lapsed_on),
                    },
                )
            )
    return sorted(events, key=lambda event: (event.event_on, event.event))


def needs_review(*, event_on: date, reviewed_on: date | None) -> bool:
    """A page needs review for an event that happened after its last review."""
    return reviewed_on is None or event_on > reviewed_on


def should_notify(*, event: ImpactEvent, followed_at: datetime) -> bool:
    """Tell a follower about events dated on or after the day they followed, and about
    ones the registry recorded after that (e.g. a revocation entered late); not about
    history they followed into."""
    if event.event_on >= timezone.localdate(followed_at):
        return True
    return event.recorded_at is not None and event.recorded_at >= followed_at


# Services: citation links -------------------------------------------------------------
@dataclass
class SyncResult:
    pages: int = 0
    links: int = 0
    unregistered: int = 0
    flags_closed: int = 0


def citations_sync(
    *, found: Mapping[int, Sequence[Citation]], now: datetime | None = None
) -> SyncResult:
    """Replace the citation links and unregistered citations of the pages in `found`
    (page id → citations), in one transaction with bulk writes; idempotent.

    Open review flags on those pages for regulations they no longer depend on (through
    any link source) are closed: nothing is left to review.
    """
    now = now or timezone.now()
    registered = regulations_by_key(
        citation.key for citations in found.values() for citation in citations
    )
    links: dict[tuple[int, int, str], PageRegulationLink] = {}
    unregistered: dict[tuple[int, Key], UnregisteredCitation] = {}
    for page_id, citations in found.items():
        for citation in citations:
            regulation = registered.get(citation.key)
            if regulation is not None:
                provision = (citation.provision or "")[:200]
                links.setdefault(
                    (page_id, regulation.pk, provision),
                    PageRegulationLink(
                        page_id=page_id,
                        regulation=regulation,
                        source=LinkSource.CITATION,
                        provision=provision,
                        cited_text=citation.text[:300],
                    ),
                )
            else:
                kind, number, year = citation.key
                unregistered.setdefault(
                    (page_id, citation.key),
                    UnregisteredCitation(
                        page_id=page_id,
                        type=kind,
                        number=number,
                        year=year,
                        cited_text=citation.text[:300],
                    ),
                )
    page_ids = list(found)
    with transaction.atomic():
        PageRegulationLink.objects.filter(
            page_id__in=page_ids, source=LinkSource.CITATION
        ).delete()
        UnregisteredCitation.objects.filter(page_id__in=page_ids).delete()
        PageRegulationLink.objects.bulk_create(links.values(), batch_size=500)
        UnregisteredCitation.objects.bulk_create(unregistered.values(), batch_size=500)
        still_linked = PageRegulationLink.objects.filter(
            page_id=OuterRef("page_id"), regulation_id=OuterRef("regulation_id")
        )
        closed = (
            ReviewFlag.objects.open()
            .filter(page_id__in=page_ids)
            .filter(~Exists(still_linked))
            .update(resolved_at=now)
        )
    return SyncResult(
        pages=len(page_ids),
        links=len(links),
        unregistered=len(unregistered),
        flags_closed=closed,
    )


# Published pages waiting for one bulk sync, while `page_sync_deferred()` is active.
_deferred_pages: ContextVar[dict[int, tuple[Page, AbstractBaseUser | None]] | None] = (
    ContextVar("regulations_deferred_pages", default=None)
)


def pages_sync_published(
    *,
    pages: Sequence[tuple[Page, AbstractBaseUser | None]],
    now: datetime | None = None,
) -> None:
    """After publishing: rebuild the pages' citation links and close the open flags
    their review dates cover (each pair is a page and the user who published it)."""
    found = {
        page.pk: page_citations(page)
        for page, _user in pages
        if hasattr(page, "citation_texts")
    }
    if found:
        citations_sync(found=found, now=now)
    flagged = set(
        ReviewFlag.objects.open()
        .filter(page_id__in=[page.pk for page, _user in pages])
        .values_list("page_id", flat=True)
    )
    for page, user in pages:
        if page.pk in flagged:
            review_flags_resolve_reviewed(
                page=page, reviewed_on=page_review_date(page), user=user, now=now
            )


def page_sync_published(
    *, page: Page, user: AbstractBaseUser | None = None, now: datetime | None = None
) -> None:
    """`pages_sync_published` for one page, or later with its batch when deferred."""
    waiting = _deferred_pages.get()
    if waiting is not None:
        waiting[page.pk] = (page, user)
    else:
        pages_sync_published(pages=[(page, user)], now=now)


@contextmanager
def page_sync_deferred() -> Iterator[None]:
    """Collect the pages published inside this block and sync them together when it
    ends without error (one pass of bulk writes instead of one per page)."""
    waiting: dict[int, tuple[Page, AbstractBaseUser | None]] = {}
    token = _deferred_pages.set(waiting)
    try:
        yield
    finally:
        _deferred_pages.reset(token)
    # A page published in a savepoint that was later rolled back no longer exists.
    existing = set(Page.objects.filter(pk__in=waiting).values_list("pk", flat=True))
    pages_sync_published(pages=[item for pk, item in waiting.items() if pk in existing])


def citations_promote(*, regulation: Regulation) -> int:
    """Turn citations of a newly published regulation, recorded as unregistered, into
    links (pages need not be republished). Returns the number of links created."""
    if not regulation.live:
        return 0
    with transaction.atomic():
        waiting = list(
            UnregisteredCitation.objects.select_for_update().filter(
                type=regulation.type, number=regulation.number, year=regulation.year
            )
        )
        links = [
            PageRegulationLink(
                page_id=row.page_id,
                regulation=regulation,
                source=LinkSource.CITATION,
                provision="",
                cited_text=row.cited_text,
            )
            for row in waiting
        ]
        PageRegulationLink.objects.bulk_create(links, ignore_conflicts=True)
        UnregisteredCitation.objects.filter(pk__in=[row.pk for row in waiting]).delete()
    return len(links)


# Services: review flags ----------------------------------------------------------------
@dataclass
class ImpactResult:
    on: date
    events: int = 0
    flags_raised: int = 0
    notifications: int = 0
    emails_sent: int = 0
    raised: list[ReviewFlag] = field(default_factory=list)


def impact_check(
    *,
    on: date,
    regulation_ids: Iterable[int] | None = None,
    now: datetime | None = None,
) -> ImpactResult:
    """Flag pages and notify followers for every regulation change effective by `on`.

    Covers relations recorded in the registry and dates that arrive (a relation's
    effective date, the end of efficacy). A page is flagged only for events after its
    last review; re-running is harmless (one flag per page, regulation, event and date;
    one notification per follower and event; each notification e-mailed once).
    Reasons are stored in the site language.
    """
    now = now or timezone.now()
    watched = Regulation.objects.filter(
        Exists(PageRegulationLink.objects.filter(regulation=OuterRef("pk")))
        | Exists(RegulationFollow.objects.filter(regulation=OuterRef("pk")))
    )
    if regulation_ids is not None:
        watched = watched.filter(pk__in=list(regulation_ids))
    with translation.override(settings.LANGUAGE_CODE):
        events = {
            regulation.pk: found
            for regulation in watched.with_facts()
            if (found := regulation_events(regulation, on=on))
        }
    result = ImpactResult(on=on, events=sum(len(found) for found in events.values()))
    if not events:
        return result
    with transaction.atomic():
        result.raised = _raise_flags(events, now=now)
        result.flags_raised = len(result.raised)
        result.notifications = _create_notifications(events, now=now)
    result.emails_sent = notifications_send_pending(now=now)
    return result


def _raise_flags(
    events: Mapping[int, list[ImpactEvent]], *, now: datetime
) -> list[ReviewFlag]:
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
    return flag


# Services: follows and notifications -----------------------------------------------
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


def _create_notifications(
    events: Mapping[int, list[ImpactEvent]], *, now: datetime
) -> int:
    follows = list(RegulationFollow.objects.filter(regulation_id__in=events))
    if not follows:
        return 0
    existing = set(
        RegulationNotification.objects.filter(regulation_id__in=events).values_list(
            "user_id", "regulation_id", "event", "event_on"
        )
    )
    new = [
        RegulationNotification(
            user_id=follow.user_id,
            regulation_id=follow.regulation_id,
            event=event.event,
            event_on=event.event_on,
            message=event.reason,
            created_at=now,
        )
        for follow in follows
        for event in events[follow.regulation_id]
        if (follow.user_id, follow.regulation_id, event.event, event.event_on)
        not in existing
        and should_notify(event=event, followed_at=follow.created_at)
    ]
    RegulationNotification.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def notifications_send_pending(*, now: datetime | None = None) -> int:
    """E-mail every notification not e-mailed yet to users with an address, each once
    (a notification is claimed before sending; a failed send is retried next run)."""
    now = now or timezone.now()
    pending = (
        RegulationNotification.objects.filter(emailed_at__isnull=True)
        .exclude(user__email="")
        .select_related("user", "regulation")
        .order_by("pk")
    )
    sent = 0
    list_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "regulation_notifications:index"
    )
    for notification in pending:
        claimed = RegulationNotification.objects.filter(
            pk=notification.pk, emailed_at__isnull=True
        ).update(emailed_at=now)
        if not claimed:
            continue
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Perubahan peraturan: %(citation)s") % {
                "citation": notification.regulation.short_citation
            }
            body = _(
                "%(message)s.\n\nAnda menerima pesan ini karena mengikuti %(citation)s "
                "di Tax Knowledge Base DJP. Daftar notifikasi: %(url)s\n"
            ) % {
                "message": notification.message,
                "citation": notification.regulation.short_citation,
                "url": list_url,
            }
        try:
            send_mail(
                subject,
                body,
                settings.DEFAULT_FROM_EMAIL,
                [notification.user.email],
            )
        except (smtplib.SMTPException, OSError) as err:
            logger.warning(
                "Could not e-mail regulation notification %s: %s", notification.pk, err
            )
            RegulationNotification.objects.filter(pk=notification.pk).update(
                emailed_at=None
            )
            continue
        sent += 1
    return sent


def notifications_mark_read(
    *,
    user: AbstractBaseUser,
    ids: Iterable[int] | None = None,
    now: datetime | None = None,
) -> int:
    """Mark the user's own notifications read (all unread ones when `ids` is None)."""
    unread = RegulationNotification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=now or timezone.now())
