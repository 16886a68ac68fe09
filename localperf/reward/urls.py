from django.urls import path

from localperf.reward import views

app_name = "reward"
urlpatterns = [
    path("agreements/<int:pk>/reward/", views.agreement_reward, name="agreement"),
    path(
        "agreements/<int:pk>/reward/statement.<str:file_format>",
        views.statement_download,
        name="statement_download",
    ),
    path(
        "agreements/<int:pk>/reward/targets/<int:target_id>/",
        views.membership_change,
        name="membership",
    ),
    path("agreements/<int:pk>/reward/claims/new/", views.claim_create, name="claim_create"),
    path("reward/claims/<int:pk>/<str:action>/", views.claim_step, name="claim_step"),
    path("reward/determination/", views.determination, name="determination"),
    path(
        "reward/determination.<str:file_format>",
        views.determination_download,
        name="determination_download",
    ),
    path("reward/revocation/", views.revocation, name="revocation"),
]
