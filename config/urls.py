from django.contrib import admin
from django.urls import include, path

from config import views as config_views

urlpatterns = [
    path("healthz", config_views.healthz, name="healthz"),
    path("start/", config_views.start, name="start"),
    path("accessibility/", config_views.accessibility, name="accessibility"),
    path("accounts/", include("accounts.urls")),
    path("admin/", admin.site.urls),
    path("", include("awards.urls")),
    path("", include("evaluation.urls")),
]

admin.site.site_header = "Juryrum"
admin.site.site_title = "Juryrum"
