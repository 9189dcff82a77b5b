"""Keep the caches in step with the page tree (the only job of these receivers).

Publish, unpublish and delete forget the page, its parents' listings and the pages
that show it (a page type may list them in ``front_cache_dependents()``); a move or
a new slug also forgets everything cached under the old URL.
"""

from __future__ import annotations

from django.db.models.signals import pre_delete
from wagtail.models import Page, Site
from wagtail.signals import (
    page_published,
    page_slug_changed,
    page_unpublished,
    post_page_move,
)

from frontcache.purge import front_cache_purge


def _with_dependents(page: Page) -> list[Page]:
    dependents = getattr(page.specific_deferred, "front_cache_dependents", None)
    return [page, *(dependents() if dependents else [])]


def _relative(url_path: str) -> str | None:
    """The URL a page with this url_path had on its site (one-site installs)."""
    for root in Site.get_site_root_paths():
        if url_path.startswith(root.root_path):
            return url_path[len(root.root_path) - 1 :]
    return None


def _subtree_moved(page: Page, old_url_path: str, new_url_path: str) -> None:
    """Forget the old URLs of a page and everything below it, and the listings of
    its old and new parents."""
    old = _relative(old_url_path)
    below = Page.objects.descendant_of(page).values_list("url_path", flat=True)
    old_paths = set()
    if old:
        old_paths.add(old)
        old_paths |= {
            old + url_path[len(new_url_path) :]
            for url_path in below
            if url_path.startswith(new_url_path)
        }
    front_cache_purge(
        pages=_with_dependents(page), paths=old_paths, prefixes=[old] if old else []
    )


def page_changed(sender, instance, **kwargs) -> None:
    front_cache_purge(pages=_with_dependents(instance))


def page_moved(sender, instance, url_path_before, url_path_after, **kwargs) -> None:
    parents = [kwargs.get("parent_page_before"), kwargs.get("parent_page_after")]
    front_cache_purge(pages=[parent for parent in parents if parent is not None])
    _subtree_moved(instance, url_path_before, url_path_after)


def slug_changed(sender, instance, instance_before, **kwargs) -> None:
    _subtree_moved(instance, instance_before.url_path, instance.url_path)


def page_deleted(sender, instance, **kwargs) -> None:
    # Sent once per page with sender=Page, whichever model's delete() was called.
    if instance.live:
        front_cache_purge(pages=[instance])


def connect() -> None:
    """Called from FrontCacheConfig.ready()."""
    page_published.connect(page_changed, dispatch_uid="frontcache_published")
    page_unpublished.connect(page_changed, dispatch_uid="frontcache_unpublished")
    post_page_move.connect(page_moved, dispatch_uid="frontcache_moved")
    page_slug_changed.connect(slug_changed, dispatch_uid="frontcache_slug_changed")
    pre_delete.connect(page_deleted, sender=Page, dispatch_uid="frontcache_deleted")
