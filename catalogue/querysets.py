"""Reads of the service catalogue that filter one model (re-exported by catalogue.models)."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import Q
from wagtail.query import PageQuerySet

from catalogue.choices import CHANNEL_GROUPS, GATED_STATES, SwitchStatus


class ServicePageQuerySet(PageQuerySet):
    def with_basis(self) -> ServicePageQuerySet:
        """Prefetch the legal basis, the drafts the service waits on and each
        regulation's status facts (constant queries)."""
        from catalogue.models import ServiceLegalBasis
        from regulations.models import Regulation, RegulationDraftService

        return self.prefetch_related(
            models.Prefetch(
                "legal_basis",
                queryset=ServiceLegalBasis.objects.order_by(
                    "sort_order"
                ).prefetch_related(
                    models.Prefetch(
                        "regulation", queryset=Regulation.objects.with_facts()
                    )
                ),
            ),
            models.Prefetch(
                "waiting_for_drafts",
                queryset=RegulationDraftService.objects.select_related(
                    "draft"
                ).prefetch_related(
                    models.Prefetch(
                        "draft__regulation", queryset=Regulation.objects.with_facts()
                    )
                ),
            ),
        )

    def for_catalogue(
        self, *, words: list[str], channel: str, topic: int | None, audience: str
    ) -> ServicePageQuerySet:
        """What the taxpayers' catalogue shows: every word in the name, code or
        description; a channel available now (online, telepon, kpp); a topic; services
        for a group of users (those open to everyone included)."""
        found = self.prefetch_related("audiences")
        for word in words:
            found = found.filter(
                Q(title__icontains=word)
                | Q(code__icontains=word)
                | Q(description__icontains=word)
            )
        if channel in CHANNEL_GROUPS:
            in_group = Q()
            for value in CHANNEL_GROUPS[channel]:
                in_group |= Q(channels__icontains=f'"{value}"')
            found = found.filter(in_group)
        if topic:
            found = found.filter(topics=topic)
        if audience:
            found = found.filter(Q(audiences__slug=audience) | Q(audiences=None))
        return found.distinct()

    def gate_governed(self) -> ServicePageQuerySet:
        """Services whose current state needs the legal basis in place (automated, contact center)."""
        return self.filter(current_state__in=GATED_STATES)


class ScheduledSwitchQuerySet(models.QuerySet):
    def due(self, *, on: date) -> ScheduledSwitchQuerySet:
        """Pending switches to try on `on`: dated on or before it, or waiting for the basis."""
        return self.filter(status=SwitchStatus.PENDING).filter(
            Q(on__lte=on) | Q(on__isnull=True)
        )
