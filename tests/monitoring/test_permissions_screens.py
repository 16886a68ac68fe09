"""The permission matrix of the monitoring screens: every page, for every role, anonymous
users, and users of another council or Government Office, on the demo data.

- the dashboard and a target's page: signed-in users who may see the agreement and the
  area's figures before they are public (these screens show unreleased figures: anonymous
  users are sent to sign in, and other areas' users to the public site); a partner also
  sees the page of a target it signed up to; everyone else a 404, so that a draft's
  existence does not leak;
- the rating override: the Government Office of the agreement's region (locality
  manager, Regional Director) and administrators; 403 for others who can see the target,
  a 302 to sign in for anonymous users (rule M1).
"""

from __future__ import annotations

import pytest

from localperf.agreements.models import TargetPartner
from localperf.monitoring.models import RatingOverride
from tests.monitoring.screens_data import (
    as_at_fixture,  # noqa: F401
    demo_fixture,  # noqa: F401
    user,
)

pytestmark = pytest.mark.django_db

USERS = {
    "anon": None,
    "pm_kent": "demo-pm-kent",
    "pm_camden": "demo-pm-camden",
    "pm_other": "demo-pm-manchester",
    "partner_police": "demo-partner-kent-police",
    "partner_nhs_camden": "demo-partner-nhs-camden",
    "go_lm_se": "demo-go-lm-south-east",
    "go_rd_se": "demo-go-rd-south-east",
    "go_lm_london": "demo-go-lm-london",
    "go_rd_london": "demo-go-rd-london",
    "go_lm_nw": "demo-go-lm-north-west",
    "approver": "demo-approver",
    "analyst": "demo-analyst",
    "inspector": "demo-inspector",
    "admin": "demo-admin",
}


def expect(default: int, **overrides: int) -> dict[str, int]:
    return {name: overrides.get(name, default) for name in USERS}


def statuses(client, method: str, url: str, data=None) -> dict[str, int]:
    seen = {}
    for name, username in USERS.items():
        client.logout()
        if username:
            client.force_login(user(username))
        response = client.get(url) if method == "get" else client.post(url, data or {})
        seen[name] = response.status_code
    return seen


def partner_target(agreement, slug: str):
    return (
        TargetPartner.objects.filter(target__agreement=agreement, organisation__slug=slug)
        .select_related("target")
        .first()
        .target
    )


# Kent's agreement is in force: public. Camden's is submitted: only its negotiators, the
# central approvers and the administrators see it.
# Those who may see Kent's agreement but not its figures before they are public (another
# area's council or partner, another region's Government Office) are sent to the public
# page (observations.rights.provisional_areas_for).
KENT_VIEW = expect(
    200,
    anon=302,
    pm_camden=302,
    pm_other=302,
    partner_nhs_camden=302,
    go_lm_london=302,
    go_rd_london=302,
    go_lm_nw=302,
)
CAMDEN_VIEW = expect(
    404, anon=302, pm_camden=200, go_lm_london=200, go_rd_london=200, approver=200, admin=200
)
KENT_OVERRIDE = expect(403, anon=302, go_lm_se=200, go_rd_se=200, admin=200)
CAMDEN_OVERRIDE = expect(
    404,
    anon=302,
    pm_camden=403,
    partner_nhs_camden=403,
    approver=403,
    go_lm_london=200,
    go_rd_london=200,
    admin=200,
)


def test_the_dashboard(client, demo):
    assert statuses(client, "get", f"/agreements/{demo.kent.pk}/dashboard/") == KENT_VIEW
    assert statuses(client, "get", f"/agreements/{demo.camden.pk}/dashboard/") == CAMDEN_VIEW
    assert statuses(client, "get", "/agreements/999999/dashboard/") == expect(404, anon=302)


def test_the_target_page(client, demo):
    kent = partner_target(demo.kent, "kent-police-authority")
    camden = partner_target(demo.camden, "nhs-camden")
    url = "/agreements/{}/targets/{}/progress/"
    assert statuses(client, "get", url.format(demo.kent.pk, kent.pk)) == KENT_VIEW
    # A partner sees a target it signed up to even before the agreement is approved.
    assert statuses(client, "get", url.format(demo.camden.pk, camden.pk)) == {
        **CAMDEN_VIEW,
        "partner_nhs_camden": 200,
    }
    # A target asked for under another agreement is not found.
    assert statuses(client, "get", url.format(demo.camden.pk, kent.pk)) == expect(404, anon=302)


def test_the_override_page(client, demo):
    kent = partner_target(demo.kent, "kent-police-authority")
    camden = partner_target(demo.camden, "nhs-camden")
    url = "/agreements/{}/targets/{}/progress/override/"
    assert statuses(client, "get", url.format(demo.kent.pk, kent.pk)) == KENT_OVERRIDE
    assert statuses(client, "get", url.format(demo.camden.pk, camden.pk)) == CAMDEN_OVERRIDE


def test_recording_an_override(client, demo):
    """Posting an incomplete override: the permitted see the form's errors (200), the
    others are refused; nothing is recorded either way."""
    kent = partner_target(demo.kent, "kent-police-authority")
    camden = partner_target(demo.camden, "nhs-camden")
    url = "/agreements/{}/targets/{}/progress/override/"
    data = {"rating": "green"}
    assert statuses(client, "post", url.format(demo.kent.pk, kent.pk), data) == KENT_OVERRIDE
    assert statuses(client, "post", url.format(demo.camden.pk, camden.pk), data) == CAMDEN_OVERRIDE
    assert not RatingOverride.objects.exists()


def test_only_get_and_post(client, demo):
    client.force_login(user("demo-go-lm-south-east"))
    kent = partner_target(demo.kent, "kent-police-authority")
    base = f"/agreements/{demo.kent.pk}"
    assert client.post(f"{base}/dashboard/").status_code == 405
    assert client.post(f"{base}/targets/{kent.pk}/progress/").status_code == 405
    assert client.put(f"{base}/targets/{kent.pk}/progress/override/").status_code == 405
