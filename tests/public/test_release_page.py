"""The release step through the web (/observations/releases/): the area's performance
manager (or an administrator) publishes provisional figures, which then appear on the
public site; who and when are recorded; anyone else gets 403 and nothing changes; a bad
choice is named on the form; and the web and the API give the same verdict."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import transaction

from localperf.observations.models import Observation, Release
from tests.public.conftest import KENT, MANCHESTER, UNRELEASED_VALUES
from tests.public.test_leaks import body_of

pytestmark = pytest.mark.django_db

URL = "/observations/releases/"
API = "/api/v1/observations/releases"
KENT_2010 = UNRELEASED_VALUES[0]  # Kent's NI 111 for 2010/11, provisional, unreleased


def open_data_kent_2010(client) -> str:
    rows = csv.DictReader(
        io.StringIO(body_of(client.get("/public/open-data/local-area-agreements.csv")))
    )
    kent = [
        r
        for r in rows
        if r["area_code"] == KENT
        and r["indicator"] == "NI 111"
        and r["period"] == "2010/11"
        and r["category"].startswith("Designated")
    ]
    return kent[0]["actual_value"]


def test_the_data_owner_sees_what_waits_and_finds_the_page_from_the_agreement(client, public_data):
    client.force_login(public_data.users["pm-kent"])
    agreement_page = client.get(f"/agreements/{public_data.kent.pk}/").content.decode()
    assert f'href="{URL}?area={KENT}"' in agreement_page
    assert f'href="{URL}"' in client.get("/observations/").content.decode()
    page = client.get(URL, {"area": KENT}).content.decode()
    waiting = page[page.index('id="waiting"') : page.index("</table>", page.index('id="waiting"'))]
    assert "Kent" in waiting and "NI 111" in waiting and "2010/11" in waiting
    assert "Manchester" not in waiting  # not Kent's to release
    assert f'<option value="{KENT}" selected>' in page


def test_releasing_through_the_web_makes_the_figure_public_and_records_who_and_when(
    client, public_data
):
    pm = public_data.users["pm-kent"]
    assert open_data_kent_2010(client) == ""  # hidden from the public before the release
    client.force_login(pm)
    response = client.post(
        URL, {"area": KENT, "measure": "NI 111", "period": "", "note": "Agreed at the board"}
    )
    assert response.status_code == 302 and response.url == URL
    release = Release.objects.latest("released_at")
    assert (release.released_by, release.area.code, release.measure.code) == (
        pm,
        KENT,
        "NI 111",
    )
    assert release.period is None and release.figure_count == 1
    assert release.note == "Agreed at the board" and release.released_at is not None
    page = client.get(URL).content.decode()
    assert "Released 1 provisional figure (Kent, NI 111, every period)" in page
    made = page[page.index('id="releases-made"') :]
    assert pm.display_name in made and "Agreed at the board" in made
    client.logout()
    assert open_data_kent_2010(client) == KENT_2010  # public now
    api = client.get("/api/v1/observations", {"measure": "NI 111", "area": KENT}).json()
    assert float(KENT_2010) in {item["value"] for item in api["items"]}


@pytest.mark.parametrize(
    "username", ["pm-manchester", "partner-kent-police", "go-rd-south-east", "inspector"]
)
def test_anyone_else_is_refused_and_nothing_changes(client, public_data, username):
    client.force_login(public_data.users[username])
    before = Release.objects.count(), Observation.objects.current().unreleased().count()
    response = client.post(URL, {"area": KENT, "measure": "NI 111"})
    assert response.status_code == 403
    assert (Release.objects.count(), Observation.objects.current().unreleased().count()) == before
    client.logout()
    assert open_data_kent_2010(client) == ""


def test_pages_for_people_who_may_release_nothing_are_refused(client, public_data):
    assert client.get(URL).status_code == 302  # sign in first
    client.force_login(public_data.users["analyst"])
    assert client.get(URL).status_code == 403
    assert f'href="{URL}"' not in client.get("/observations/").content.decode()
    # Manchester's manager has its own page, but not Kent's releases.
    client.force_login(public_data.users["pm-manchester"])
    page = client.get(URL).content.decode()
    assert f'<option value="{MANCHESTER}"' in page and f'<option value="{KENT}"' not in page


@pytest.mark.parametrize(
    "data,field,message",
    [
        ({"area": KENT, "measure": "NI 999"}, "measure", "There is no measure with the code"),
        ({"area": "E99999999"}, "area", "There is no area with the code &#x27;E99999999&#x27;"),
        ({"area": KENT, "period": "2099/00"}, "period", "There is no period with the code"),
    ],
)
def test_a_bad_choice_is_named_on_the_form_and_nothing_changes(
    client, public_data, data, field, message
):
    client.force_login(public_data.users["pm-kent"])
    before = Release.objects.count()
    response = client.post(URL, data)
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    assert f'href="#id_{field}"' in page  # the error summary links to the field
    assert Release.objects.count() == before


def test_a_scope_with_nothing_waiting_is_refused_with_its_reason(client, public_data):
    client.force_login(public_data.users["pm-kent"])
    before = Release.objects.count()
    response = client.post(URL, {"area": KENT, "measure": "NI 111", "period": "2008/09"})
    assert response.status_code == 400
    assert "nothing to release" in response.content.decode()
    assert Release.objects.count() == before


WEB_VERDICT = {302: "released", 403: "forbidden", 400: "refused"}
API_VERDICT = {201: "released", 403: "forbidden", 404: "refused", 422: "refused"}
SCOPES = [
    {"area": KENT, "measure": "NI 111"},
    {"area": KENT, "period": "2008/09"},  # nothing waiting there
    {"area": "", "measure": "NI 111"},  # every area: administrators only
    {"area": MANCHESTER},
    {"area": KENT, "measure": "NI 999"},
]


@pytest.mark.parametrize("username", ["pm-kent", "pm-manchester", "admin", "go-lm-south-east"])
def test_the_web_and_the_api_give_the_same_verdict(client, public_data, username):
    client.force_login(public_data.users[username])
    for scope in SCOPES:
        # Each channel starts from the same data: the web's release is rolled back.
        with transaction.atomic():
            web = client.post(URL, scope).status_code
            transaction.set_rollback(True)
        with transaction.atomic():
            api = client.post(API, scope, content_type="application/json").status_code
            transaction.set_rollback(True)
        assert WEB_VERDICT[web] == API_VERDICT[api], (username, scope, web, api)
