"""The public comparisons' addresses, under ``/public/compare/`` (see ``open``)."""

from django.urls import path

from localperf.national import open as views

app_name = "compare"
urlpatterns = [
    path("", views.compare, name="indicator"),
    path("areas/<str:code>/", views.area_profile, name="area"),
]
