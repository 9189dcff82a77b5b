from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "catalogue"
    label = "catalogue"
    verbose_name = _("Katalog layanan")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from catalogue import signal_handlers

        signal_handlers.connect()
