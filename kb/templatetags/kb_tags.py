"""Presentation helpers for the public KB templates: breadcrumbs, meta tags and JSON-LD."""

from __future__ import annotations

import json
from typing import Any

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from wagtail.models import Page

register = template.Library()

# The same escapes as django.utils.html.json_script: "</script>" or "<!--" inside
# editor text can never close or comment out the JSON-LD block.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def json_ld(data: dict[str, Any]) -> SafeString:
    """A <script type="application/ld+json"> block whose content is JSON-encoded and escaped."""
    encoded = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(
        _JSON_SCRIPT_ESCAPES
    )
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(encoded),  # noqa: S308 - json.dumps output with <, >, & escaped above
    )


@register.simple_tag
def meta_description(page: Page | None) -> str:
    """The text for <meta name=description> and og:description: SEO text, summary or intro."""
    if page is None:
        return ""
    for attribute in ("search_description", "summary", "intro"):
        value = (getattr(page, attribute, "") or "").strip()
        if value:
            return " ".join(value.split())
    return ""


@register.simple_tag
def breadcrumb_pages(page: Page) -> list[Page]:
    """The live ancestors of `page` below the tree root, home first (one query)."""
    return list(
        page.get_ancestors().filter(depth__gt=1).live().public().order_by("depth")
    )


@register.simple_tag(takes_context=True)
def breadcrumb_json_ld(context, crumbs: list[Page], page: Page) -> SafeString:
    """schema.org BreadcrumbList for the crumbs followed by the current page."""
    request: HttpRequest | None = context.get("request")
    items = [
        {
            "@type": "ListItem",
            "position": position,
            "name": crumb.title,
            "item": crumb.get_full_url(request),
        }
        for position, crumb in enumerate([*crumbs, page], start=1)
    ]
    return json_ld(
        {
            "@context": "https://schema.org",
            "@type": "BreadcrumbList",
            "itemListElement": items,
        }
    )


@register.simple_tag
def faq_json_ld(items) -> SafeString:
    """schema.org FAQPage with one Question per FAQ item (answers as plain text)."""
    return json_ld(
        {
            "@context": "https://schema.org",
            "@type": "FAQPage",
            "mainEntity": [
                {
                    "@type": "Question",
                    "name": item.question,
                    "acceptedAnswer": {"@type": "Answer", "text": item.answer_text},
                }
                for item in items
            ],
        }
    )
