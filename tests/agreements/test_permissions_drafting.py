"""The permission matrix for the pages and endpoints added for outcomes, moving and
removing targets, reference figures (rule A8) and the revisions API (rules L3–L5).

Same conventions as test_permissions.py. Where several roles may act, the request
carries input a rule refuses, so that each role is tried on the same state: an allowed
role gets the form back with the message (200) or a 422, the others 403 or 404.
"""

from __future__ import annotations

import datetime

import pytest

from localperf.agreements import services
from localperf.agreements.models import LaaTheme, ReferenceFigure, ReferenceFigureValue
from tests.agreements.factories import target_input, with_partners
from tests.agreements.test_permissions import expect, statuses

pytestmark = pytest.mark.django_db

EDIT_DRAFT = expect(404, anon=302, pm=200, go_lm=403, go_rd=403, admin=403)
VIEW_DRAFT = expect(404, pm=200, go_lm=200, go_rd=200, admin=200)
GOVERNMENT = {"go_lm", "go_rd", "approver", "admin", "other_go"}


def government(allowed: int, default: int = 403, **others: int) -> dict[str, int]:
    return expect(default, **{role: allowed for role in GOVERNMENT}, **others)


@pytest.fixture
def kent_draft(draft_with_target, users):
    agreement, target = draft_with_target
    outcome = services.outcome_add(
        user=users["pm"],
        agreement=agreement,
        theme=LaaTheme.CHILDREN_AND_YOUNG_PEOPLE,
        title="Fewer young offenders",
    )
    return agreement, target, outcome


@pytest.fixture
def figure(kent):
    figure = ReferenceFigure.objects.create(name="South East Plan housing figure", area=kent)
    ReferenceFigureValue.objects.create(figure=figure, effective_from="2008-04-01", value=5600)
    return figure


@pytest.mark.parametrize(
    ("name", "method", "path", "data", "expected"),
    [
        ("outcome page", "get", "/agreements/{a}/outcomes/{o}/edit/", None, EDIT_DRAFT),
        (
            "outcome saved with no title",
            "post",
            "/agreements/{a}/outcomes/{o}/edit/",
            {"theme": "children_and_young_people", "title": ""},
            EDIT_DRAFT,
        ),
        ("move page", "get", "/agreements/{a}/targets/{t}/move/", None, EDIT_DRAFT),
        (
            "move",
            "post",
            "/agreements/{a}/targets/{t}/move/",
            {"outcome": "{o}"},
            {**EDIT_DRAFT, "pm": 302},
        ),
        ("remove page", "get", "/agreements/{a}/targets/{t}/remove/", None, EDIT_DRAFT),
        (
            "remove without a reason",
            "post",
            "/agreements/{a}/targets/{t}/remove/",
            {"reason": ""},
            EDIT_DRAFT,
        ),
    ],
)
def test_the_pages_of_a_draft(client, users, kent_draft, name, method, path, data, expected):
    agreement, target, outcome = kent_draft
    url = path.format(a=agreement.pk, t=target.pk, o=outcome.pk)
    if data:
        data = {k: v.format(o=outcome.pk) for k, v in data.items()}
    assert statuses(client, users, method, url, data) == expected, name


API_CHANGE = expect(404, anon=401, go_lm=403, go_rd=403, admin=403)


@pytest.mark.parametrize(
    ("name", "method", "path", "data", "expected"),
    [
        ("API outcomes", "get", "/api/v1/agreements/{a}/outcomes", None, VIEW_DRAFT),
        (
            "API change outcome",
            "put",
            "/api/v1/agreements/{a}/outcomes/{o}",
            {"theme": "children_and_young_people", "title": "Fewer young offenders", "position": 1},
            {**API_CHANGE, "pm": 200},
        ),
        (
            "API move target",
            "post",
            "/api/v1/agreements/{a}/targets/{t}/move",
            {"outcome": None},
            {**API_CHANGE, "pm": 200},
        ),
        (
            "API remove target without a reason",
            "post",
            "/api/v1/agreements/{a}/targets/{t}/remove",
            {"reason": ""},
            {**API_CHANGE, "pm": 422},
        ),
    ],
)
def test_the_endpoints_of_a_draft(client, users, kent_draft, name, method, path, data, expected):
    agreement, target, outcome = kent_draft
    url = path.format(a=agreement.pk, t=target.pk, o=outcome.pk)
    assert statuses(client, users, method, url, data, json_body=method != "get") == expected, name


