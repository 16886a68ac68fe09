from django.urls import path

from localperf.places import views

app_name = "places"
urlpatterns = [
    path("", views.place_index, name="list"),
    path("restructuring-2009/", views.restructuring, name="restructuring"),
    path("population-groups/", views.population_groups, name="population_groups"),
    path("<str:code>/", views.area_detail, name="detail"),
]
