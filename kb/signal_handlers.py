"""Signal receivers of the knowledge base: keep cached renderings in step with the
registry (and only that)."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from kb.linking import registry_changed
from regulations.models import Regulation, RegulationRelation


def _registry_changed(sender, **kwargs) -> None:
    registry_changed()


def connect() -> None:
    """Called from KbConfig.ready()."""
    for model in (Regulation, RegulationRelation):
        for signal in (post_save, post_delete):
            signal.connect(
                _registry_changed,
                sender=model,
                dispatch_uid=f"kb_registry_changed_{signal is post_save}_{model.__name__}",
            )
