"""Editing a draft's outcomes, moving and removing its targets, recording a new value of
a reference figure, and the revisions API — through the pages and the API, which call
the same services and so give the same verdicts."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal as D

import pytest
from simple_history.utils import get_history_model_for_model

from localperf.agreements import services
from localperf.agreements.models import (
    LaaTheme,
    ReferenceFigure,
    ReferenceFigureValue,
    RevisionStatus,
    Target,
    TargetSetting,
    TargetVersion,
    TrajectoryValue,
)
from tests.agreements.factories import take_to_approval, target_input

pytestmark = pytest.mark.django_db


def api(client, method: str, url: str, body: dict | None = None):
    if method == "get":
        return client.get(f"/api/v1{url}")
    call = getattr(client, method)
    return call(f"/api/v1{url}", json.dumps(body or {}), content_type="application/json")


def page_errors(response) -> list[str]:
    assert response.status_code == 200, response.status_code
    return sorted(m for ms in response.context["form"].errors.values() for m in ms)


def api_errors(response) -> list[str]:
    assert response.status_code == 422, response.content
    return sorted(e["message"] for e in response.json()["errors"])


@pytest.fixture
def outcomes(draft_with_target, users):
    agreement, target = draft_with_target
    made = [
        services.outcome_add(
            user=users["pm"], agreement=agreement, theme=LaaTheme.CHILDREN_AND_YOUNG_PEOPLE, title=t
        )
        for t in ("Fewer young offenders", "Healthier children", "More in training")
    ]
    return agreement, target, made


# --- Outcomes (rule A11) ----------------------------------------------------------------


def test_an_outcome_is_renamed_and_reordered_through_the_page(client, users, outcomes):
    # rule A11
    agreement, _, (first, second, third) = outcomes
    client.force_login(users["pm"])
    response = client.post(
        f"/agreements/{agreement.pk}/outcomes/{third.pk}/edit/",
        {
            "theme": "children_and_young_people",
            "title": "More young people in training",
            "position": "1",
        },
    )
    assert response.status_code == 302
    ordered = list(agreement.outcomes.order_by("order").values_list("title", flat=True))
    assert ordered == [
        "More young people in training",
        "Fewer young offenders",
        "Healthier children",
    ]
    event = agreement.events.last()
    assert event.action == "outcome_change" and "Renamed from “More in training”" in event.comment
    assert third.history.count() >= 2  # the old title is kept


def test_an_outcome_moved_to_another_theme_takes_its_targets(client, users, outcomes):
    # rule A11: the outcome gives its targets their theme
    agreement, target, (first, *_) = outcomes
    services.target_move(user=users["pm"], target=target, outcome=first)
    client.force_login(users["pm"])
    response = api(
        client,
        "put",
        f"/agreements/{agreement.pk}/outcomes/{first.pk}",
        {"theme": "safer_and_stronger_communities", "title": first.title},
    )
    assert response.status_code == 200, response.content
    assert response.json()["theme"]["value"] == "safer_and_stronger_communities"
    assert response.json()["order"] == 1
    target.refresh_from_db()
    assert target.theme == LaaTheme.SAFER_AND_STRONGER
    remaining = agreement.outcomes.filter(theme=LaaTheme.CHILDREN_AND_YOUNG_PEOPLE)
    assert sorted(remaining.values_list("order", flat=True)) == [1, 2]


def test_a_target_moves_between_outcomes(client, users, outcomes):
    # rule A11
    agreement, target, (first, second, _) = outcomes
    client.force_login(users["pm"])
    response = client.post(
        f"/agreements/{agreement.pk}/targets/{target.pk}/move/", {"outcome": first.pk}
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.outcome == first
    moved = api(
        client,
        "post",
        f"/agreements/{agreement.pk}/targets/{target.pk}/move",
        {"outcome": second.pk},
    )
    assert moved.status_code == 200 and moved.json()["outcome"] == second.title
    assert agreement.events.filter(action="target_move").count() == 2


def test_outcome_edits_get_the_same_verdicts_on_the_page_and_through_the_api(
    client, users, outcomes
):
    agreement, target, (first, second, _) = outcomes
    client.force_login(users["pm"])
    cases = [
        {"theme": "children_and_young_people", "title": ""},
        {"theme": "children_and_young_people", "title": "healthier children"},
    ]
    for body in cases:
        page = client.post(f"/agreements/{agreement.pk}/outcomes/{first.pk}/edit/", body)
        through_api = api(client, "put", f"/agreements/{agreement.pk}/outcomes/{first.pk}", body)
        assert page_errors(page) == api_errors(through_api)
    # Another agreement's outcome is refused, naming the field.
    manchester = services.agreement_create(user=users["other_pm"])
    foreign = services.outcome_add(
        user=users["other_pm"],
        agreement=manchester,
        theme="safer_and_stronger_communities",
        title="Elsewhere",
    )
    refused = api(
        client,
        "post",
        f"/agreements/{agreement.pk}/targets/{target.pk}/move",
        {"outcome": foreign.pk},
    )
    assert api_errors(refused) == ["Choose one of this agreement's outcomes."]
    first.refresh_from_db()
    assert first.title == "Fewer young offenders"


# --- Removing a target from a draft -------------------------------------------------------


def test_a_target_removed_from_a_draft_leaves_its_history(client, users, draft_with_target):
    agreement, target = draft_with_target
    version = target.current_version()
    client.force_login(users["pm"])
    response = client.post(
        f"/agreements/{agreement.pk}/targets/{target.pk}/remove/",
        {"reason": "Agreed with the GO to drop it."},
    )
    assert response.status_code == 302
    assert not Target.objects.filter(pk=target.pk).exists()
    event = agreement.events.get(action="target_remove")
    assert event.comment == "Agreed with the GO to drop it." and event.actor == users["pm"]
    assert "NI 112" in event.description
    # Every row is in its history table, deleted by the performance manager.
    for model, pk in ((Target, target.pk), (TargetVersion, version.pk)):
        deleted = get_history_model_for_model(model).objects.get(id=pk, history_type="-")
        assert deleted.history_user == users["pm"]
    years = get_history_model_for_model(TrajectoryValue).objects.filter(
        version_id=version.pk, history_type="-"
    )
    assert years.count() == 3


def test_a_target_removed_through_the_api(client, users, draft_with_target):
    agreement, target = draft_with_target
    client.force_login(users["pm"])
    url = f"/agreements/{agreement.pk}/targets/{target.pk}/remove"
    page = client.post(f"/agreements/{agreement.pk}/targets/{target.pk}/remove/", {"reason": ""})
    assert page_errors(page) == api_errors(api(client, "post", url, {"reason": " "}))
    assert Target.objects.filter(pk=target.pk).exists()
    assert api(client, "post", url, {"reason": "Duplicate of NI 111"}).status_code == 204
    assert not agreement.targets.exists()
    assert api(client, "post", url, {"reason": "again"}).status_code == 404


def test_a_removed_target_can_be_added_again(users, draft_with_target):
    agreement, target = draft_with_target
    services.target_remove(user=users["pm"], target=target, reason="Start again")
    again = services.target_add(user=users["pm"], agreement=agreement, data=target_input("NI 112"))
    assert again.pk != target.pk


# --- Reference figures (rule A8) -----------------------------------------------------------


@pytest.fixture
def housing(kent):
    figure = ReferenceFigure.objects.create(name="South East Plan housing figure", area=kent)
    ReferenceFigureValue.objects.create(figure=figure, effective_from="2008-04-01", value=D("5600"))
    return figure


def relative(figure):
    return target_input(
        "NI 154",
        setting=TargetSetting.RELATIVE,
        relative_to=figure,
        relative_ratio=D("1.1"),
        baseline_value=D("5000"),
        trajectory={},
        theme=LaaTheme.ECONOMIC_DEVELOPMENT,
    )


def test_a_new_figure_through_the_page_recalculates_an_approved_target(
    client, users, draft_with_target, housing
):
    # rule A8: a new version from the figure's date, the old one kept and closed
    agreement, _ = draft_with_target
    target = services.target_add(user=users["pm"], agreement=agreement, data=relative(housing))
    take_to_approval(agreement, users)
    client.force_login(users["go_lm"])
    response = client.post(
        f"/agreements/reference-figures/{housing.pk}/new-value/",
        {
            "value": "6000",
            "effective_from_0": "1",
            "effective_from_1": "4",
            "effective_from_2": "2009",
            "note": "Secretary of State's changes",
        },
    )
    assert response.status_code == 302, response.context and response.context["form"].errors
    first, second = target.versions.order_by("number")
    assert first.effective_to == datetime.date(2009, 3, 31)
    assert second.trajectory()["2010/11"] == D("6600")
    assert "changed to 6000" in agreement.change_log.last().summary
    listing = client.get("/agreements/reference-figures/").content.decode()
    assert "Secretary of State&#x27;s changes" in listing


def test_a_new_figure_through_the_api(client, users, draft, housing):
    # rule A8: a draft's target follows in place
    target = services.target_add(user=users["pm"], agreement=draft, data=relative(housing))
    client.force_login(users["approver"])
    url = f"/agreements/reference-figures/{housing.pk}/values"
    response = api(client, "post", url, {"value": "5000", "effective_from": "2008-04-02"})
    assert response.status_code == 201, response.content
    assert response.json()["recalculated_targets"] == [target.pk]
    assert target.current_version().trajectory()["2010/11"] == D("5500")
    # The same date again: the same verdict as the page.
    again = api(client, "post", url, {"value": "5100", "effective_from": "2008-04-02"})
    page = client.post(
        f"/agreements/reference-figures/{housing.pk}/new-value/",
        {
            "value": "5100",
            "effective_from_0": "2",
            "effective_from_1": "4",
            "effective_from_2": "2008",
        },
    )
    assert (
        api_errors(again)
        == page_errors(page)
        == ["South East Plan housing figure already has a value from that date."]
    )
    assert housing.values.count() == 2


def test_a_performance_manager_cannot_move_the_figure(client, users, housing):
    # rule A8: the figure is set outside the agreement
    client.force_login(users["pm"])
    url = f"/agreements/reference-figures/{housing.pk}/values"
    response = api(client, "post", url, {"value": "9999", "effective_from": "2009-04-01"})
    assert response.status_code == 403
    assert "Government Office" in response.json()["detail"]
    assert housing.values.count() == 1


# --- The revisions API (rules L3–L5) --------------------------------------------------------


def test_a_designated_change_through_the_api(client, users, partners, approved):
    # rules L3, L5: every signed-up partner agrees, then the Secretary of State approves
    agreement, designated, _ = approved
    base = f"/agreements/{agreement.pk}/revisions"
    client.force_login(users["pm"])
    created = api(
        client,
        "post",
        base,
        {"title": "Annual review 2009", "reason": "Stretch NI 112", "effective_from": "2009-04-01"},
    )
    assert created.status_code == 201, created.content
    number = created.json()["number"]
    proposed = {
        "category": "designated",
        "indicator": "NI 112",
        "theme": "children_and_young_people",
        "baseline_value": 50,
        "baseline_period": "2007/08",
        "trajectory": {"2008/09": 51, "2009/10": 53, "2010/11": 55},
        "partners": [
            {"organisation": partners["police"].slug},
            {"organisation": partners["pct"].slug, "coordinating": True},
        ],
    }
    change = api(
        client,
        "post",
        f"{base}/{number}/changes",
        {"action": "change", "target": designated.pk, "proposed": proposed},
    )
    assert change.status_code == 201, change.content
    assert change.json()["needs_secretary_of_state"] is True
    assert api(client, "post", f"{base}/{number}/propose").status_code == 200
    body = api(client, "get", f"{base}/{number}").json()
    assert sorted(body["partners_required"]) == sorted(
        [partners["police"].slug, partners["pct"].slug]
    )
    # Waiting for the PCT: the approver is told who has not agreed.
    client.force_login(users["partner"])
    assert api(client, "post", f"{base}/{number}/agree", {"comment": "Yes"}).status_code == 200
    client.force_login(users["approver"])
    waiting = api(client, "post", f"{base}/{number}/decide", {"decision": "approve"})
    assert "NHS Eastern and Coastal Kent" in waiting.json()["detail"]
    pct_user = users["partner"].__class__.objects.create_user(
        username="pct-officer", password="x", role="partner_officer", organisation=partners["pct"]
    )
    client.force_login(pct_user)
    assert api(client, "post", f"{base}/{number}/agree").status_code == 200
    client.force_login(users["approver"])
    approved_now = api(client, "post", f"{base}/{number}/decide", {"decision": "approve"})
    assert approved_now.status_code == 200, approved_now.content
    assert approved_now.json()["status"]["value"] == RevisionStatus.APPROVED
    assert designated.versions.count() == 2
    assert "NI 112" in agreement.change_log.last().summary


def test_revision_verdicts_are_the_same_on_the_pages_and_through_the_api(client, users, approved):
    # rules L4, L5: the same messages for the same bad input
    agreement, designated, local = approved
    client.force_login(users["pm"])
    base = f"/agreements/{agreement.pk}/revisions"
    outside = {"title": "Late", "reason": "Why not", "effective_from": "2012-04-01"}
    page = client.post(
        f"{base}/new/",
        {
            "title": "Late",
            "reason": "Why not",
            "effective_from_0": "1",
            "effective_from_1": "4",
            "effective_from_2": "2012",
        },
    )
    assert page_errors(page) == api_errors(api(client, "post", base, outside))
    revision = services.revision_create(
        user=users["pm"],
        agreement=agreement,
        title="Drop",
        reason="r",
        effective_from=datetime.date(2009, 4, 1),
    )
    number = revision.number
    page = client.post(f"{base}/{number}/targets/{designated.pk}/drop/", {})
    through_api = api(
        client, "post", f"{base}/{number}/changes", {"action": "drop", "target": designated.pk}
    )
    assert page_errors(page) == api_errors(through_api)
    assert "Only a local target can be dropped" in api_errors(through_api)[0]
    assert not revision.changes.exists()
