"""Presentation helpers for the public KB templates: breadcrumbs, meta tags, JSON-LD,
the language switch and addresses on the configured site host."""

from __future__ import annotations

import json
from typing import Any

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language_from_path
from wagtail.models import Page, Site

from kb import i18n

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


@register.simple_tag(takes_context=True)
def language_versions(context) -> list[i18n.LanguageVersion]:
    """The address being shown in every language of the site (language switch, hreflang)."""
    request: HttpRequest | None = context.get("request")
    if request is None:
        return []
    return i18n.language_versions(request, context.get("page"))


# og:locale of each language of the site.
OG_LOCALES = {"id": "id_ID", "en": "en_US"}


@register.simple_tag
def og_locale() -> str:
    return OG_LOCALES.get(i18n.active_language(), "id_ID")


@register.simple_tag(takes_context=True)
def hreflang_links(context, versions: list[i18n.LanguageVersion]) -> SafeString:
    """<link rel=alternate hreflang> for the languages this address really exists in
    (a page's translations; every language for the search and the registry), with the
    Indonesian version as x-default; nothing when there is only one."""
    translated = [version for version in versions if version.translated]
    if len(translated) < 2:
        return mark_safe("")
    links = [(v.code, site_url(context, v.url)) for v in translated]
    default = next((url for code, url in links if code == settings.LANGUAGE_CODE), "")
    if default:
        links.append(("x-default", default))
    return format_html_join(
        "\n  ", '<link rel="alternate" hreflang="{}" href="{}">', links
    )


@register.simple_tag(takes_context=True)
def lang_attr(context, item: Page | str | None) -> SafeString:
    """lang="id" on a page title or summary (a page, or a page's address) shown in
    Indonesian inside the English site, so screen readers read it as Indonesian."""
    language = i18n.active_language()
    if item is None or language == settings.LANGUAGE_CODE:
        return mark_safe("")
    if isinstance(item, str):
        shown_in = get_language_from_path(item) or settings.LANGUAGE_CODE
    else:
        request = context.get("request")
        locale_id = getattr(request, "_kb_locale_id", None)
        if locale_id is None:
            locale_id = i18n.locale_id(language)
            if request is not None:
                request._kb_locale_id = locale_id
        shown_in = language if item.locale_id == locale_id else settings.LANGUAGE_CODE
    if shown_in == language:
        return mark_safe("")
    return format_html(' lang="{}"', shown_in)


@register.simple_tag
def indonesian_content() -> SafeString:
    """lang="id" on text that exists only in Indonesian (the registry's titles and
    abstracts) when the interface around it is English."""
    if i18n.active_language() == settings.LANGUAGE_CODE:
        return mark_safe("")
    return format_html(' lang="{}"', settings.LANGUAGE_CODE)


@register.simple_tag
def content_language(page: Page | None) -> str:
    """ "id" when `page` is shown untranslated inside the English site, else ""."""
    return i18n.shown_in_other_language(page)


@register.simple_tag(takes_context=True)
def page_url(context, page: Page | None) -> str:
    """A page's address in the site being shown: in the English site, a page nobody has
    translated is linked at /en/… (where it is shown in Indonesian), so readers stay there."""
    if page is None:
        return ""
    return i18n.url_in_language(page.get_url(context.get("request")) or "")


@register.filter
def in_site_language(url: str) -> str:
    """A public address of any language as the same address in the active language's site."""
    return i18n.url_in_language(url) if url else url


@register.simple_tag(takes_context=True)
def site_url(context, path: str) -> str:
    """An absolute URL on the host configured for the site (Wagtail's Site: hostname and
    port), whatever host the request named."""
    request: HttpRequest | None = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        site = Site.objects.filter(is_default_site=True).first()
    root = site.root_url if site is not None else ""
    return f"{root}{path}"


@register.simple_tag(takes_context=True)
def catalogue_url(context) -> str:
    """The service catalogue's address in the active language's site ("" without one)."""
    request: HttpRequest | None = context.get("request")
    catalogue = (
        Page.objects.live()
        .public()
        .filter(
            content_type__app_label="catalogue",
            content_type__model="serviceindexpage",
        )
        .order_by("path")
        .first()
    )
    if catalogue is None:
        return ""
    return i18n.url_in_language(catalogue.get_url(request) or "")
