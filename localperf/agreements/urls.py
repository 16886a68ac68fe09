from django.urls import path

from localperf.agreements import views
from localperf.agreements.views import statutory

app_name = "agreements"
urlpatterns = [
    path("", views.agreement_list, name="list"),
    path("new/", views.agreement_create, name="create"),
    path("<int:pk>/", views.agreement_detail, name="detail"),
    path("multi-area/new/", views.maa_create, name="maa_create"),
    path("<int:pk>/multi-area/sign/", views.maa_sign, name="maa_sign"),
    path("<int:pk>/multi-area/link/", views.maa_link, name="maa_link"),
    path("<int:pk>/multi-area/members/", views.maa_members, name="maa_members"),
    path(
        "<int:pk>/multi-area/members/<int:member_pk>/change/",
        views.maa_member_change,
        name="maa_member_change",
    ),
    path(
        "<int:pk>/multi-area/members/<int:member_pk>/remove/",
        views.maa_member_remove,
        name="maa_member_remove",
    ),
    path("<int:pk>/targets/", views.agreement_targets, name="targets"),
    path("<int:pk>/revisions/", views.agreement_revisions, name="revisions"),
    path("<int:pk>/history/", views.agreement_history, name="history"),
    path("reference-figures/", views.reference_figure_list, name="reference_figures"),
    path(
        "reference-figures/<int:figure_pk>/new-value/",
        views.reference_figure_value_add,
        name="reference_figure_value_add",
    ),
    path("<int:pk>/outcomes/new/", views.outcome_add, name="outcome_add"),
    path("<int:pk>/outcomes/<int:outcome_pk>/edit/", views.outcome_edit, name="outcome_edit"),
    path("<int:pk>/targets/new/", views.target_add, name="target_add"),
    path("<int:pk>/targets/<int:target_pk>/", views.target_detail, name="target"),
    path("<int:pk>/targets/<int:target_pk>/edit/", views.target_edit, name="target_edit"),
    path("<int:pk>/targets/<int:target_pk>/move/", views.target_move, name="target_move"),
    path("<int:pk>/targets/<int:target_pk>/remove/", views.target_remove, name="target_remove"),
    path(
        "<int:pk>/targets/<int:target_pk>/dcsf/year/",
        statutory.statutory_year,
        name="statutory_year",
    ),
    path(
        "<int:pk>/targets/<int:target_pk>/dcsf/withdraw/",
        statutory.statutory_withdraw,
        name="statutory_withdraw",
    ),
    path("<int:pk>/steps/<str:action>/", views.agreement_action, name="action"),
    path("<int:pk>/revisions/new/", views.revision_create, name="revision_create"),
    path("<int:pk>/revisions/<int:number>/", views.revision_detail, name="revision"),
    path(
        "<int:pk>/revisions/<int:number>/add/",
        views.revision_add_target,
        name="revision_add_target",
    ),
    path(
        "<int:pk>/revisions/<int:number>/targets/<int:target_pk>/<str:action>/",
        views.revision_change_target,
        name="revision_change_target",
    ),
    path(
        "<int:pk>/revisions/<int:number>/parties/add/",
        views.revision_add_party,
        name="revision_add_party",
    ),
    path(
        "<int:pk>/revisions/<int:number>/parties/<int:member_pk>/<str:action>/",
        views.revision_change_party,
        name="revision_change_party",
    ),
    path(
        "<int:pk>/revisions/<int:number>/propose/",
        views.revision_propose,
        name="revision_propose",
    ),
    path("<int:pk>/revisions/<int:number>/agree/", views.revision_agree, name="revision_agree"),
    path("<int:pk>/revisions/<int:number>/decide/", views.revision_decide, name="revision_decide"),
]
