from django.urls import path

from localperf.monitoring import views

app_name = "monitoring"
urlpatterns = [
    path("<int:pk>/dashboard/", views.dashboard, name="dashboard"),
    path(
        "<int:pk>/dashboard/progress.<str:file_format>",
        views.dashboard_download,
        name="dashboard_download",
    ),
    path("<int:pk>/targets/<int:target_pk>/progress/", views.target_page, name="target"),
    path(
        "<int:pk>/targets/<int:target_pk>/progress/override/",
        views.rating_override,
        name="rating_override",
    ),
]
