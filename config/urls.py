"""URL map: admin, documents, API, sitemap and robots, then the public site (search,
regulations, feedback and Wagtail's page catch-all last) in Indonesian at / and in
English at /en/."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from config import health
from config.api import api_router
from config.sitemaps import sitemaps
from kb import views as kb_views
from search import api as search_api
from search import views as search_views

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("dokumen/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    path("api/services/", include("catalogue.api")),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", health.metrics, name="metrics"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots_txt",
    ),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# The public site: Indonesian without a prefix (every existing address keeps working),
# English under /en/. Suggestions and results answered under /en/ link to /en/ pages.
urlpatterns += i18n_patterns(
    path("umpan-balik/<int:page_id>/", kb_views.feedback, name="kb_feedback"),
    path("baca/<int:page_id>/", kb_views.read, name="kb_read"),
    path("peraturan/", include("regulations.urls")),
    path("cari/", search_views.search_page, name="search"),
    path("api/search/", search_api.search, name="search_api"),
    path("api/search/suggest/", search_api.suggest, name="search_suggest"),
    path("api/search/click/", search_api.click, name="search_click"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

handler404 = "kb.views.page_not_found"
handler500 = "kb.views.server_error"
