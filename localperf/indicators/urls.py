from django.urls import path

from localperf.indicators import views

app_name = "indicators"
urlpatterns = [
    path("", views.indicator_index, name="list"),
    path("<str:code>/", views.indicator_detail, name="detail"),
]
