"""The registry in sitemap.xml: every published regulation's page, on the site's host."""

from __future__ import annotations

from urllib.parse import urlsplit

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Site

from regulations.models import Regulation, RegulationQuerySet


class RegulationSitemap(Sitemap):
    """Published regulations; addresses use the host and scheme configured for the
    Wagtail site (Settings → Sites), as the page entries do, not the request's host."""

    def items(self) -> RegulationQuerySet:
        return Regulation.objects.published().order_by("type", "year", "number")

    def location(self, obj: Regulation) -> str:
        return obj.get_absolute_url()

    def lastmod(self, obj: Regulation):
        return obj.last_published_at or obj.updated_at

    def _root(self):
        site = self.get_wagtail_site()
        return urlsplit(site.root_url)

    def get_protocol(self, protocol: str | None = None) -> str:
        return self._root().scheme

    def get_domain(self, site: Site | None = None) -> str:
        return self._root().netloc

    def _urls(self, page, protocol, domain):
        # Django's own loop (the Wagtail base class walks pages instead).
        return super(Sitemap, self)._urls(page, protocol, domain)
