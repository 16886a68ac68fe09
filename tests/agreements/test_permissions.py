"""The permission matrix: every page and endpoint of the agreements app, for every role,
anonymous users and users of an unrelated council or Government Office.

Conventions (see localperf/agreements/permissions.py):
- 404 when the user may not see the object at all (a draft's existence does not leak);
- 403 when they can see it but may not act on it;
- anonymous users: 302 to sign in on pages that need an account, 401 from the API.
Each row lists the roles in the order they are tried; a role allowed to change state
comes last, so that the others are tried on the same state.
"""

from __future__ import annotations

import datetime
import json

import pytest

from localperf.agreements import services
from localperf.agreements.models import TargetCategory
from tests.agreements.factories import target_input, with_partners

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
            call = client.post if method == "post" else client.put
            response = call(url, json.dumps(data or {}), content_type="application/json")
        else:
            response = client.post(url, data or {})
        seen[role] = response.status_code
    return seen


@pytest.fixture
def kent_draft(draft_with_target):
    return draft_with_target


def target_payload(code: str = "NI 111") -> dict:
    return {
        "category": "designated",
        "indicator": code,
        "theme": "children_and_young_people",
        "baseline_value": 50,
        "baseline_period": "2007/08",
        "trajectory": {"2008/09": 49, "2009/10": 48, "2010/11": 47},
    }


# --- A draft: only the negotiators see it --------------------------------------------

VIEW_DRAFT = expect(404, pm=200, go_lm=200, go_rd=200, admin=200)
EDIT_DRAFT_PAGE = expect(404, anon=302, pm=200, go_lm=403, go_rd=403, admin=403)


@pytest.mark.parametrize(
    ("name", "method", "path", "expected"),
    [
        ("agreement list", "get", "/agreements/", expect(200)),
        ("create page", "get", "/agreements/new/", expect(403, anon=302, pm=200, other_pm=200)),
        ("agreement page", "get", "/agreements/{a}/", VIEW_DRAFT),
        ("add target page", "get", "/agreements/{a}/targets/new/", EDIT_DRAFT_PAGE),
        ("edit target page", "get", "/agreements/{a}/targets/{t}/edit/", EDIT_DRAFT_PAGE),
        ("add outcome page", "get", "/agreements/{a}/outcomes/new/", EDIT_DRAFT_PAGE),
        # Partners see the targets they signed up to, even in a draft.
        ("target page", "get", "/agreements/{a}/targets/{t}/", {**VIEW_DRAFT, "partner": 200}),
        ("submit page", "get", "/agreements/{a}/steps/submit/", EDIT_DRAFT_PAGE),
        (
            "return page (draft)",
            "get",
            "/agreements/{a}/steps/return/",
            expect(404, anon=302, pm=403, go_lm=403, go_rd=403, admin=403),
        ),
        (
            "no such step",
            "get",
            "/agreements/{a}/steps/explode/",
            expect(404, anon=302),
        ),
        ("my commitments", "get", "/my-commitments/", expect(200, anon=302)),
        ("API list", "get", "/api/v1/agreements", expect(200)),
        ("API agreement", "get", "/api/v1/agreements/{a}", VIEW_DRAFT),
        ("API targets", "get", "/api/v1/agreements/{a}/targets", VIEW_DRAFT),
        ("API events", "get", "/api/v1/agreements/{a}/events", VIEW_DRAFT),
        (
            "API target",
            "get",
            "/api/v1/agreements/{a}/targets/{t}",
            {**VIEW_DRAFT, "partner": 200},
        ),
        ("API commitments", "get", "/api/v1/agreements/commitments", expect(200, anon=401)),
    ],
)
def test_reading_a_draft(client, users, kent_draft, name, method, path, expected):
    agreement, target = kent_draft
    url = path.format(a=agreement.pk, t=target.pk)
    assert statuses(client, users, method, url) == expected, name


