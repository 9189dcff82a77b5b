"""Signal receivers that keep service-page records in sync after a publish (and only that)."""

from __future__ import annotations

from wagtail.signals import page_published

from catalogue.actions import service_record_published_state
from catalogue.models import ServicePage


def service_published(sender, instance, revision=None, **kwargs) -> None:
    """Sync the legal-basis links and the state history of a published service page."""
    service_record_published_state(
        service=instance, user=getattr(revision, "user", None)
    )


def connect() -> None:
    """Called from KbConfig.ready()."""
    page_published.connect(
        service_published, sender=ServicePage, dispatch_uid="kb_service_published"
    )
