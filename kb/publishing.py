"""Create and publish many new pages with bulk writes (the importers' write path).

`pages_create_published()` leaves the database exactly as ``parent.add_child(instance=
page)`` followed by ``page.save_revision().publish()`` would, for brand-new pages: the
same tree position and URL path, the same child rows (tags, many-to-many choices), one
revision holding the page's content, the same live state, the "wagtail.create" and
"wagtail.publish" audit-log entries, and the `page_published` / `published` signals.
Only the number of statements differs: one INSERT per table per batch instead of
dozens of queries per page (bench/import_articles.py measures the difference).

What it does not do, like `publish()` for a new page: workflows, scheduled go-live,
aliases and comments do not apply to a page that did not exist a moment ago.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Model
from django.utils import timezone
from django.utils.translation import gettext as _
from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations
from wagtail.models import Page, PageLogEntry, Revision
from wagtail.signals import page_published, published

SLUG_TAKEN = _(
    "slug '%(slug)s' sudah dipakai halaman lain di bawah '%(parent)s'; ubah slug lalu ulangi"
)


def page_slug_check(*, slug: str, parent: Page, page: Page | None = None) -> None:
    """Refuse (on the slug, in the editors' language) a slug another page already uses
    below `parent`; Wagtail's own check would say it in English."""
    if not Page._slug_is_available(slug, parent, page):
        raise ValidationError(
            {"slug": SLUG_TAKEN % {"slug": slug, "parent": parent.url_path}}
        )


def _check_slugs(parent: Page, pages: Sequence[Page]) -> None:
    """Refuse slugs already used below `parent`, or twice among `pages`."""
    slugs = [page.slug for page in pages]
    taken = set(
        Page.objects.filter(
            path__startswith=parent.path, depth=parent.depth + 1, slug__in=slugs
        ).values_list("slug", flat=True)
    )
    seen: set[str] = set()
    for slug in slugs:
        if slug in taken or slug in seen:
            raise ValidationError(
                {"slug": SLUG_TAKEN % {"slug": slug, "parent": parent.url_path}}
            )
        seen.add(slug)


def _place(parent: Page, pages: Sequence[Page]) -> None:
    """Give `pages` the next free tree paths under `parent`, in order (as add_child)."""
    last = (
        Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    step = Page._str2int(last[-Page.steplen :]) if last else 0
    depth = parent.depth + 1
    for page in pages:
        step += 1
        # treebeard's own path builder; PathOverflow-safe up to 36**4 children.
        page.path = Page._get_path(parent.path, depth, step)
        page.depth = depth
        page.numchild = 0
        page.set_url_path(parent)
        if page.locale_id is None:
            page.locale_id = parent.locale_id  # as Wagtail does for a new child


def _related_in_memory(page: Page) -> tuple[list[tuple], list[tuple]]:
    """The unsaved page's child objects per child relation (tags, comments …) and its
    chosen objects per many-to-many field, as held in memory before it is written."""
    children = [
        (rel, list(getattr(page, rel.get_accessor_name()).all()))
        for rel in get_all_child_relations(page)
    ]
    choices = [
        (field, list(getattr(page, field.name).all()))
        for field in get_all_child_m2m_relations(page)
    ]
    return children, choices


@transaction.atomic
def pages_create_published(
    *,
    entries: Sequence[tuple[Page, Page]],
    now: datetime | None = None,
) -> list[Revision]:
    """Add each new, validated `page` under its `parent` and publish it; returns the
    revisions in the order of `entries`.

    All pages must be of one concrete type that inherits directly from Page, be unsaved
    and already validated (``full_clean``); their slugs must be free below their
    parents, else ValidationError (nothing is written). Receivers of `post_save`
    see ``raw=True`` for the page type's own row, as during ``loaddata``.
    """
    if not entries:
        return []
    now = now or timezone.now()
    model = type(entries[0][1])
    if any(type(page) is not model or page.pk is not None for _p, page in entries):
        raise ValueError("pages_create_published takes unsaved pages of one type")
    if model._meta.get_parent_list() != [Page]:
        raise ValueError(f"{model.__name__} must inherit directly from Page")

    by_parent: dict[int, tuple[Page, list[Page]]] = {}
    for parent, page in entries:
        by_parent.setdefault(parent.pk, (parent, []))[1].append(page)
    for parent, pages in by_parent.values():
        _check_slugs(parent, pages)
    pages = [page for _parent, page in entries]
    related = [_related_in_memory(page) for page in pages]

    # 1. Tree rows: the base Page rows in one INSERT, then the page type's own rows.
    for parent, siblings in by_parent.values():
        _place(parent, siblings)
    for page in pages:
        page.draft_title = page.title
        page.live = True
        page.has_unpublished_changes = False
        page.first_published_at = page.last_published_at = now
        page.latest_revision_created_at = now
    base_fields = [f.attname for f in Page._meta.concrete_fields]
    rows = [
        Page(**{name: getattr(page, name) for name in base_fields}) for page in pages
    ]
    Page.objects.bulk_create(rows)
    for page, row in zip(pages, rows, strict=True):
        page.pk = page.id = row.pk
        page._is_site_root = False  # a page made a moment ago roots no site
        page.save_base(raw=True, force_insert=True)
    for parent, siblings in by_parent.values():
        Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(siblings))
        parent.numchild += len(siblings)

    # 2. Child rows (tags …) and many-to-many choices, one INSERT per table.
    child_rows: dict[type[Model], list[Model]] = defaultdict(list)
    for page, (children, choices) in zip(pages, related, strict=True):
        for rel, objects in children:
            for obj in objects:
                setattr(obj, rel.field.attname, page.pk)
                child_rows[type(obj)].append(obj)
            setattr(page, rel.get_accessor_name(), objects)  # kept for the revision
        for field, targets in choices:
            setattr(page, field.name, targets)  # kept for the revision
            through = field.remote_field.through
            child_rows[through].extend(
                through(
                    **{
                        f"{field.m2m_field_name()}_id": page.pk,
                        f"{field.m2m_reverse_field_name()}_id": target.pk,
                    }
                )
                for target in targets
            )
    for row_model, objects in child_rows.items():
        row_model.objects.bulk_create(objects)

    # 3. One revision per page, made live.
    content_type = ContentType.objects.get_for_model(model)
    base_content_type = pages[0].get_base_content_type()
    revisions = Revision.objects.bulk_create(
        Revision(
            content_type=content_type,
            base_content_type=base_content_type,
            object_id=str(page.pk),
            created_at=now,
            object_str=str(page),
            content=page.serializable_data(),
        )
        for page in pages
    )
    for page, row, revision in zip(pages, rows, revisions, strict=True):
        page.latest_revision = page.live_revision = revision
        row.latest_revision = row.live_revision = revision
    Page.objects.bulk_update(rows, ["latest_revision", "live_revision"])

    # 4. Audit log: created, then published (bulk_create skips BaseLogEntry.save()'s
    # full_clean, whose foreign-key checks would re-read every row just written).
    PageLogEntry.objects.bulk_create(
        PageLogEntry(
            content_type=content_type,
            label=page.get_admin_display_title(),
            action=action,
            timestamp=now,
            data={},
            page=page,
            revision=revision if action == "wagtail.publish" else None,
            user=page.owner if action == "wagtail.create" else None,
            content_changed=True,
        )
        for page, revision in zip(pages, revisions, strict=True)
        for action in ("wagtail.create", "wagtail.publish")
    )
    for page, revision in zip(pages, revisions, strict=True):
        page_published.send(sender=model, instance=page, revision=revision)
        published.send(sender=model, instance=page, revision=revision)
    return revisions
