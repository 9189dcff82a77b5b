"""Signal receivers that keep the impact-tracking tables in sync (and only that).

Publishing a page re-reads its citations; publishing a regulation or saving one of its
relations queues the impact check. The decisions live in regulations.impact.sync.
"""

from __future__ import annotations

from django.db.models.signals import post_save
from wagtail.signals import page_published, page_unpublished, published

from regulations.impact import sync
from regulations.models import PageRegulationLink, Regulation, RegulationRelation
from regulations.tasks import enqueue_impact_check, front_cache_pages_changed


def sync_published_page(sender, instance, revision=None, **kwargs) -> None:
    """Rebuild the page's citation links and close flags its new review date covers."""
    sync.page_sync_published(page=instance, user=getattr(revision, "user", None))


def forget_unpublished_page(sender, instance, **kwargs) -> None:
    """An unpublished page cites nothing: drop its citation links and report rows."""
    if hasattr(instance, "citation_texts"):
        sync.citations_sync(found={instance.pk: []})


def regulation_published(sender, instance, **kwargs) -> None:
    """Link waiting citations to the regulation and queue the impact check for it and
    for the regulations it acts on (the check purges the pages that now look
    different); the registry's own pages of them are purged now."""
    sync.citations_promote(regulation=instance)
    targets = list(instance.relations.values_list("target_id", flat=True))
    enqueue_impact_check(regulation_ids=[instance.pk, *targets])
    _purge_regulations([instance.pk, *targets])


def _purge_regulations(regulation_ids: list[int]) -> None:
    """Forget cached pages showing these regulations: their registry pages and the
    pages citing them (a badge's status may have changed)."""
    front_cache_pages_changed(
        page_ids=set(
            PageRegulationLink.objects.filter(
                regulation_id__in=regulation_ids, page__live=True
            ).values_list("page_id", flat=True)
        ),
        regulation_ids=regulation_ids,
    )


def relation_saved(sender, instance, raw=False, **kwargs) -> None:
    """A relation recorded outside the publish flow (e.g. by an importer) is checked too."""
    if raw:
        return
    enqueue_impact_check(regulation_ids=[instance.target_id])
    _purge_regulations([instance.target_id, instance.source_id])


def connect() -> None:
    """Called from RegulationsConfig.ready()."""
    page_published.connect(sync_published_page, dispatch_uid="regulations_page_sync")
    page_unpublished.connect(
        forget_unpublished_page, dispatch_uid="regulations_page_unpublished"
    )
    published.connect(
        regulation_published, sender=Regulation, dispatch_uid="regulations_published"
    )
    post_save.connect(
        relation_saved,
        sender=RegulationRelation,
        dispatch_uid="regulations_relation_saved",
    )
