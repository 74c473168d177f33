from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from . import health, views

admin.site.site_header = "brsportal: BRS and Minamata joint work"
admin.site.site_title = "brsportal staff"
admin.site.index_title = "Records"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("", include("decisions.urls")),
    path("activities/", include("activities.urls")),
    path("reports/", include("reports.urls")),
    path("api/", include("brsportal.api")),
    path("admin/", admin.site.urls),
    path("health/", health.health, name="health"),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
