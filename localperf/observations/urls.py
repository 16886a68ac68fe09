from django.urls import path

from localperf.observations import views

app_name = "observations"
urlpatterns = [
    path("", views.data_index, name="index"),
    path("figures/", views.observation_index, name="list"),
    path("figures/history/", views.observation_history_page, name="history"),
    path("figures/export/", views.observation_export, name="export"),
    path("imports/new/", views.import_upload, name="upload"),
    path("imports/<int:pk>/", views.import_batch, name="batch"),
    path("imports/<int:pk>/status/", views.import_batch_status, name="batch_status"),
    path("imports/<int:pk>/confirm/", views.import_confirm, name="confirm"),
    path("imports/<int:pk>/check-again/", views.import_recheck, name="recheck"),
    path("releases/", views.release_figures, name="releases"),
    path("returns/<int:agreement_pk>/", views.return_grid, name="return_grid"),
    path(
        "returns/<int:agreement_pk>/template.<str:file_format>",
        views.return_template,
        name="return_template",
    ),
]
