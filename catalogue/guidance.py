"""Who a service is for and where taxpayers read about it: its topics, reader groups
and guidance articles (the public catalogue's filters and "Panduan terkait"), set
through one action, and the demo's links (catalogue/demo/guidance.yaml)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from catalogue.actions import SERVICE_DRAFT_PENDING_ERROR
from catalogue.models import ServicePage
from kb.models import ArticlePage, AudienceGroup, TopicIndexPage

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.contrib.auth.models import AbstractBaseUser

DEMO_FILE = Path(__file__).resolve().parent / "demo" / "guidance.yaml"


def _keys(items: Iterable) -> set[int]:
    return {item.pk for item in items}


def service_link_guidance(
    *,
    service: ServicePage,
    topics: list[TopicIndexPage],
    audiences: list[AudienceGroup],
    articles: list[ArticlePage],
    user: AbstractBaseUser | None = None,
) -> bool:
    """Give a service its topics, reader groups and guidance articles, and publish it;
    False when it already has exactly these. A draft waiting for review is refused."""
    if user is not None and not service.permissions_for_user(user).can_publish():
        raise PermissionDenied(_("Anda tidak berhak menerbitkan layanan ini."))
    if service.has_unpublished_changes:
        raise ValidationError(SERVICE_DRAFT_PENDING_ERROR % {"slug": service.slug})
    wanted = (_keys(topics), _keys(audiences), _keys(articles))
    current = (
        _keys(service.topics.all()),
        _keys(service.audiences.all()),
        _keys(service.guidance_articles.all()),
    )
    if wanted == current:
        return False
    service.topics = topics
    service.audiences = audiences
    service.guidance_articles = articles
    with transaction.atomic():
        revision = service.save_revision(user=user, log_action=True)
        revision.publish(user=user, log_action=True, skip_permission_checks=True)
    return True


@dataclass
class GuidanceReport:
    linked: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # named in the file, not found


def demo_guidance_load(*, path: Path = DEMO_FILE) -> GuidanceReport:
    """Link the demo services to the demo topics, reader groups and articles; a service
    that already has any of them (an editor's choice) is left alone. Idempotent."""
    links = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    topics = {page.slug: page for page in TopicIndexPage.objects.all()}
    audiences = {group.slug: group for group in AudienceGroup.objects.all()}
    articles = {page.slug: page for page in ArticlePage.objects.live()}
    report = GuidanceReport()
    services = ServicePage.objects.filter(
        slug__in=links, is_demo=True
    ).prefetch_related("topics", "audiences", "guidance_articles")
    for service in services:
        if (
            service.has_unpublished_changes
            or service.topics.all()
            or service.audiences.all()
            or service.guidance_articles.all()
        ):
            continue
        wanted = links[service.slug] or {}

        def pick(names: list[str], known: dict, *, slug: str = service.slug) -> list:
            found = [known[name] for name in names if name in known]
            report.missing += [f"{slug}: {n}" for n in names if n not in known]
            return found

        if service_link_guidance(
            service=service,
            topics=pick(wanted.get("topics", []), topics),
            audiences=pick(wanted.get("for", []), audiences),
            articles=pick(wanted.get("read", []), articles),
        ):
            report.linked.append(service.slug)
    return report
