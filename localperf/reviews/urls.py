from django.urls import path

from localperf.reviews import refresh_views, views

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
    path("agreements/<int:pk>/refresh/", refresh_views.refresh_detail, name="refresh"),
    path("agreements/<int:pk>/refresh/start/", refresh_views.refresh_start, name="refresh_start"),
    path(
        "agreements/<int:pk>/refresh/steps/<str:action>/",
        refresh_views.refresh_step,
        name="refresh_step",
    ),
    path("agreements/<int:pk>/refresh/open/", refresh_views.refresh_list, name="refresh_list"),
    path("agreements/<int:pk>/refresh/add/", refresh_views.refresh_add, name="refresh_add"),
    path(
        "agreements/<int:pk>/refresh/targets/<int:target_pk>/change/",
        refresh_views.refresh_change,
        name="refresh_change",
    ),
]
