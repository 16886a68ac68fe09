"""The JSON API and the web pages: the same services, so the same verdicts."""

from __future__ import annotations

import datetime
import json

import pytest

from localperf.agreements import services
from localperf.agreements.models import TargetCategory
from localperf.indicators.models import Indicator
from tests.agreements.factories import make_user, target_input
from tests.agreements.test_rules_targets import designated_codes

pytestmark = pytest.mark.django_db


def api_post(client, url: str, body: dict, method: str = "post"):
    call = client.post if method == "post" else client.put
    return call(f"/api/v1{url}", json.dumps(body), content_type="application/json")


def payload(code: str = "NI 111", **overrides) -> dict:
    body = {
        "category": "designated",
        "indicator": code,
        "theme": "children_and_young_people",
        "title": "Fewer first-time entrants",
        "baseline_value": "1850",
        "baseline_period": "2007/08",
        "trajectory": {"2008/09": "1790", "2009/10": "1730", "2010/11": "1670"},
        "partners": [{"organisation": "test-kent-police-authority", "coordinating": True}],
    }
    body.update(overrides)
    return body


def form_data(body: dict) -> dict:
    """The same input as the web form posts it."""
    data = {
        "category": body["category"],
        "indicator": Indicator.objects.with_code(body["indicator"]).get().pk,
        "theme": body["theme"],
        "title": body.get("title", ""),
        "setting": body.get("setting", "trajectory"),
        "baseline_value": body.get("baseline_value") or "",
        "baseline_period": body.get("baseline_period", ""),
        "baseline_lower": body.get("baseline_lower") or "",
        "baseline_upper": body.get("baseline_upper") or "",
    }
    if body.get("baseline_to_be_confirmed"):
        data["baseline_to_be_confirmed"] = "on"
    for year, value in body.get("trajectory", {}).items():
        data["trajectory_" + year.replace("/", "_")] = value if value is not None else ""
    return data


def web_messages(response) -> list[str]:
    form = response.context["form"]
    return sorted(m for messages in form.errors.values() for m in messages)


def api_messages(response) -> list[str]:
    assert response.status_code == 422, response.content
    return sorted(e["message"] for e in response.json()["errors"])


# --- API -------------------------------------------------------------------------


def test_an_editor_builds_a_draft_through_the_api(client, users):
    client.force_login(users["pm"])
    created = api_post(client, "/agreements", {"term": "2008-11"})
    assert created.status_code == 201, created.content
    agreement = created.json()
    assert (agreement["area"], agreement["status"]["value"]) == ("E10000016", "draft")
    added = api_post(client, f"/agreements/{agreement['id']}/targets", payload())
    assert added.status_code == 201, added.content
    target = added.json()
    assert target["indicator"] == "NI 111"
    assert target["version"]["trajectory"] == {"2008/09": 1790, "2009/10": 1730, "2010/11": 1670}
    assert target["partners"][0]["duty"]["value"] == "partner_authority"
    assert target["whole_area"] is True

    changed = api_post(
        client,
        f"/agreements/{agreement['id']}/targets/{target['id']}",
        payload(title="Changed", trajectory={"2008/09": 1800, "2009/10": 1700, "2010/11": 1600}),
        method="put",
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["title"] == "Changed"
    detail = client.get(f"/api/v1/agreements/{agreement['id']}").json()
    assert detail["counts"] == {"designated": 1, "statutory": 0, "local": 0}
    assert detail["allowed_actions"] == ["submit"] and detail["can_edit"] is True

    submitted = api_post(client, f"/agreements/{agreement['id']}/actions", {"action": "submit"})
    assert submitted.json()["status"]["value"] == "submitted"
    again = api_post(client, f"/agreements/{agreement['id']}/targets", payload("NI 112"))
    assert again.status_code == 403
    assert "cannot be edited directly" in again.json()["detail"]


def test_unknown_codes_are_named(client, users, draft):
    client.force_login(users["pm"])
    response = api_post(
        client,
        f"/agreements/{draft.pk}/targets",
        payload("NI 999", partners=[{"organisation": "nobody"}], scope_areas=["X1"]),
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "indicator", "message": "There is no indicator with the code 'NI 999'."},
        {"field": "scope_areas", "message": "There is no area with the code 'X1'."},
        {"field": "partners", "message": "There is no organisation 'nobody'."},
    ]


def test_trajectory_errors_name_the_year(client, users, draft):
    client.force_login(users["pm"])
    body = payload(trajectory={"2008/09": 1, "2010/11": 3})
    response = api_post(client, f"/agreements/{draft.pk}/targets", body)
    assert [e["field"] for e in response.json()["errors"]] == ["trajectory.2009/10"]


