from django.contrib import admin
from django.urls import include, path

from localperf.api import api
from localperf.monitoring.views import my_commitments

urlpatterns = [
    path("", include("localperf.home.urls")),
    path("indicators/", include("localperf.indicators.urls")),
    path("places/", include("localperf.places.urls")),
    path("organisations/", include("localperf.organisations.urls")),
    path("agreements/", include("localperf.agreements.urls")),
    path("agreements/", include("localperf.monitoring.urls")),
    path("", include("localperf.reviews.urls")),
    path("", include("localperf.reports.urls")),
    path("", include("localperf.reward.urls")),
    path("my-commitments/", my_commitments, name="my_commitments"),
    path("observations/", include("localperf.observations.urls")),
    path("national/", include("localperf.national.urls")),
    path("public/compare/", include("localperf.national.open_urls")),
    path("public/", include("localperf.public.urls")),
    path("account/", include("localperf.accounts.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("", include("localperf.operations.urls")),
]

# A database out of reach is answered with a 503 page, not a 500 (operations/views.py).
handler500 = "localperf.operations.views.server_error"
