"""Registry models (regulations and their relations) and impact-tracking models."""

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
    "RegulationFollow",
    "RegulationNotification",
    "RegulationQuerySet",
    "RegulationRelation",
    "RegulationSubject",
    "ReviewFlag",
    "UnregisteredCitation",
]