def test_the_api_gives_the_version_in_force_on_a_day(client, approved, users):
    # later monitoring asks for the target "as at" each period
    agreement, designated, _ = approved
    url = f"/api/v1/agreements/{agreement.pk}/targets/{designated.pk}"
    assert client.get(url, {"as_at": "2008-03-31"}).json()["version"] is None
    assert client.get(url, {"as_at": "2009-01-01"}).json()["version"]["number"] == 1
    events = client.get(f"/api/v1/agreements/{agreement.pk}/events").json()
    assert [e["to_status"] for e in events if e["to_status"]] == [
        "submitted",
        "recommended",
        "approved",
    ]


def test_the_api_lists_commitments(client, approved, users):
    client.force_login(users["partner"])
    commitments = client.get("/api/v1/agreements/commitments").json()
    assert [(c["indicator"], c["duty"]["value"]) for c in commitments] == [
        ("NI 112", "partner_authority")
    ]


# --- The same verdict through the web and the API -----------------------------------------


BAD_INPUTS = {
    # rule D3
    "statutory indicator as designated": payload("NI 75"),
    # rule A5
    "missing year": payload(trajectory={"2008/09": "1790", "2009/10": "", "2010/11": "1670"}),
    # rule A10
    "survey target inside the interval": payload(
        "NI 195",
        theme="economic_development_and_environment",
        baseline_value="12",
        baseline_lower="10.5",
        baseline_upper="13.5",
        trajectory={"2008/09": "11.5", "2009/10": "11", "2010/11": "10.6"},
    ),
    # rule A5, D2
    "placeholder for an indicator reported from the start": payload(
        setting="placeholder", trajectory={}
    ),
    # baseline and interval
    "baseline outside its interval": payload(
        "NI 195",
        theme="economic_development_and_environment",
        baseline_value="15",
        baseline_lower="10.5",
        baseline_upper="13.5",
        trajectory={"2008/09": "11", "2009/10": "10", "2010/11": "9"},
    ),
}


def without_blanks(body: dict) -> dict:
    """A blank year is ``null`` in JSON, an empty box on the form."""
    trajectory = {y: (v if v != "" else None) for y, v in body["trajectory"].items()}
    return {**body, "trajectory": trajectory}


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_web_and_api_give_the_same_verdict(client, users, draft, case):
    body = without_blanks(BAD_INPUTS[case])
    client.force_login(users["pm"])
    api = api_messages(api_post(client, f"/agreements/{draft.pk}/targets", body))
    page = client.post(f"/agreements/{draft.pk}/targets/new/", form_data(body))
    assert page.status_code == 200
    assert web_messages(page) == api
    assert api  # a verdict, not an empty list
    assert draft.targets.count() == 0


def test_a_duplicate_and_a_36th_target_get_the_same_verdict(client, users, draft):
    # rule A2 and the duplicate rule
    for code in designated_codes(35):
        services.target_add(user=users["pm"], agreement=draft, data=target_input(code))
    client.force_login(users["pm"])
    for body in (payload(designated_codes(36)[35]), payload(designated_codes(1)[0])):
        api = api_messages(api_post(client, f"/agreements/{draft.pk}/targets", body))
        page = client.post(f"/agreements/{draft.pk}/targets/new/", form_data(body))
        assert web_messages(page) == api
    assert draft.targets.count() == 35


# --- Pages -------------------------------------------------------------------------


def test_a_form_with_errors_has_a_summary_and_says_error_in_its_title(client, users, draft):
    client.force_login(users["pm"])
    body = without_blanks(BAD_INPUTS["missing year"])
    response = client.post(f"/agreements/{draft.pk}/targets/new/", form_data(body))
    html = response.content.decode()
    assert "<title>Error: Add a target – localperf</title>" in html
    assert 'class="govuk-error-summary"' in html
    assert 'href="#id_trajectory_2009_10"' in html
    assert 'id="id_trajectory_2009_10"' in html


def test_a_performance_manager_drafts_through_the_pages(client, users):
    client.force_login(users["pm"])
    response = client.post("/agreements/new/", {"term": "2008-11"})
    assert response.status_code == 302
    agreement_url = response["Location"]
    agreement_id = int(agreement_url.strip("/").split("/")[-1])
    body = payload(
        "NI 39",
        theme="safer_and_stronger_communities",
        baseline_value="50",
        trajectory={"2008/09": "51", "2009/10": "52", "2010/11": "53"},
    )
    response = client.post(f"/agreements/{agreement_id}/targets/new/", form_data(body), follow=True)
    html = response.content.decode()
    assert "Target on NI 39 saved." in html
    assert "flagged as not stretching" in html  # a worse-than-baseline target is flagged
    assert "Not stretching" in html
    response = client.post(
        f"/agreements/{agreement_id}/steps/submit/", {"comment": ""}, follow=True
    )
    assert "Submitted to the Government Office." in response.content.decode()


