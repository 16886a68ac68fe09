from django.urls import path

from localperf.reviews import views

app_name = "reviews"
urlpatterns = [
    path("timetable/", views.timetable, name="timetable"),
    path(
        "agreements/<int:pk>/under-performance/",
        views.under_performance,
        name="under_performance",
    ),
    path(
        "agreements/<int:pk>/under-performance/new/",
        views.under_performance_record,
        name="under_performance_record",
    ),
]
