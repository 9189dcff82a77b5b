"""Registry models (regulations and their relations) and impact-tracking models."""

from regulations.models.drafts import (
    RegulationDraft,
    RegulationDraftFollow,
    RegulationDraftService,
)
from regulations.models.periods import RegulationPeriod
from regulations.models.querysets import RegulationQuerySet
from regulations.models.registry import (
    Regulation,
    RegulationRelation,
    RegulationSubject,
)
from regulations.models.tracking import (
    PageRegulationLink,
    RegulationFollow,
    RegulationNotification,
    ReviewFlag,
    UnregisteredCitation,
)

__all__ = [
    "PageRegulationLink",
    "Regulation",
    "RegulationDraft",
    "RegulationDraftFollow",
    "RegulationDraftService",
    "RegulationFollow",
    "RegulationNotification",
    "RegulationPeriod",
    "RegulationQuerySet",
    "RegulationRelation",
    "RegulationSubject",
    "ReviewFlag",
    "UnregisteredCitation",
]
