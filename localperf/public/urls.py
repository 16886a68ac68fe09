from django.urls import path

from localperf.public import views

app_name = "public"
urlpatterns = [
    path("", views.public_index, name="index"),
    path("open-data/", views.open_data, name="open_data"),
    path("open-data/local-area-agreements.csv", views.open_data_csv, name="open_data_csv"),
    path("open-data/local-area-agreements.zip", views.open_data_zip, name="open_data_zip"),
    path("open-data/datapackage.json", views.open_data_package, name="open_data_package"),
    path("open-data/observations-sdmx.csv", views.open_data_sdmx, name="open_data_sdmx"),
    path(
        "open-data/sdmx/structure.xml",
        views.open_data_sdmx_structure,
        name="open_data_sdmx_structure",
    ),
    path("areas/<str:code>/", views.area_page, name="area"),
    path("areas/<str:code>/data.csv", views.area_csv, name="area_csv"),
    path("areas/<str:code>/targets/<int:pk>/", views.target_page, name="target"),
    path("areas/<str:code>/targets/<int:pk>/data.csv", views.target_csv, name="target_csv"),
]
