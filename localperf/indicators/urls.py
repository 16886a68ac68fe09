from django.urls import path

from localperf.indicators import views

app_name = "indicators"
urlpatterns = [
    path("", views.indicator_index, name="list"),
    path("catalogue.<str:file_format>", views.indicator_download, name="download"),
    path("<str:code>/", views.indicator_detail, name="detail"),
]