def test_an_approved_agreements_outcomes_and_targets_are_not_edited_directly(
    client, users, approved
):
    agreement, designated, _ = approved
    base = f"/agreements/{agreement.pk}/targets/{designated.pk}"
    assert statuses(client, users, "get", f"{base}/move/") == expect(403, anon=302)
    assert statuses(client, users, "get", f"{base}/remove/") == expect(403, anon=302)
    assert statuses(
        client, users, "post", f"/api/v1{base}/remove", {"reason": "x"}, json_body=True
    ) == expect(403, anon=401)
    assert designated.versions.exists()


def test_reference_figures(client, users, figure):
    # rule A8: government records a new value of a figure set outside the agreement
    page = f"/agreements/reference-figures/{figure.pk}/new-value/"
    assert statuses(client, users, "get", "/agreements/reference-figures/") == expect(200)
    assert statuses(client, users, "get", page) == government(200, anon=302)
    assert statuses(client, users, "post", page, {"value": ""}) == government(200, anon=302)
    assert statuses(client, users, "get", "/agreements/reference-figures/999999/new-value/") == (
        expect(404, anon=302)
    )
    api = f"/api/v1/agreements/reference-figures/{figure.pk}/values"
    assert statuses(client, users, "get", "/api/v1/agreements/reference-figures") == expect(200)
    assert statuses(client, users, "post", api, {"value": 1}, json_body=True) == government(
        422, anon=401
    )
    assert figure.values.count() == 1


@pytest.fixture
def revision(approved, users, partners):
    """Revision 1 of Kent's approved LAA, being prepared: it changes NI 112 (designated)."""
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


def test_the_revisions_api(client, users, revision):
    # rules L3–L5, through the API: the same permissions as the pages
    agreement, designated, revision = revision
    base = f"/api/v1/agreements/{agreement.pk}/revisions"
    one = f"{base}/{revision.number}"
    assert statuses(client, users, "get", base) == expect(200)
    assert statuses(client, users, "get", one) == expect(404, pm=200, admin=200)
    assert statuses(client, users, "post", base, {}, json_body=True) == expect(
        403, anon=401, pm=422
    )
    assert statuses(
        client, users, "post", f"{one}/changes", {"action": "explode"}, json_body=True
    ) == expect(404, anon=401, pm=422, admin=403)
    assert statuses(client, users, "post", f"{one}/agree", {}, json_body=True) == expect(
        404, anon=401, pm=403, admin=403
    )
    assert statuses(client, users, "post", f"{one}/propose", {}, json_body=True) == expect(
        404, anon=401, pm=200, admin=403
    )
    involved = expect(404, pm=200, partner=200, go_lm=200, go_rd=200, approver=200, admin=200)
    assert statuses(client, users, "get", one) == involved
    assert statuses(
        client, users, "post", f"{one}/decide", {"decision": "maybe"}, json_body=True
    ) == (expect(404, anon=401, pm=403, partner=403, go_lm=403, go_rd=403, approver=422, admin=403))
    # The police authority (signed up) records its agreement; nobody else can.
    assert statuses(client, users, "post", f"{one}/agree", {}, json_body=True) == expect(
        404, anon=401, pm=403, partner=200, go_lm=403, go_rd=403, approver=403, admin=403
    )


def test_a_revision_being_prepared_stays_out_of_the_event_log_of_outsiders(client, users, revision):
    # rule L4: only approved changes are published; a draft revision's title is not
    agreement, _, revision = revision
    page = f"/agreements/{agreement.pk}/"
    api = f"/api/v1/agreements/{agreement.pk}/events"
    for name in ("anon", "go_lm", "pm"):
        client.logout()
        if name != "anon":
            client.force_login(users[name])
        seen = any(
            revision.title in client.get(page + tab).content.decode()
            for tab in ("", "revisions/", "history/")
        )
        seen_in_api = any(revision.title in e["description"] for e in client.get(api).json())
        assert seen == seen_in_api == (name == "pm"), name
