"""Rule M4: the Government Office records the step it takes for under-performance, from
the ladder, with a reason and a date; the history is append-only and the partnership
sees it."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.admin.sites import site
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from localperf.agreements import services as agreement_services
from localperf.reviews import services
from localperf.reviews.models import LADDER, LadderStep, UnderPerformanceStep
from tests.agreements.factories import target_input

pytestmark = pytest.mark.django_db

D = datetime.date


def record(users, agreement, who="go_lm", **overrides):
    data = {
        "step": LadderStep.EXTERNAL_SUPPORT,
        "reason": "Worklessness targets off trajectory for three quarters.",
        "taken_on": D(2009, 3, 2),
        "target": None,
        **overrides,
    }
    return services.under_performance_step_record(user=users[who], agreement=agreement, **data)


def test_the_ladder_has_the_six_steps_of_the_guidance_in_order():
    # rule M4: 004_… §30, lowest first.
    assert [s.label for s in LADDER] == [
        "Engagement of external support from within local government",
        "More regular monitoring of performance from the Government Office",
        "Targeted support from the Government Office",
        "Re-imposition of ring fencing",
        "Re-imposition of existing programme control",
        "Implications for funding",
    ]


def test_the_government_office_records_a_step_for_the_agreement_and_for_a_target(approved, users):
    # rule M4
    agreement, designated, _ = approved
    first = record(users, agreement)
    second = record(
        users,
        agreement,
        who="go_rd",
        step=LadderStep.TARGETED_SUPPORT,
        target=designated,
        reason="  No improvement after external support.  ",
        taken_on=D(2009, 9, 14),
    )
    assert (first.rung, second.rung) == (1, 3)
    assert second.reason == "No improvement after external support."
    assert second.recorded_by == users["go_rd"]
    assert second.recorded_by_organisation == "Government Office for the South East"
    assert second.recorded_by_role == "Government Office Regional Director"
    # Newest first: the step in force leads the history.
    assert list(agreement.under_performance_steps.all()) == [second, first]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"step": "naming_and_shaming"},
            "step",
            "“naming_and_shaming” is not a step on the ladder. Choose one of: external_support",
        ),
        ({"reason": "   "}, "reason", "Enter the reason for taking this step."),
        ({"taken_on": None}, "taken_on", "Enter the date the step was taken."),
        (
            {"taken_on": D(2009, 3, 3)},
            "taken_on",
            "The date the step was taken must be today or in the past, not 3 March 2009.",
        ),
        (
            {"taken_on": D(2008, 6, 1)},
            "taken_on",
            "The date the step was taken must be on or after 30 June 2008, when the agreement "
            "was approved.",
        ),
    ],
)
def test_bad_input_is_refused_with_a_message_naming_the_field(
    approved, users, overrides, field, message
):
    # rule M4: a step on the ladder, a reason, a date not in the future.
    agreement, _, _ = approved
    with pytest.raises(ValidationError) as refused:
        services.under_performance_step_record(
            user=users["go_lm"],
            agreement=agreement,
            **{
                "step": LadderStep.EXTERNAL_SUPPORT,
                "reason": "Off trajectory.",
                "taken_on": D(2009, 3, 1),
                **overrides,
            },
            today=D(2009, 3, 2),
        )
    assert list(refused.value.message_dict) == [field]
    assert refused.value.message_dict[field][0].startswith(message)
    assert not UnderPerformanceStep.objects.exists()


def test_a_target_of_another_agreement_is_refused(approved, users):
    agreement, _, _ = approved
    other = agreement_services.agreement_create(user=users["other_pm"])
    foreign = agreement_services.target_add(
        user=users["other_pm"], agreement=other, data=target_input("NI 111")
    )
    with pytest.raises(ValidationError) as refused:
        record(users, agreement, target=foreign)
    assert refused.value.message_dict == {
        "target": ["Choose one of this agreement's targets, or the whole agreement."]
    }


@pytest.mark.parametrize("who", ["pm", "partner", "approver", "analyst", "inspector", "other_go"])
def test_only_the_government_office_of_the_region_records_a_step(approved, users, who):
    # rule M4: the GO (with central government) decides; the area does not record its own.
    agreement, _, _ = approved
    with pytest.raises(PermissionDenied, match="Government Office for South East"):
        record(users, agreement, who=who)


def test_an_administrator_may_record_a_step(approved, users):
    agreement, _, _ = approved
    assert record(users, agreement, who="admin").recorded_by_role == "System administrator"


def test_no_step_on_an_agreement_not_yet_approved(users):
    # rule M4: under-performance is judged against agreed targets.
    draft = agreement_services.agreement_create(user=users["pm"])
    with pytest.raises(PermissionDenied, match="approved agreement; this one is draft"):
        record(users, draft)


def test_the_database_keeps_a_step_on_the_ladder_with_a_reason(approved, users):
    agreement, _, _ = approved
    fields = {"agreement": agreement, "taken_on": D(2009, 1, 1), "recorded_by_name": "x"}
    with pytest.raises(IntegrityError), transaction.atomic():
        UnderPerformanceStep.objects.create(step="scolding", reason="r", **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        UnderPerformanceStep.objects.create(step=LadderStep.FUNDING, reason="", **fields)


def test_the_history_is_append_only_even_in_the_admin(step_taken, users, rf):
    request = rf.get("/admin/")
    request.user = users["admin"]
    users["admin"].is_superuser = True
    admin = site._registry[UnderPerformanceStep]
    assert not admin.has_add_permission(request)
    assert not admin.has_change_permission(request, step_taken)
    assert not admin.has_delete_permission(request, step_taken)
    assert not hasattr(services, "under_performance_step_change")


# --- Pages ---------------------------------------------------------------------------------


def test_the_go_records_a_step_through_the_form_and_the_lsp_sees_it(client, approved, users):
    # rule M4: recorded by the GO, visible to the LSP and its partners.
    agreement, designated, _ = approved
    client.force_login(users["go_lm"])
    url = f"/agreements/{agreement.pk}/under-performance/new/"
    form = client.get(url).content.decode()
    assert "Step 6: Implications for funding" in form
    assert "The whole agreement" in form and "NI 112" in form
    response = client.post(
        url,
        {
            "step": "targeted_support",
            "target": designated.pk,
            "reason": "Conceptions up again; support from the teenage pregnancy unit.",
            "taken_on_0": "14",
            "taken_on_1": "9",
            "taken_on_2": "2009",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"/agreements/{agreement.pk}/under-performance/"

    for who in ["pm", "partner", "district"]:
        client.force_login(users[who])
        page = client.get(f"/agreements/{agreement.pk}/under-performance/").content.decode()
        assert "Step 3 of 6: Targeted support from the Government Office" in page, who
        assert "14 September 2009" in page
        assert "Conceptions up again" in page
        assert "Record a step" not in page
        detail = client.get(f"/agreements/{agreement.pk}/").content.decode()
        assert "Latest step, taken on 14 September 2009" in detail, who


def test_the_form_shows_every_problem_and_records_nothing(client, approved, users):
    agreement, _, _ = approved
    client.force_login(users["go_rd"])
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    response = client.post(
        f"/agreements/{agreement.pk}/under-performance/new/",
        {
            "step": "",
            "reason": "",
            "taken_on_0": str(tomorrow.day),
            "taken_on_1": str(tomorrow.month),
            "taken_on_2": str(tomorrow.year),
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Choose the step that has been taken." in page
    assert "Enter the reason for taking this step." in page
    assert page.count("govuk-error-summary") >= 1
    # Step and reason refused by the form; the future date by the service, on a re-post.
    response = client.post(
        f"/agreements/{agreement.pk}/under-performance/new/",
        {
            "step": "funding",
            "reason": "Repeated failure.",
            "taken_on_0": str(tomorrow.day),
            "taken_on_1": str(tomorrow.month),
            "taken_on_2": str(tomorrow.year),
        },
    )
    assert "must be today or in the past" in response.content.decode()
    assert not UnderPerformanceStep.objects.exists()


# --- API -----------------------------------------------------------------------------------


def test_the_api_records_and_lists_steps(client, approved, users):
    agreement, designated, _ = approved
    url = f"/api/v1/agreements/{agreement.pk}/under-performance"
    client.force_login(users["go_lm"])
    created = client.post(
        url,
        {
            "step": "ring_fencing",
            "reason": "Funding misdirected.",
            "taken_on": "2010-01-04",
            "target": designated.pk,
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["step"] == {"value": "ring_fencing", "label": "Re-imposition of ring fencing"}
    assert (body["rung"], body["target"], body["target_measure"]) == (4, designated.pk, "NI 112")
    client.force_login(users["partner"])
    listed = client.get(url)
    assert listed.status_code == 200
    assert [s["reason"] for s in listed.json()] == ["Funding misdirected."]


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"step": "scolding"}, "step", "“scolding” is not a step on the ladder."),
        ({"reason": ""}, "reason", "Enter the reason for taking this step."),
        ({"taken_on": "2999-01-01"}, "taken_on", "must be today or in the past"),
        ({"target": 999999}, "target", "The agreement has no target with the id 999999."),
    ],
)
def test_the_api_refuses_bad_input_with_422_naming_the_field(
    client, approved, users, payload, field, message
):
    agreement, _, _ = approved
    client.force_login(users["go_rd"])
    response = client.post(
        f"/api/v1/agreements/{agreement.pk}/under-performance",
        {"step": "funding", "reason": "Off track.", "taken_on": "2009-05-05", **payload},
        content_type="application/json",
    )
    assert response.status_code == 422
    (error,) = response.json()["errors"]
    assert error["field"] == field
    assert message in error["message"]
    assert not UnderPerformanceStep.objects.exists()