def test_returning_without_a_comment_is_refused_on_the_page(client, users, draft_with_target):
    agreement, _ = draft_with_target
    services.agreement_submit(user=users["pm"], agreement=agreement)
    client.force_login(users["go_lm"])
    response = client.post(f"/agreements/{agreement.pk}/steps/return/", {"comment": ""})
    assert response.status_code == 200
    assert web_messages(response) == [
        "Enter your comments: say what needs to change before the agreement is submitted again."
    ]
    response = client.post(f"/agreements/{agreement.pk}/steps/return/", {"comment": "Add NI 123."})
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == "returned"


def test_the_agreement_page_groups_targets_and_shows_the_history(client, approved, users):
    # The overview, its Targets page (grouped by theme, rule A11) and its History page.
    agreement, _, _ = approved
    html = "".join(
        client.get(f"/agreements/{agreement.pk}/{page}").content.decode()
        for page in ("", "targets/", "history/")
    )
    for text in [
        "Children and Young People",
        "Economic Development and the Environment",
        "Approved by the Secretary of State",
        "Published change log",
        "Agreement approved by the Secretary of State with 1 designated",
        "Kent Police Authority",
    ]:
        assert text in html, text


def test_a_revision_through_the_pages(client, approved, users):
    # rules L4, L5 through the web: start, add a local target, propose, agree, approve
    agreement, _, local = approved
    client.force_login(users["pm"])
    response = client.post(
        f"/agreements/{agreement.pk}/revisions/new/",
        {
            "title": "Drop NI 195",
            "reason": "Replaced by a district measure.",
            "effective_from_0": "1",
            "effective_from_1": "10",
            "effective_from_2": "2008",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    revision_url = response["Location"]
    response = client.post(f"{revision_url}targets/{local.pk}/drop/", {"comment": ""})
    assert response.status_code == 302
    response = client.post(f"{revision_url}propose/", follow=True)
    assert "Revision 1 proposed." in response.content.decode()
    client.force_login(users["district"])
    assert client.post(f"{revision_url}agree/", {"comment": "Agreed"}).status_code == 302
    client.force_login(users["pm"])
    response = client.post(f"{revision_url}decide/", {"decision": "approve"}, follow=True)
    assert "Revision 1 approved." in response.content.decode()
    local.refresh_from_db()
    assert local.status == "dropped"


def test_a_district_performance_manager_cannot_create_an_agreement(client, db):
    # rule A12
    user = make_user("performance_manager", _org("dover-district-council"), "dover")
    client.force_login(user)
    response = client.get("/agreements/new/")
    assert response.status_code == 403
    assert b"District councils sign up" in response.content


def _org(slug):
    from localperf.organisations.models import Organisation

    return Organisation.objects.get(slug=slug)


def test_history_is_kept_for_every_change(client, users, draft_with_target):
    agreement, target = draft_with_target
    client.force_login(users["pm"])
    body = payload("NI 112", trajectory={"2008/09": 49, "2009/10": 45, "2010/11": 40})
    api_post(client, f"/agreements/{agreement.pk}/targets/{target.pk}", body, method="put")
    version = target.current_version()
    history = version.trajectory_values.get(year="2010/11").history.order_by("history_date")
    assert [h.value for h in history] == [47, 40]
    assert history.last().history_user == users["pm"]
    assert target.category == TargetCategory.DESIGNATED
    assert datetime.date(2008, 4, 1) == version.effective_from


def test_the_indicator_page_can_list_the_agreements_using_it(rf, approved):
    # the snippet the indicator page includes in its {% block indicator_usage %}
    from django.contrib.auth.models import AnonymousUser
    from django.template import Context, Template

    request = rf.get("/indicators/ni-112/")
    request.user = AnonymousUser()
    template = Template(
        "{% load agreement_tags %}{% agreements_using indicator as usage %}"
        '{% include "agreements/includes/indicator_usage.html" %}'
    )
    html = template.render(
        Context({"request": request, "indicator": Indicator.objects.get(number=112)})
    )
    assert "Kent Local Area Agreement 2008–11" in html
    assert "designated target" in html
