"""Knowledge-base pages (home, topics, articles, FAQs) and the reader feedback they collect.

The models live in modules by concern and are re-exported here, so ``kb.models.X``
keeps working everywhere (code, tests, migrations):

- ``audience``: AudienceGroup
- ``pages``: HomePage, TopicIndexPage, ArticlePage, their tags and querysets
- ``faq``: FAQPage, FAQItem
- ``feedback``: ArticleDailyViews, ArticleFeedback

The service catalogue (3C programme) is the ``catalogue`` app.
"""

from kb.models.audience import AudienceGroup
from kb.models.faq import FAQItem, FAQPage
from kb.models.feedback import (
    ArticleDailyViews,
    ArticleFeedback,
    FeedbackPageMixin,
    FeedbackQuerySet,
)
from kb.models.pages import (
    ArticlePage,
    ArticlePageManager,
    ArticlePageQuerySet,
    ArticlePageTag,
    HomeChildSlugMixin,
    HomePage,
    MarkdownPageMixin,
    TopicIndexPage,
)

__all__ = [
    "ArticleDailyViews",
    "ArticleFeedback",
    "ArticlePage",
    "ArticlePageManager",
    "ArticlePageQuerySet",
    "ArticlePageTag",
    "AudienceGroup",
    "FAQItem",
    "FAQPage",
    "FeedbackPageMixin",
    "FeedbackQuerySet",
    "HomeChildSlugMixin",
    "HomePage",
    "MarkdownPageMixin",
    "TopicIndexPage",
]