@pytest.mark.parametrize(
    ("name", "method", "path", "data", "expected"),
    [
        (
            "submit",
            "post",
            "/agreements/{a}/steps/submit/",
            {"comment": ""},
            expect(404, anon=302, pm=302, go_lm=403, go_rd=403, admin=403),
        ),
        (
            "add outcome",
            "post",
            "/agreements/{a}/outcomes/new/",
            {"theme": "children_and_young_people", "title": "Healthy children"},
            expect(404, anon=302, pm=302, go_lm=403, go_rd=403, admin=403),
        ),
        (
            "create agreement",
            "post",
            "/agreements/new/",
            {"term": "2008-11"},
            # Kent has its draft already: the form says so (200 with the error).
            expect(403, anon=302, pm=200, other_pm=302),
        ),
    ],
)
def test_changing_a_draft_through_the_pages(
    client, users, kent_draft, name, method, path, data, expected
):
    agreement, target = kent_draft
    url = path.format(a=agreement.pk, t=target.pk)
    assert statuses(client, users, method, url, data) == expected, name


@pytest.mark.parametrize(
    ("name", "method", "path", "data", "expected"),
    [
        (
            "API add target",
            "post",
            "/api/v1/agreements/{a}/targets",
            target_payload(),
            expect(404, anon=401, pm=201, go_lm=403, go_rd=403, admin=403),
        ),
        (
            "API change target",
            "put",
            "/api/v1/agreements/{a}/targets/{t}",
            target_payload("NI 112"),
            expect(404, anon=401, pm=200, go_lm=403, go_rd=403, admin=403),
        ),
        (
            "API submit",
            "post",
            "/api/v1/agreements/{a}/actions",
            {"action": "submit"},
            expect(404, anon=401, pm=200, go_lm=403, go_rd=403, admin=403),
        ),
        (
            "API create agreement",
            "post",
            "/api/v1/agreements",
            {"term": "2008-11"},
            expect(403, anon=401, pm=422, other_pm=201),
        ),
    ],
)
def test_changing_a_draft_through_the_api(
    client, users, kent_draft, name, method, path, data, expected
):
    agreement, target = kent_draft
    url = path.format(a=agreement.pk, t=target.pk)
    assert statuses(client, users, method, url, data, json_body=True) == expected, name


# --- Under review: the Government Office of the region, then central approvers ----------


def test_a_submitted_agreement(client, users, kent_draft):
    # rules L1, L2: the GO of the area's region reviews; the Regional Director recommends
    agreement, _ = kent_draft
    services.agreement_submit(user=users["pm"], agreement=agreement)
    base = f"/agreements/{agreement.pk}"
    under_review = expect(404, pm=200, go_lm=200, go_rd=200, approver=200, admin=200)
    assert statuses(client, users, "get", f"{base}/") == under_review
    assert statuses(client, users, "get", f"{base}/steps/return/") == expect(
        404, anon=302, pm=403, go_lm=200, go_rd=200, approver=403, admin=403
    )
    assert statuses(client, users, "get", f"{base}/steps/recommend/") == expect(
        404, anon=302, pm=403, go_lm=403, go_rd=200, approver=403, admin=403
    )
    assert statuses(client, users, "get", f"{base}/targets/new/") == expect(
        404, anon=302, pm=403, go_lm=403, go_rd=403, approver=403, admin=403
    )
    services.agreement_recommend(user=users["go_rd"], agreement=agreement)
    assert statuses(client, users, "get", f"{base}/steps/approve/") == expect(
        404, anon=302, pm=403, go_lm=403, go_rd=403, approver=200, admin=403
    )
    assert statuses(client, users, "get", f"{base}/steps/return/") == expect(
        404, anon=302, pm=403, go_lm=403, go_rd=403, approver=200, admin=403
    )


# --- Approved: public; revisions --------------------------------------------------------


def test_an_approved_agreement_is_public(client, users, approved):
    agreement, designated, local = approved
    base = f"/agreements/{agreement.pk}"
    assert statuses(client, users, "get", f"{base}/") == expect(200)
    assert statuses(client, users, "get", f"{base}/targets/{designated.pk}/") == expect(200)
    assert statuses(client, users, "get", f"/api/v1/agreements/{agreement.pk}") == expect(200)
    assert statuses(client, users, "get", f"{base}/targets/{designated.pk}/edit/") == expect(
        403, anon=302
    )
    assert statuses(client, users, "get", f"{base}/revisions/new/") == expect(403, anon=302, pm=200)
    assert statuses(client, users, "get", f"{base}/steps/bring_into_force/") == expect(
        403, anon=302, approver=200
    )
    assert statuses(
        client,
        users,
        "put",
        f"/api/v1/agreements/{agreement.pk}/targets/{designated.pk}",
        target_payload("NI 112"),
        json_body=True,
    ) == expect(403, anon=401)


