"""The observations API: read figures and their history; submit (an idempotent upsert on
the natural key) with the same checks, messages and permissions as the web."""

import json

import pytest

from localperf.indicators.models import Measure
from localperf.observations.models import Observation
from tests.observations.helpers import csv_of, row

pytestmark = pytest.mark.django_db

URL = "/api/v1/observations"


def submit(client, observations, **extra):
    body = {"observations": observations, **extra}
    return client.post(URL, json.dumps(body), content_type="application/json")


FIGURE = {"measure": "NI 157a", "area": "E06000001", "period": "2008/09", "value": 75.5}


def test_submitting_needs_a_signed_in_user(client):
    response = submit(client, [FIGURE])
    assert response.status_code == 401
    assert not Observation.objects.exists()


def test_submitting_needs_a_role_that_may(client, inspector):
    client.force_login(inspector)
    response = submit(client, [FIGURE])
    assert response.status_code == 403
    assert response.json() == {"detail": "Your role cannot submit figures."}


def test_a_submission_is_an_idempotent_upsert_on_the_natural_key(client, provider):
    client.force_login(provider)
    first = submit(client, [FIGURE, {**FIGURE, "area": "00EC", "value": "70"}])
    assert first.status_code == 200, first.content
    assert first.json()["created"] == 2 and first.json()["status"] == "committed"
    again = submit(client, [FIGURE, {**FIGURE, "area": "E06000002", "value": 70}])
    assert again.json()["unchanged"] == 2 and again.json()["created"] == 0
    corrected = submit(client, [{**FIGURE, "value": 76}], reason="Recount")
    assert corrected.json()["updated"] == 1
    assert Observation.objects.count() == 3 and Observation.objects.current().count() == 2


def test_a_rejected_row_rejects_the_submission_with_the_same_messages_as_a_file(
    client, manager, load
):
    client.force_login(manager)
    response = submit(client, [FIGURE, {**FIGURE, "area": "E06O00002", "value": "45%"}])
    assert response.status_code == 422
    body = response.json()
    assert body["rejected"] == 1 and not Observation.objects.exists()
    problems = {(p["row"], p["column"]): p for p in body["problems"]}
    assert problems[(2, "area")]["suggestion"] == "E06000002"
    assert "leave out the % sign" in problems[(2, "value")]["message"]
    from_a_file = load(csv_of(row(area="E06O00002", value="45%")), dry_run=True)
    assert {p.message for p in from_a_file.problems} == {p["message"] for p in body["problems"]}


def test_a_dry_run_submission_saves_nothing(client, manager):
    client.force_login(manager)
    response = submit(client, [FIGURE], dry_run=True)
    assert response.status_code == 200 and response.json()["status"] == "dry_run"
    assert response.json()["created"] == 1 and not Observation.objects.exists()


def test_a_partner_officer_signed_up_to_nothing_may_submit_nothing(client, partner):
    # rule A9: the partner's right is the targets it signed up to (tests/observations/
    # test_rights.py goes through every role and area)
    client.force_login(partner)
    refused = submit(client, [FIGURE])
    assert refused.status_code == 422
    assert refused.json()["problems"][0]["message"].startswith(
        "You may not write figures for NI 157a in Hartlepool (E06000001): "
    )
    assert not Observation.objects.exists()


def test_awkward_text_is_rejected_with_reasons_not_errors(client, manager):
    client.force_login(manager)
    awkward = {**FIGURE, "area": "E06\x0000001", "note": "nul \x00 byte", "group": "\x00"}
    response = submit(client, [awkward, {**FIGURE, "value": "NaN"}], reason="why\x00")
    assert response.status_code == 422
    columns = {(p["row"], p["column"]) for p in response.json()["problems"]}
    assert {(1, "area"), (1, "note"), (1, "group"), (2, "value")} <= columns
    assert not Observation.objects.exists()


def test_the_body_is_validated(client, manager):
    client.force_login(manager)
    assert submit(client, []).status_code == 422
    response = client.post(URL, "not json", content_type="application/json")
    assert response.status_code in {400, 422}


def test_reading_figures_by_code_filters(client, load):
    load(
        csv_of(
            row(area="E06000001", status="final"),
            row(area="E06000002", group="sex:female", status="final"),
            row(measure="NI 157b", value=3, status="final"),
        )
    )
    everything = client.get(URL).json()
    assert everything["count"] == 3
    by_area = client.get(URL, {"area": "00EC"}).json()
    assert [i["group"] for i in by_area["items"]] == ["sex:female"]
    assert client.get(URL, {"measure": "ni 157b"}).json()["items"][0]["value"] == 3.0
    assert client.get(URL, {"group": "all"}).json()["count"] == 2
    missing = client.get(URL, {"measure": "NI 999"})
    assert missing.status_code == 404 and "NI 999" in missing.json()["detail"]


def test_provisional_figures_are_read_only_by_signed_in_users(client, load, manager):
    load(csv_of(row(status="provisional")))
    assert client.get(URL).json()["count"] == 0
    client.force_login(manager)
    item = client.get(URL).json()["items"][0]
    assert item["status"] == {"value": "provisional", "label": "Provisional"}


def test_the_history_of_a_figure(client, load):
    load(csv_of(row(value=70, status="final")))
    load(csv_of(row(value=71, status="final")), reason="Revised return")
    history = client.get(
        f"{URL}/history", {"measure": "NI 157a", "area": "E06000001", "period": "2008/09"}
    ).json()
    assert [(v["value"], v["is_current"]) for v in history] == [(71.0, True), (70.0, False)]
    assert history[0]["supersedes"] == history[1]["id"]
    assert history[0]["correction_reason"] == "Revised return"


def test_the_schema_documents_the_submission(client):
    schema = client.get("/api/v1/openapi.json").json()
    post = schema["paths"][URL]["post"]
    assert {"200", "401", "403", "409", "422"} <= set(post["responses"])
    assert f"{URL}/history" in schema["paths"]


def test_measures_are_known_to_the_api(db):
    assert Measure.objects.count() > 198
