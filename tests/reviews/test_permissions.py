"""The permission matrix: every page and endpoint of the reviews area, for every role,
anonymous users and users of an unrelated council or Government Office.

Conventions (as in tests/agreements/test_permissions.py): 404 when the user may not see
the agreement at all; 403 when they can see it but not this page or action; anonymous
users are sent to sign in (302) by pages and get 401 from the API.

The users (tests/agreements/factories.py): ``pm`` Kent County Council; ``partner`` Kent
Police Authority (signed up to NI 112); ``district`` Ashford Borough Council (signed up
to the local NI 195); ``go_lm``/``go_rd`` GO South East; ``other_pm`` Manchester;
``other_go`` GO for London; central ``approver`` and ``analyst``; ``inspector``; ``admin``.
"""

from __future__ import annotations

import json

import pytest

from localperf.agreements import services as agreement_services
from localperf.reviews.models import UnderPerformanceStep

pytestmark = pytest.mark.django_db

ROLES = [
    "anon",
    "partner",
    "district",
    "go_lm",
    "go_rd",
    "approver",
    "analyst",
    "inspector",
    "admin",
    "other_pm",
    "other_go",
    "pm",
]


def expect(default: int, **overrides: int) -> dict[str, int]:
    return {role: overrides.get(role, default) for role in ROLES}


def statuses(client, users, method: str, url: str, data=None, *, json_body=False):
    seen = {}
    for role in ROLES:
        client.logout()
        if role != "anon":
            client.force_login(users[role])
        if method == "get":
            response = client.get(url)
        elif json_body:
            response = client.post(url, json.dumps(data), content_type="application/json")
        else:
            response = client.post(url, data)
        seen[role] = response.status_code
    return seen


STEP_FORM = {
    "step": "external_support",
    "reason": "Off trajectory on NI 112 for a year.",
    "taken_on_0": "2",
    "taken_on_1": "3",
    "taken_on_2": "2009",
}
STEP_JSON = {"step": "external_support", "reason": "Off trajectory.", "taken_on": "2009-03-02"}

# rule M4: the partnership (council and partners), its GO and central government see the
# steps; inspectors, other councils and other GOs see the agreement but not the steps.
SEE_STEPS = expect(
    200, anon=302, inspector=403, other_pm=403, other_go=403
)  # a published agreement
RECORD = expect(403, anon=302, go_lm=200, go_rd=200, admin=200)


@pytest.mark.parametrize(
    ("name", "method", "path", "data", "expected"),
    [
        ("timetable page", "get", "/timetable/", None, expect(200)),
        ("home page", "get", "/", None, expect(200)),
        ("steps page", "get", "/agreements/{a}/under-performance/", None, SEE_STEPS),
        ("record page", "get", "/agreements/{a}/under-performance/new/", None, RECORD),
        (
            "record a step",
            "post",
            "/agreements/{a}/under-performance/new/",
            STEP_FORM,
            expect(403, anon=302, go_lm=302, go_rd=302, admin=302),
        ),
    ],
)
def test_pages_on_an_approved_agreement(
    client, users, approved, name, method, path, data, expected
):
    agreement, _, _ = approved
    url = path.format(a=agreement.pk)
    assert statuses(client, users, method, url, data) == expected, name


def test_only_the_allowed_roles_recorded_steps(client, users, approved):
    agreement, _, _ = approved
    statuses(client, users, "post", f"/agreements/{agreement.pk}/under-performance/new/", STEP_FORM)
    assert sorted(s.recorded_by.username for s in UnderPerformanceStep.objects.all()) == [
        "test-admin",
        "test-go_lm",
        "test-go_rd",
    ]


@pytest.mark.parametrize(
    ("name", "method", "path", "data", "expected"),
    [
        ("API timetable", "get", "/api/v1/timetable", None, expect(200)),
        (
            "API steps",
            "get",
            "/api/v1/agreements/{a}/under-performance",
            None,
            {**SEE_STEPS, "anon": 401},
        ),
        (
            "API record a step",
            "post",
            "/api/v1/agreements/{a}/under-performance",
            STEP_JSON,
            expect(403, anon=401, go_lm=201, go_rd=201, admin=201),
        ),
    ],
)
def test_endpoints_on_an_approved_agreement(
    client, users, approved, name, method, path, data, expected
):
    agreement, _, _ = approved
    url = path.format(a=agreement.pk)
    assert statuses(client, users, method, url, data, json_body=True) == expected, name


# A draft: only its negotiators see it (404 for everyone else); nobody records a step
# before approval, not even its Government Office.
DRAFT_SEEN = expect(404, anon=302, pm=200, go_lm=200, go_rd=200, admin=200)
DRAFT_RECORD = expect(404, anon=302, pm=403, go_lm=403, go_rd=403, admin=403)


@pytest.mark.parametrize(
    ("name", "method", "path", "data", "expected", "json_body"),
    [
        ("steps page", "get", "/agreements/{a}/under-performance/", None, DRAFT_SEEN, False),
        ("record page", "get", "/agreements/{a}/under-performance/new/", None, DRAFT_RECORD, False),
        (
            "record a step",
            "post",
            "/agreements/{a}/under-performance/new/",
            STEP_FORM,
            DRAFT_RECORD,
            False,
        ),
        (
            "API steps",
            "get",
            "/api/v1/agreements/{a}/under-performance",
            None,
            {**DRAFT_SEEN, "anon": 401},
            True,
        ),
        (
            "API record a step",
            "post",
            "/api/v1/agreements/{a}/under-performance",
            STEP_JSON,
            {**DRAFT_RECORD, "anon": 401},
            True,
        ),
    ],
)
def test_a_draft(client, users, name, method, path, data, expected, json_body):
    draft = agreement_services.agreement_create(user=users["pm"])
    url = path.format(a=draft.pk)
    assert statuses(client, users, method, url, data, json_body=json_body) == expected, name
    assert not UnderPerformanceStep.objects.exists()


def test_the_refusals_say_why(client, users, approved):
    agreement, _, _ = approved
    client.force_login(users["inspector"])
    page = client.get(f"/agreements/{agreement.pk}/under-performance/")
    assert "shared with its partnership, its Government Office" in page.content.decode()
    client.force_login(users["other_go"])
    response = client.post(
        f"/api/v1/agreements/{agreement.pk}/under-performance",
        json.dumps(STEP_JSON),
        content_type="application/json",
    )
    assert response.json() == {
        "detail": "Only the Government Office for South East can record a step for "
        "under-performance on this agreement."
    }


def test_the_agreement_page_links_the_steps_only_for_those_who_may_see_them(
    client, users, approved
):
    agreement, _, _ = approved
    for role in ROLES:
        client.logout()
        if role != "anon":
            client.force_login(users[role])
        page = client.get(f"/agreements/{agreement.pk}/").content.decode()
        linked = f"/agreements/{agreement.pk}/under-performance/" in page
        assert linked == (SEE_STEPS[role] == 200), role