@pytest.fixture
def revision(approved, users, partners):
    agreement, designated, _ = approved
    revision = services.revision_create(
        user=users["pm"],
        agreement=agreement,
        title="Annual review 2009",
        reason="Stretch NI 112.",
        effective_from=datetime.date(2009, 4, 1),
    )
    services.revision_add_change(
        user=users["pm"],
        revision=revision,
        action="change",
        target=designated,
        data=with_partners(target_input(), partners["police"], partners["pct"]),
    )
    return agreement, designated, revision


def test_a_revision_being_prepared(client, users, revision):
    # rules L3–L5: only the responsible authority sees and changes it until it is proposed
    agreement, designated, revision = revision
    base = f"/agreements/{agreement.pk}/revisions/{revision.number}"
    prepare = expect(404, anon=302, pm=200, admin=403)
    assert statuses(client, users, "get", f"{base}/") == expect(404, pm=200, admin=200)
    assert statuses(client, users, "get", f"{base}/add/") == prepare
    assert statuses(client, users, "get", f"{base}/targets/{designated.pk}/change/") == prepare
    assert statuses(client, users, "get", f"{base}/targets/{designated.pk}/drop/") == prepare
    undesignate = f"{base}/targets/{designated.pk}/undesignate/"
    assert statuses(client, users, "get", undesignate) == prepare
    assert statuses(client, users, "get", f"{base}/agree/") == expect(
        404, anon=302, pm=403, admin=403
    )
    assert statuses(client, users, "get", f"{base}/decide/") == expect(
        404, anon=302, pm=403, admin=403
    )
    assert statuses(client, users, "post", f"{base}/propose/") == expect(
        404, anon=302, pm=302, admin=403
    )


def test_a_proposed_revision_of_a_designated_target(client, users, revision):
    # rule L3: signed-up partners agree; the Secretary of State decides
    agreement, _, revision = revision
    services.revision_propose(user=users["pm"], revision=revision)
    base = f"/agreements/{agreement.pk}/revisions/{revision.number}"
    involved = expect(404, pm=200, partner=200, go_lm=200, go_rd=200, approver=200, admin=200)
    assert statuses(client, users, "get", f"{base}/") == involved
    assert statuses(client, users, "get", f"{base}/agree/") == expect(
        404, anon=302, pm=403, partner=200, go_lm=403, go_rd=403, approver=403, admin=403
    )
    assert statuses(client, users, "get", f"{base}/decide/") == expect(
        404, anon=302, pm=403, partner=403, go_lm=403, go_rd=403, approver=200, admin=403
    )


def test_a_proposed_revision_of_local_targets_is_decided_locally(client, users, approved):
    # rule L4: the district (a partner authority on the local target) agrees; the LSP decides
    agreement, _, local = approved
    revision = services.revision_create(
        user=users["pm"],
        agreement=agreement,
        title="Drop NI 195",
        reason="Replaced.",
        effective_from=datetime.date(2008, 10, 1),
    )
    services.revision_add_change(user=users["pm"], revision=revision, action="drop", target=local)
    services.revision_propose(user=users["pm"], revision=revision, on=datetime.date(2008, 9, 1))
    base = f"/agreements/{agreement.pk}/revisions/{revision.number}"
    assert statuses(client, users, "get", f"{base}/agree/") == expect(
        404, anon=302, pm=403, district=200, go_lm=403, go_rd=403, approver=403, admin=403
    )
    assert statuses(client, users, "get", f"{base}/decide/") == expect(
        404, anon=302, pm=200, district=403, go_lm=403, go_rd=403, approver=403, admin=403
    )


def test_commitments_list_only_the_users_own_organisation(client, users, approved):
    # A9: a partner sees every target it signed up to, with the duty
    client.force_login(users["district"])
    response = client.get("/my-commitments/")
    rows = response.context["rows"]
    assert [r.commitment.target.indicator.code for r in rows] == ["NI 195"]
    assert "Duty to have regard (partner authority)" in response.content.decode()
    client.force_login(users["other_pm"])
    assert list(client.get("/my-commitments/").context["rows"]) == []
    assert TargetCategory.LOCAL == "local"
