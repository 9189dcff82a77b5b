"""Keep the search documents in sync with content (the only job of these receivers).

Wagtail reindexes an object on `post_save`, which for pages and snippets runs before
their child rows (FAQ questions, tags, audiences) are written; these receivers index
again once publishing has finished, and when a move or a view restriction changes
what a page's documents say (URL, topic, visibility).
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page, PageViewRestriction
from wagtail.search.index import Indexed, insert_or_update_object
from wagtail.signals import page_published, post_page_move, published

from catalogue.models import ServicePage
from kb.importing import bulk_import_active
from kb.models import ArticlePage, FAQPage
from search.lexicon import invalidate_lexicon
from search.models import SearchDocument, Synonym

_INDEXED_PAGES = (ArticlePage, FAQPage, ServicePage)


def _reindex_subtree(page: Page) -> None:
    """Reindex `page` and its descendants that produce search documents."""
    for model in _INDEXED_PAGES:
        for descendant in model.objects.descendant_of(page, inclusive=True):
            insert_or_update_object(descendant)


def _urls_moved(page: Page) -> bool:
    """Whether pages below `page` are indexed under URLs they no longer have."""
    sample = (
        Page.objects.descendant_of(page)
        .type(*_INDEXED_PAGES)
        .live()
        .order_by("path")
        .first()
    )
    if sample is None:
        return False
    stored = SearchDocument.objects.filter(owner=f"page:{sample.pk}").first()
    return stored is not None and not stored.url.startswith(sample.get_url() or "")


def page_published_handler(sender, instance, **kwargs) -> None:
    if bulk_import_active():
        return  # kb.importing indexes everything it wrote in bulk at the end
    if isinstance(instance, _INDEXED_PAGES):
        insert_or_update_object(instance)
    elif _urls_moved(instance):
        # A section's new slug changes the URLs of everything it holds.
        _reindex_subtree(instance)


def snippet_published_handler(sender, instance, **kwargs) -> None:
    # Pages also send `published`; they are handled by page_published_handler.
    if isinstance(instance, Indexed) and not isinstance(instance, Page):
        insert_or_update_object(instance)


def page_moved_handler(sender, instance, **kwargs) -> None:
    _reindex_subtree(instance)


def restriction_changed_handler(sender, instance, **kwargs) -> None:
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        _reindex_subtree(page)


def synonyms_changed_handler(sender, **kwargs) -> None:
    invalidate_lexicon()


def promotions_changed_handler(sender, **kwargs) -> None:
    from search.promotions import forget_promotions

    forget_promotions()


def connect() -> None:
    """Called from SearchConfig.ready()."""
    page_published.connect(page_published_handler, dispatch_uid="search_page_published")
    published.connect(snippet_published_handler, dispatch_uid="search_published")
    post_page_move.connect(page_moved_handler, dispatch_uid="search_page_moved")
    for signal in (post_save, post_delete):
        signal.connect(
            restriction_changed_handler,
            sender=PageViewRestriction,
            dispatch_uid=f"search_restriction_{signal is post_save}",
        )
        signal.connect(
            synonyms_changed_handler,
            sender=Synonym,
            dispatch_uid=f"search_synonyms_{signal is post_save}",
        )
        signal.connect(
            promotions_changed_handler,
            sender=SearchPromotion,
            dispatch_uid=f"search_promotions_{signal is post_save}",
        )
