from django.urls import path

from localperf.reports import views

app_name = "reports"
urlpatterns = [
    path("agreements/<int:pk>/reports/", views.agreement_reports, name="agreement_reports"),
    path("agreements/<int:pk>/reports/new/", views.report_create, name="create"),
    path("reports/<int:pk>/", views.report_detail, name="detail"),
    path("reports/<int:pk>/changes/", views.report_changes, name="changes"),
    path("reports/<int:pk>/targets/<int:target_id>/", views.report_target, name="target"),
    path(
        "reports/<int:pk>/targets/<int:target_id>/comment/",
        views.report_target_comment,
        name="target_comment",
    ),
    path(
        "reports/<int:pk>/targets/<int:target_id>/go-comment/",
        views.report_go_comment,
        name="go_comment",
    ),
    path("reports/<int:pk>/<str:step>/", views.report_step, name="step"),
    path("reports/<int:pk>/report.<str:file_format>", views.report_download, name="download"),
    path("reports/<int:pk>/files/<int:file_id>/", views.report_file, name="file"),
    path(
        "reports/<int:pk>/files/<int:file_id>/status/",
        views.report_file_status,
        name="file_status",
    ),
    path(
        "reports/<int:pk>/files/<int:file_id>/download/",
        views.report_file_download,
        name="file_download",
    ),
    path("agreements/<int:pk>/annual-reviews/new/", views.review_create, name="review_create"),
    path("annual-reviews/<int:pk>/", views.review_detail, name="review"),
    path(
        "annual-reviews/<int:pk>/targets/<int:target_id>/",
        views.review_finding,
        name="review_finding",
    ),
    path("annual-reviews/<int:pk>/issue/", views.review_issue, name="review_issue"),
    path("annual-reviews/<int:pk>/baselines/", views.review_baselines, name="review_baselines"),
    path("annual-reviews/<int:pk>/review.pdf", views.review_download, name="review_download"),
]
