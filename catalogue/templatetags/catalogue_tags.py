"""The service catalogue on other pages (the home page's "Layanan perpajakan" block)."""

from __future__ import annotations

from django import template
from django.http import HttpRequest

from catalogue.models import ServiceIndexPage, ServicePage
from catalogue.public import ChannelCount, channel_counts
from kb.i18n import url_in_language

register = template.Library()


@register.simple_tag(takes_context=True)
def catalogue_overview(context) -> dict[str, object] | None:
    """The catalogue's address and how many services each channel group offers now."""
    request: HttpRequest | None = context.get("request")
    catalogue = ServiceIndexPage.objects.live().public().order_by("path").first()
    if catalogue is None:
        return None
    services = ServicePage.objects.child_of(catalogue).live().public()
    counts: list[ChannelCount] = channel_counts(services)
    return {
        "url": url_in_language(catalogue.get_url(request) or ""),
        "title": catalogue.title,
        "counts": counts,
    }
