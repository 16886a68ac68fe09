"""The public comparisons' addresses, under ``/public/compare/`` (see ``open``)."""

from django.urls import path

from localperf.national import open as views
from localperf.national import open_ledger

app_name = "compare"
urlpatterns = [
    path("", views.compare, name="indicator"),
    path("areas/<str:code>/", views.area_profile, name="area"),
    path("ledger/", open_ledger.ledger, name="ledger"),
]
