"""The release step: provisional figures stay hidden from the public until the area's
performance manager (or an administrator) releases them; who and when are recorded."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from localperf.observations.models import Observation, Release, ReportingPeriod
from localperf.observations.selectors import observation_list
from localperf.observations.services import observations_release
from tests.observations.helpers import area, measure, row
from tests.public.conftest import (
    FINAL_VALUE,
    KENT,
    MANCHESTER,
    RELEASED_VALUE,
    UNRELEASED_VALUES,
    _import,
)

pytestmark = pytest.mark.django_db

# Demo username (without "demo-") → may release Kent's figures.
KENT_RELEASE = {
    "pm-kent": True,
    "pm-manchester": False,
    "pm-camden": False,
    "partner-kent-police": False,
    "partner-ashford": False,
    "partner-kent-cvs": False,
    "go-lm-south-east": False,
    "go-rd-south-east": False,
    "approver": False,
    "analyst": False,
    "inspector": False,
    "admin": True,
}


def public_values(**filters) -> set[float]:
    return {
        o.value
        for o in observation_list()
        if all(getattr(o, k).code == v for k, v in filters.items())
    }


def test_the_public_sees_final_and_released_figures_only(public_data):
    shown = {round(o.value, 4) for o in observation_list()}
    assert float(FINAL_VALUE) in shown
    assert float(RELEASED_VALUE) in shown
    assert not shown & {float(v) for v in UNRELEASED_VALUES}
    everything = {round(o.value, 4) for o in observation_list(provisional_areas=None)}
    assert {float(v) for v in UNRELEASED_VALUES} <= everything


@pytest.mark.parametrize("username,allowed", sorted(KENT_RELEASE.items()))
def test_who_may_release_kents_figures(public_data, username, allowed):
    user = public_data.users[username]
    before = Release.objects.count()
    if allowed:
        release = observations_release(user=user, area=area(KENT), note="Checked by the team")
        assert release.released_by == user and release.released_at is not None
        # Kent's 2010/11 figure, and the demo's NI 155 2009/10 H1 still waiting
        assert release.figure_count == 2
        assert Release.objects.count() == before + 1
    else:
        with pytest.raises(PermissionDenied, match="performance manager of Kent"):
            observations_release(user=user, area=area(KENT))
        assert Release.objects.count() == before


def test_a_performance_manager_may_release_the_districts_of_its_county(public_data):
    _import(
        public_data.users["admin"],
        row("NI 111", "E07000105", "2008/09", value="12", status="provisional"),
    )
    release = observations_release(user=public_data.users["pm-kent"], area=area("E07000105"))
    assert release.figure_count == 1


def test_only_an_administrator_may_release_every_area_at_once(public_data):
    with pytest.raises(PermissionDenied, match="Only an administrator"):
        observations_release(user=public_data.users["pm-kent"])
    release = observations_release(user=public_data.users["admin"], measure=measure("NI 111"))
    assert release.figure_count == 3
    assert not Observation.objects.current().unreleased().filter(measure=measure("NI 111")).exists()


def test_nothing_waiting_is_refused_and_nothing_is_recorded(public_data):
    before = Release.objects.count()
    with pytest.raises(ValidationError, match="no unreleased provisional figures for NI 111"):
        observations_release(
            user=public_data.users["pm-kent"],
            area=area(KENT),
            measure=measure("NI 111"),
            period=ReportingPeriod.objects.get(label="2009/10"),
        )
    assert Release.objects.count() == before


def test_a_correction_after_a_release_waits_for_the_next_release(public_data):
    # The released 2009/10 Kent figure is corrected, still provisional: the public keeps
    # seeing nothing new until someone releases again.
    _import(
        public_data.users["admin"],
        row("NI 111", KENT, "2009/10", value="1699.5", status="provisional"),
    )
    assert 1699.5 not in {o.value for o in observation_list()}
    observations_release(
        user=public_data.users["pm-kent"],
        area=area(KENT),
        period=ReportingPeriod.objects.get(label="2009/10"),
    )
    assert 1699.5 in {o.value for o in observation_list()}


def test_signed_in_users_keep_seeing_provisional_figures(client, public_data):
    client.force_login(public_data.users["inspector"])
    body = client.get("/api/v1/observations", {"measure": "NI 111", "page_size": 100}).json()
    assert {float(v) for v in UNRELEASED_VALUES} <= {item["value"] for item in body["items"]}


def test_the_history_of_a_figure_hides_unreleased_versions_from_the_public(client, public_data):
    _import(
        public_data.users["admin"],
        row("NI 111", MANCHESTER, "2008/09", value="1400", status="final"),
    )
    key = {"measure": "NI 111", "area": MANCHESTER, "period": "2008/09"}
    public = client.get("/api/v1/observations/history", key).json()
    assert [v["value"] for v in public] == [1400]
    page = client.get("/observations/figures/history/", key).content.decode()
    assert UNRELEASED_VALUES[2] not in page
    client.force_login(public_data.users["inspector"])
    inside = client.get("/api/v1/observations/history", key).json()
    assert [v["value"] for v in inside] == [1400, float(UNRELEASED_VALUES[2])]


API_RELEASE = {
    None: 401,
    "pm-kent": 201,
    "pm-manchester": 403,
    "partner-kent-police": 403,
    "go-rd-south-east": 403,
    "approver": 403,
    "analyst": 403,
    "inspector": 403,
    "admin": 201,
}


@pytest.mark.parametrize("username,expected", sorted(API_RELEASE.items(), key=str))
def test_releasing_through_the_api(client, public_data, username, expected):
    if username:
        client.force_login(public_data.users[username])
    response = client.post(
        "/api/v1/observations/releases",
        {"area": KENT, "measure": "NI 111", "note": "Agreed at the board"},
        content_type="application/json",
    )
    assert response.status_code == expected, response.content
    if expected == 201:
        body = response.json()
        assert body["figure_count"] == 1 and body["area"] == KENT
        listing = client.get("/api/v1/observations/releases").json()["items"]
        assert listing[0]["released_by"] == public_data.users[username].display_name


def test_the_api_names_what_is_wrong(client, public_data):
    client.force_login(public_data.users["admin"])
    unknown = client.post(
        "/api/v1/observations/releases", {"area": "E99999999"}, content_type="application/json"
    )
    assert unknown.status_code == 404 and "E99999999" in unknown.json()["detail"]
    nothing = client.post(
        "/api/v1/observations/releases",
        {"area": KENT, "period": "2008/09"},
        content_type="application/json",
    )
    assert nothing.status_code == 422 and "nothing to release" in nothing.json()["detail"]


def test_a_release_is_dated_by_the_sites_clock(public_data, settings, client):
    # One clock: replaying 30 November 2009, a release is of that day (its business
    # date), while it still covers every figure recorded before its real moment.
    settings.LOCALPERF_AS_AT = "2009-11-30"
    user = public_data.users["pm-kent"]
    release = observations_release(user=user, area=area(KENT))
    assert release.released_on.isoformat() == "2009-11-30"
    assert release.figure_count == 2  # the figures recorded today (real) are covered
    assert not Observation.objects.current().unreleased().filter(area=area(KENT)).exists()
    client.force_login(user)
    page = client.get("/observations/releases/").content.decode()
    assert "30 Nov 2009" in page
