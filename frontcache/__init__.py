"""The front cache (Varnish) and the application's page cache, never showing a page
as it no longer is.

Public pages are cached twice: by the front (deploy/varnish/tkb.vcl) and, for the
requests that reach the application, by ``PageCacheMiddleware`` in the shared Django
cache. ``front_cache_purge`` forgets both for the pages an event changed, their
parents' listings, the sitemap and every cached search answer, once the transaction
commits; the receivers here call it on publish, unpublish, move and delete, and the
registry, the impact check and the catalogue call it for what they change. A cached
page also expires at the next local midnight, when the dates it shows move on.

Below every app (like ``ingest``): it imports Wagtail and no app of this project, so
any app may call it (``from frontcache.purge import front_cache_purge``).
"""
