"""Knowledge-base pages (home, topics, articles, FAQs), the reader feedback they collect,
and the service catalogue (3C programme).

The models live in modules by concern and are re-exported here, so ``kb.models.X``
keeps working everywhere (code, tests, migrations):

- ``audience``: AudienceGroup
- ``pages``: HomePage, TopicIndexPage, ArticlePage, their tags and querysets
- ``faq``: FAQPage, FAQItem
- ``feedback``: ArticleDailyViews, ArticleFeedback
- ``services``: ServiceIndexPage, ServicePage, its legal basis, state history and
  scheduled switches
"""

from kb.models.audience import AudienceGroup
from kb.models.faq import FAQItem, FAQPage
from kb.models.feedback import ArticleDailyViews, ArticleFeedback, FeedbackQuerySet
from kb.models.pages import (
    ArticlePage,
    ArticlePageManager,
    ArticlePageQuerySet,
    ArticlePageTag,
    HomePage,
    MarkdownPageMixin,
    TopicIndexPage,
)
from kb.models.services import (
    FUTURE_STATE_ERROR,
    GateRefusal,
    ScheduledSwitch,
    ScheduledSwitchQuerySet,
    ServiceIndexPage,
    ServiceLegalBasis,
    ServicePage,
    ServicePageForm,
    ServicePageManager,
    ServicePageQuerySet,
    ServiceStateChange,
)

__all__ = [
    "FUTURE_STATE_ERROR",
    "ArticleDailyViews",
    "ArticleFeedback",
    "ArticlePage",
    "ArticlePageManager",
    "ArticlePageQuerySet",
    "ArticlePageTag",
    "AudienceGroup",
    "FAQItem",
    "FAQPage",
    "FeedbackQuerySet",
    "GateRefusal",
    "HomePage",
    "MarkdownPageMixin",
    "ScheduledSwitch",
    "ScheduledSwitchQuerySet",
    "ServiceIndexPage",
    "ServiceLegalBasis",
    "ServicePage",
    "ServicePageForm",
    "ServicePageManager",
    "ServicePageQuerySet",
    "ServiceStateChange",
    "TopicIndexPage",
]
