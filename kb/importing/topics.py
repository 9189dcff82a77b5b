"""The KB home and the topic pages under it, found (or created and published) by path."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Page, Site

from ingest import InputError
from kb.models import HomePage, TopicIndexPage
from kb.routes import home_child_slug_error


def kb_home() -> HomePage:
    """The KB home page: the root of the default site, created by the migrations."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    root = site.root_page.specific if site else None
    if not isinstance(root, HomePage):
        raise InputError(
            _(
                "Beranda TKB tidak ditemukan sebagai akar situs bawaan; jalankan 'python manage.py migrate' terlebih dahulu."
            )
        )
    return root


class TopicTree:
    """Finds topic pages by a title/slug path under the KB home and creates (and
    publishes) the missing ones. Creations made inside a record that is later rolled
    back are forgotten with `rollback()`."""

    def __init__(self, home: HomePage) -> None:
        self.home = home
        self._children: dict[tuple[str, str], TopicIndexPage] = {}
        self._by_slug: dict[str, list[TopicIndexPage]] = {}
        self._pending: list[TopicIndexPage] = []
        for topic in TopicIndexPage.objects.descendant_of(home).order_by("path"):
            self._remember(topic)

    def _remember(self, topic: TopicIndexPage) -> None:
        parent_path = topic.path[: -topic.steplen]
        self._children[(parent_path, topic.slug)] = topic
        self._by_slug.setdefault(topic.slug, []).append(topic)

    def _forget(self, topic: TopicIndexPage) -> None:
        self._children.pop((topic.path[: -topic.steplen], topic.slug), None)
        self._by_slug[topic.slug].remove(topic)

    def find(self, segments: Sequence[str]) -> TopicIndexPage | None:
        """The existing topic for this path, or None if part of it is missing."""
        if len(segments) == 1:
            slug = slugify(segments[0])
            direct = self._children.get((self.home.path, slug))
            if direct is not None:
                return direct
            anywhere = self._by_slug.get(slug, [])
            return anywhere[0] if len(anywhere) == 1 else None
        parent: Page = self.home
        topic = None
        for segment in segments:
            topic = self._children.get((parent.path, slugify(segment)))
            if topic is None:
                return None
            parent = topic
        return topic

    def resolve(self, segments: Sequence[str]) -> TopicIndexPage:
        """The topic for this path, creating and publishing missing topics; a new topic
        directly under the home page may not take a slug the site's routes use
        (ValidationError on "topic")."""
        found = self.find(segments)
        if found is not None:
            return found
        parent: Page = self.home
        for segment in segments:
            slug = slugify(segment)
            topic = self._children.get((parent.path, slug))
            if topic is None:
                if parent is self.home:
                    error = home_child_slug_error(slug=slug, page_class=TopicIndexPage)
                    if error:
                        raise ValidationError({"topic": error})
                topic = TopicIndexPage(
                    title=segment, slug=slug, locale_id=parent.locale_id
                )
                parent.add_child(instance=topic)
                topic.save_revision().publish()
                self._remember(topic)
                self._pending.append(topic)
            parent = topic
        return parent

    def commit(self) -> None:
        self._pending.clear()

    def rollback(self) -> None:
        for topic in self._pending:
            self._forget(topic)
        self._pending.clear()
