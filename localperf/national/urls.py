from django.urls import path

from localperf.national import views

app_name = "national"
urlpatterns = [
    path("", views.national_index, name="index"),
    path("selection/", views.selection, name="selection"),
    path("selection/few/", views.selection_few, name="selection_few"),
    path("review/", views.nis_review, name="review"),
    path("ledger/", views.collect_once_ledger, name="ledger"),
    path("targets-waiting/", views.targets_waiting, name="targets_waiting"),
    path("indicator/", views.indicator_picture, name="picture"),
    path("neighbours/", views.neighbours, name="neighbours"),
    path("comparators/", views.comparator_list, name="comparators"),
    path("comparators/new/", views.comparator_create, name="comparator_create"),
    path("comparators/<int:pk>/", views.comparator_edit, name="comparator_edit"),
    path("comparators/<int:pk>/delete/", views.comparator_delete, name="comparator_delete"),
    path("regions/<str:code>/", views.region_view, name="region"),
    path("areas/<str:code>/", views.area_evidence, name="area_evidence"),
    path("areas/<str:code>/flags/", views.area_flags, name="area_flags"),
    path("areas/<str:code>/flags/new/", views.flag_raise, name="flag_raise"),
    path("flags/<int:pk>/withdraw/", views.flag_withdraw, name="flag_withdraw"),
]
