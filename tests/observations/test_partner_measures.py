"""A partner officer submits figures only for the measures of the targets its
organisation signed up to in approved or in-force agreements, in those targets' areas
(rule A9), through a file import and the API alike; a row for another measure is
rejected, naming the line, the area and the measure."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from localperf.agreements import services
from localperf.observations.models import ImportBatch, ImportStatus, Observation
from localperf.observations.rights import figure_rights_for
from tests.agreements.factories import target_input, with_partners
from tests.observations.helpers import area, csv_of, measure, row
from tests.observations.kent_returns import KENT, kent_world

pytestmark = pytest.mark.django_db

OWN = {"measure": "NI 112", "area": KENT, "period": "2008/09", "value": 41.5}
NOT_OWN = {**OWN, "measure": "NI 195", "value": 12}
REFUSAL = (
    "You may not write figures for NI 195 in Kent (E10000016): Kent Police Authority supplies "
    "figures only for the measures of the targets it signed up to, in those targets' areas "
    "(rule A9)."
)


@pytest.fixture
def kent(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return kent_world()


def submit(client, observations):
    body = json.dumps({"observations": observations})
    return client.post("/api/v1/observations", body, content_type="application/json")


def test_the_rights_follow_the_targets_signed_up_to_in_their_areas(kent):
    # rule A9: the police authority is signed up to NI 112, Ashford to NI 195, in Kent
    partners, users, *_ = kent
    kent_id = area(KENT).pk
    assert figure_rights_for(users["partner"]).pairs == {(kent_id, measure("NI 112").pk)}
    assert figure_rights_for(users["district"]).pairs == {(kent_id, measure("NI 195").pk)}
    assert kent_id in figure_rights_for(users["pm"]).areas  # any measure in its own area
    assert not figure_rights_for(users["inspector"]).writes_anything


def test_a_draft_agreement_gives_a_partner_nothing_to_submit(kent):
    partners, users, *_ = kent
    manchester = services.agreement_create(user=users["other_pm"])
    services.target_add(
        user=users["other_pm"],
        agreement=manchester,
        data=with_partners(target_input("NI 111"), partners["police"]),
    )
    measures = {m for _, m in figure_rights_for(users["partner"]).pairs}
    assert measure("NI 111").pk not in measures


def test_a_partner_submits_its_own_measure_through_the_api(client, kent):
    _, users, *_ = kent
    client.force_login(users["partner"])
    response = submit(client, [OWN])
    assert response.status_code == 200, response.content
    assert response.json()["created"] == 1


def test_a_partner_is_refused_another_measure_through_the_api(client, kent):
    _, users, *_ = kent
    client.force_login(users["partner"])
    response = submit(client, [OWN, NOT_OWN])
    assert response.status_code == 422
    problems = response.json()["problems"]
    assert [(p["row"], p["column"], p["message"]) for p in problems] == [(2, "area", REFUSAL)]
    assert not Observation.objects.exists()  # all or nothing


def test_a_partner_is_refused_another_measure_in_a_file(client, kent):
    _, users, *_ = kent
    client.force_login(users["partner"])
    content = csv_of(row("NI 112", KENT, value="41.5"), row("NI 195", KENT, value="12"))
    response = client.post(
        reverse("observations:upload"),
        {"file": SimpleUploadedFile("return.csv", content, "text/csv")},
    )
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    assert batch.status == ImportStatus.FAILED or batch.rejected_count == 1
    page = client.get(response["Location"]).content.decode()
    assert REFUSAL.replace("'", "&#x27;") in page
    assert not Observation.objects.exists()


def test_a_partner_file_with_only_its_measures_imports(client, kent):
    _, users, *_ = kent
    client.force_login(users["district"])
    content = csv_of(row("NI 195", KENT, value="12"))
    response = client.post(
        reverse("observations:upload"),
        {"file": SimpleUploadedFile("return.csv", content, "text/csv")},
    )
    batch = ImportBatch.objects.get()
    assert batch.rejected_count == 0, client.get(response["Location"]).content.decode()
    client.post(reverse("observations:confirm", args=[batch.pk]))
    assert Observation.objects.current().get().value == 12
