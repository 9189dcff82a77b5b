from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegulationsConfig(AppConfig):
    name = "regulations"
    label = "regulations"
    verbose_name = _("Regulations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from regulations import signal_handlers

        signal_handlers.connect()
