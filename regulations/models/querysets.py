"""Reads over single models: regulations (published, in force on a date, the SQL twin
of rules.status_on, the public list's filters), review flags and notifications."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.apps import apps
from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.db.models.functions import Coalesce

from regulations.choices import IN_FORCE_STATUSES, RegulationStatus, RelationType
from regulations.citations import canonical_key

if TYPE_CHECKING:
    from regulations.models.registry import Regulation


def _relations() -> models.QuerySet:
    """RegulationRelation rows, looked up by name: the models module imports this one."""
    return apps.get_model("regulations", "RegulationRelation").objects.all()


class RegulationQuerySet(models.QuerySet):
    def published(self) -> RegulationQuerySet:
        """Regulations the legal team has published (drafts stay private)."""
        return self.filter(live=True)

    def with_facts(self) -> RegulationQuerySet:
        """Prefetch what status_on() needs, so listings cost a constant number of queries."""
        return self.prefetch_related(
            models.Prefetch(
                "incoming_relations",
                queryset=_relations()
                .filter(source__live=True)
                .select_related("source"),
            )
        )

    def in_force(self, *, on: date) -> RegulationQuerySet:
        """Regulations with legal force on `on` (rules.is_in_force in SQL): started, not
        ended, revoked or replaced, and no date missing that would decide it."""
        return self.with_status(on=on).filter(
            status_code__in=[status.value for status in IN_FORCE_STATUSES]
        )

    def with_relations(self) -> RegulationQuerySet:
        """with_facts() plus outgoing relations to published targets, subjects and the PDF."""
        return (
            self.with_facts()
            .select_related("document")
            .prefetch_related(
                models.Prefetch(
                    "relations",
                    queryset=_relations()
                    .filter(target__live=True)
                    .select_related("target"),
                ),
                "subjects",
                "periods",
            )
        )

    def with_status(self, *, on: date) -> RegulationQuerySet:
        """Annotate `status_code`, the SQL twin of rules.status_on (same precedence), for filtering."""

        def relations(*kinds: str) -> models.QuerySet:
            return (
                _relations()
                .filter(target=OuterRef("pk"), source__live=True, type__in=kinds)
                .annotate(when=Coalesce("effective_on", "source__effective_on"))
            )

        def arrived(*kinds: str) -> Exists:
            return Exists(relations(*kinds).filter(when__lte=on))

        def undated(*kinds: str) -> Exists:
            return Exists(relations(*kinds).filter(when__isnull=True))

        ending = (RelationType.REVOKES, RelationType.REPLACES)
        unknown = Value(RegulationStatus.UNKNOWN.value)
        return self.annotate(
            status_code=Case(
                When(
                    arrived(*ending)
                    & (Q(effective_on__isnull=True) | Q(effective_on__lte=on)),
                    then=Value(RegulationStatus.REVOKED.value),
                ),
                When(effective_on__isnull=True, then=unknown),
                When(effective_on__gt=on, then=Value(RegulationStatus.NOT_YET.value)),
                When(undated(*ending), then=unknown),
                When(ends_on__lt=on, then=Value(RegulationStatus.EXPIRED.value)),
                When(
                    arrived(RelationType.REVOKES_PART),
                    then=Value(RegulationStatus.PARTLY_REVOKED.value),
                ),
                When(
                    arrived(RelationType.AMENDS),
                    then=Value(RegulationStatus.AMENDED.value),
                ),
                default=Value(RegulationStatus.IN_FORCE.value),
                output_field=models.CharField(),
            )
        )

    def matching(self, text: str) -> RegulationQuerySet:
        """Regulations whose citation, title or abstract matches what a reader typed."""
        text = text.strip()
        if not text:
            return self
        key = canonical_key(text)
        if key is not None:
            kind, number, year = key
            return self.filter(type=kind, number=number, year=year)
        query = Q()
        for word in text.split():
            query &= Q(title__icontains=word) | Q(abstract__icontains=word)
        return self.filter(query)

    def filter_listing(
        self,
        *,
        text: str = "",
        kind: str = "",
        year: int | None = None,
        status: str = "",
        on: date,
    ) -> RegulationQuerySet:
        """The public list's filters: text or citation, type, year and status on `on`."""
        regulations = self.matching(text) if text else self
        if kind:
            regulations = regulations.filter(type=kind)
        if year:
            regulations = regulations.filter(year=year)
        if status:
            regulations = regulations.with_status(on=on).filter(status_code=status)
        return regulations

    def by_key(self, key: tuple[str, int, int]) -> Regulation | None:
        """The regulation with this (type, number, year), or None."""
        kind, number, year = key
        return self.filter(type=kind, number=number, year=year).first()


class ReviewFlagQuerySet(models.QuerySet):
    def open(self) -> ReviewFlagQuerySet:
        """Flags an editor has not resolved yet."""
        return self.filter(resolved_at__isnull=True)


class RegulationNotificationQuerySet(models.QuerySet):
    def pending(self) -> RegulationNotificationQuerySet:
        """Notifications not e-mailed yet to users who have an address."""
        return self.filter(emailed_at__isnull=True).exclude(user__email="")
