from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from activities import urls as activity_urls
from activities import views as activity_views

from . import health, home, sitemaps

# Pages people read carry their language: /fr/activities/; English has no prefix, so
# every address published before the languages came keeps working. A prefix that is
# not one of the six languages matches nothing: a 404.
urlpatterns = i18n_patterns(
    path("", home.HomeView.as_view(), name="home"),
    path("", include("decisions.urls")),
    path("activities/", include("activities.urls")),
    path("partners/", include((activity_urls.partner_patterns, "partners"))),
    path("events/", include((activity_urls.event_patterns, "events"))),
    path("search/", activity_views.search_page, name="search"),
    path("reports/", include("reports.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)
urlpatterns += [
    path("api/", include("brsportal.api")),
    path("health/", health.health, name="health"),
    path("robots.txt", sitemaps.robots_txt, name="robots"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": sitemaps.SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap-index",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": sitemaps.SITEMAPS},
        name="sitemap-section",
    ),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
