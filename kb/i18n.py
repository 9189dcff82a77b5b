"""The public site in two languages: Indonesian at /, English at /en/ (config.urls).

A page an editor translated (Wagtail's "Terjemahkan") is shown in English under /en/;
every page not translated yet is shown in Indonesian inside the English site, with
the English interface around it, so the English site is never a dead end. Links in the
English site stay in it; hreflang names only real translations.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils.translation import get_language, get_language_from_path, override
from wagtail.models import Locale, Page

P = TypeVar("P", bound=Page)


def active_language() -> str:
    """The language of the response being made (settings.LANGUAGE_CODE outside one)."""
    return get_language() or settings.LANGUAGE_CODE


def url_in_language(url: str, language: str | None = None) -> str:
    """`url` as the same address in `language`'s site ("/npwp/" → "/en/npwp/" and back),
    query and fragment kept; addresses outside the public site (another host, the
    admin, the APIs) are returned unchanged."""
    language = language or active_language()
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return url
    from_language = get_language_from_path(parts.path) or settings.LANGUAGE_CODE
    if from_language == language:
        return url
    try:
        with override(from_language):
            match = resolve(parts.path)
    except Resolver404:
        return url
    if not match.url_name:
        return url
    name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
    try:
        with override(language):
            path = reverse(name, args=match.args, kwargs=match.kwargs)
    except NoReverseMatch:
        return url
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, parts.fragment))


def _locale(language: str) -> Locale | None:
    try:
        return Locale.objects.get_for_language(language)
    except Locale.DoesNotExist:
        return None


def locale_id(language: str) -> int | None:
    """The id of `language`'s Wagtail locale (None when it has none)."""
    locale = _locale(language)
    return locale.pk if locale is not None else None


def source_page(page: P) -> P:
    """The Indonesian page a translation was made from (live), else `page` itself: the
    site's structure (topics, articles, services) is the Indonesian tree's."""
    default = _locale(settings.LANGUAGE_CODE)
    if default is None or page.locale_id == default.pk:
        return page
    source = page.get_translation_or_none(default)
    return source.specific if source is not None and source.live else page


def in_active_language(pages: Iterable[P], *, prefetch: Sequence[str] = ()) -> list[P]:
    """Each page replaced by its live translation in the active language, where an
    editor made one (one query); annotations such as read counts are carried over."""
    pages = list(pages)
    language = active_language()
    if not pages or language == settings.LANGUAGE_CODE:
        return pages
    locale = _locale(language)
    if locale is None:
        return pages
    model = type(pages[0])
    translations = {
        page.translation_key: page
        for page in model.objects.filter(
            translation_key__in=[page.translation_key for page in pages], locale=locale
        )
        .live()
        .public()
        .prefetch_related(*prefetch)
    }
    shown = []
    for page in pages:
        translation = translations.get(page.translation_key)
        if translation is not None:
            for name in ("recent_views",):
                if hasattr(page, name):
                    setattr(translation, name, getattr(page, name))
        shown.append(translation or page)
    return shown


class TranslationFallbackMixin:
    """For page types with children: in the English tree, a child not translated yet is
    found (and shown, in Indonesian) through the Indonesian page it would translate."""

    def route(self, request: HttpRequest, path_components: list[str]):
        try:
            return super().route(request, path_components)
        except Http404:
            source = source_page(self)
            if source.pk == self.pk:
                raise
            return source.route(request, path_components)


@dataclass(frozen=True)
class LanguageVersion:
    """One language of the page being shown: for the language switch and hreflang."""

    code: str
    name: str  # in its own language: "English", "Bahasa Indonesia"
    url: str
    current: bool
    translated: bool  # a page in that language exists (not the Indonesian fallback)


def language_versions(request: HttpRequest, page: Page | None) -> list[LanguageVersion]:
    """This address in every language of the site. For a page, its live translations
    (one query); a page without one is offered at the same address in the other site,
    where the Indonesian page is shown."""
    current = active_language()
    path = request.get_full_path()
    pages: dict[str, Page] = {}
    if page is not None and page.pk:
        pages = {
            translation.locale.language_code: translation
            for translation in page.get_translations(inclusive=True)
            .live()
            .select_related("locale")
        }
    versions = []
    for code, name in settings.LANGUAGES:
        translation = pages.get(code)
        if translation is not None:
            with override(code):
                url = translation.get_url(request) or url_in_language(path, code)
        elif page is not None and page.pk:
            url = url_in_language(page.get_url(request) or path, code)
        else:
            url = url_in_language(path, code)
        versions.append(
            LanguageVersion(
                code=code,
                name=_own_name(code, name),
                url=url,
                current=code == current,
                translated=translation is not None or page is None,
            )
        )
    return versions


def _own_name(code: str, name: object) -> str:
    with override(code):
        return str(name)


def shown_in_other_language(page: Page | None) -> str:
    """The language of `page`'s content when it differs from the interface's ("id" for
    an Indonesian page in the English site), else ""."""
    if page is None or not getattr(page, "pk", None):
        return ""
    language = active_language()
    if language == settings.LANGUAGE_CODE:
        return ""
    locale = _locale(language)
    if locale is not None and page.locale_id == locale.pk:
        return ""
    return settings.LANGUAGE_CODE


class PathLanguageMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware without its ``Vary: Accept-Language``: the language
    comes from the path alone (/en/… English, every other address Indonesian), so the
    front cache keeps one copy of each page, not one per browser language."""

    def process_response(self, request: HttpRequest, response: HttpResponse):
        response = super().process_response(request, response)
        if response.has_header("Vary"):
            kept = [
                value.strip()
                for value in response["Vary"].split(",")
                if value.strip() and value.strip().lower() != "accept-language"
            ]
            if kept:
                response["Vary"] = ", ".join(kept)
            else:
                del response["Vary"]
        return response
