"""Load the demo content: the home intro (and its English translation), topics with
their intros, articles and FAQ pages."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.db import transaction
from wagtail.models import Locale

from kb.importing.articles import articles_import
from kb.importing.faq import faq_pages_import
from kb.importing.results import ImportResult, ProgressCallback
from kb.importing.topics import TopicTree, kb_home

DEMO_DIR = Path(__file__).resolve().parent.parent / "demo"


# ---------------------------------------------------------------- demo content


@dataclass
class DemoResult:
    """What `demo_load` did for articles, FAQ pages, topic intros and the home intro."""

    articles: ImportResult
    faqs: ImportResult
    topic_intros_filled: int
    home_intro_changed: bool
    home_translations_changed: int = 0


def home_set_intro(*, intro: str) -> bool:
    """Set and publish the KB home's intro; returns False when it already matches."""
    home = kb_home()
    if home.intro == intro and home.live and not home.has_unpublished_changes:
        return False
    home.intro = intro
    home.save_revision(log_action=True).publish()
    return True


def home_translation_set(*, language: str, title: str, intro: str) -> bool:
    """Create or update the KB home's translation into `language` (Wagtail's copy for
    translation) and publish it; returns False when it already says this."""
    home = kb_home()
    locale = Locale.objects.get(language_code=language)
    translation = home.get_translation_or_none(locale)
    if translation is None:
        translation = home.copy_for_translation(locale)
    translation = translation.specific
    if (
        (translation.title, translation.intro) == (title, intro)
        and translation.live
        and not translation.has_unpublished_changes
    ):
        return False
    translation.title = translation.draft_title = title
    translation.intro = intro
    translation.save_revision(log_action=True).publish()
    return True


def topics_ensure(*, intros: Mapping[str, str]) -> int:
    """Create the missing topics of these title/slug paths (published), and give each
    topic its intro while its intro is empty; returns how many intros were filled.

    Intros that editors wrote are never replaced.
    """
    topics = TopicTree(kb_home())
    filled = 0
    for path, intro in intros.items():
        with transaction.atomic():
            topic = topics.resolve([part.strip() for part in path.split("/")])
            topics.commit()
            if topic.intro:
                continue
            topic.intro = intro.strip()
            topic.save_revision(log_action=True).publish()
            filled += 1
    return filled


def demo_load(
    *, directory: Path = DEMO_DIR, progress: ProgressCallback | None = None
) -> DemoResult:
    """Load the demo home intro, topics (with intros), articles and FAQ pages.

    Articles and FAQ pages are marked is_demo. Idempotent, and never changes an article
    or FAQ page that is not demo content, nor a topic intro an editor wrote.
    """
    # Home and topics first: publishing a page reindexes what lies below it, which
    # is cheap before the articles exist.
    home = yaml.safe_load((directory / "home.yaml").read_text(encoding="utf-8"))
    changed = home_set_intro(intro=str(home["intro"]).strip())
    translated = sum(
        home_translation_set(
            language=language,
            title=str(text["title"]).strip(),
            intro=str(text["intro"]).strip(),
        )
        for language, text in (home.get("translations") or {}).items()
    )
    intros = yaml.safe_load((directory / "topics.yaml").read_text(encoding="utf-8"))
    filled = topics_ensure(intros=intros)
    articles = articles_import(
        paths=[directory / "articles"], demo=True, progress=progress
    )
    faqs = faq_pages_import(paths=[directory / "faq"], demo=True)
    return DemoResult(
        articles=articles,
        faqs=faqs,
        topic_intros_filled=filled,
        home_intro_changed=changed,
        home_translations_changed=translated,
    )
