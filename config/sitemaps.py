"""sitemap.xml: every live page of the site in each of its languages, and the registry."""

from __future__ import annotations

from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from regulations.sitemaps import RegulationSitemap


class PageSitemap(Sitemap):
    """Live public pages under the site's home page and under its translations (the
    English home is the Indonesian home's sibling, so Wagtail's own sitemap misses it)."""

    def items(self):
        homes = self.get_wagtail_site().root_page.get_translations(inclusive=True)
        under_a_home = Q()
        for home in homes.only("path"):
            under_a_home |= Q(path__startswith=home.path)
        return (
            Page.objects.filter(under_a_home)
            .live()
            .public()
            .order_by("path")
            .defer_streamfields()
            .specific()
        )


sitemaps = {"pages": PageSitemap, "regulations": RegulationSitemap}
