"""The permission matrix: every page and endpoint of the reports area, for every role,
anonymous users and users of an unrelated council or Government Office.

Conventions (as in tests/agreements and tests/reviews): anonymous users are sent to sign
in (302) by pages and get 401 from the API; 403 when the user can see the agreement but
not the report or the action. The users: ``pm`` Kent County Council; ``partner`` Kent
Police Authority (signed up to NI 112); ``district`` Ashford (signed up to NI 195 only);
``go_lm``/``go_rd`` GO South East; ``other_pm`` Manchester; ``other_go`` GO for London;
central ``approver`` and ``analyst``; ``inspector``; ``admin``.
"""

from __future__ import annotations

import json

import pytest

from localperf.reports import services
from localperf.reports.models import ReportStatus

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


def status_of(client, users, role, method, url, data=None, *, api=False):
    client.logout()
    if role != "anon":
        client.force_login(users[role])
    if method == "get":
        return client.get(url).status_code
    if api:
        call = client.put if method == "put" else client.post
        return call(url, json.dumps(data or {}), content_type="application/json").status_code
    return client.post(url, data or {}).status_code


def statuses(client, users, method, url, data=None, *, api=False):
    return {r: status_of(client, users, r, method, url, data, api=api) for r in ROLES}


# Who sees a draft: the partnership, its GO, administrators.
DRAFT_SEEN = expect(
    403, anon=302, pm=200, partner=200, district=200, go_lm=200, go_rd=200, admin=200
)
# Once submitted: central government and inspectors too.
SUBMITTED_SEEN = expect(200, anon=302, other_pm=403, other_go=403)
NOBODY = expect(403, anon=302)


@pytest.mark.parametrize(
    ("name", "path", "expected"),
    [
        ("reports of the agreement", "/agreements/{a}/reports/", expect(200, anon=302)),
        ("start a report", "/agreements/{a}/reports/new/", expect(403, anon=302, pm=200)),
        (
            "start a review",
            "/agreements/{a}/annual-reviews/new/",
            expect(403, anon=302, go_lm=200, go_rd=200),
        ),
        ("report page", "/reports/{r}/", DRAFT_SEEN),
        ("changes", "/reports/{r}/changes/", DRAFT_SEEN),
        ("pdf", "/reports/{r}/report.pdf", DRAFT_SEEN),
        ("xlsx", "/reports/{r}/report.xlsx", DRAFT_SEEN),
        ("csv", "/reports/{r}/report.csv", DRAFT_SEEN),
        (
            "comment on NI 112",
            "/reports/{r}/targets/{t}/comment/",
            expect(403, anon=302, pm=200, partner=200),
        ),
        ("GO comment", "/reports/{r}/targets/{t}/go-comment/", NOBODY),
        ("submit", "/reports/{r}/submit/", expect(403, anon=302, pm=200)),
        ("accept", "/reports/{r}/accept/", NOBODY),
        ("return", "/reports/{r}/return/", NOBODY),
    ],
)
def test_pages_of_a_draft_report(client, users, approved, report, name, path, expected):
    agreement, ni112, _ = approved
    url = path.format(a=agreement.pk, r=report.pk, t=ni112.pk)
    assert statuses(client, users, "get", url) == expected, name


@pytest.mark.parametrize(
    ("name", "path", "expected"),
    [
        ("report page", "/reports/{r}/", SUBMITTED_SEEN),
        ("changes", "/reports/{r}/changes/", SUBMITTED_SEEN),
        ("pdf", "/reports/{r}/report.pdf", SUBMITTED_SEEN),
        ("comment on NI 112", "/reports/{r}/targets/{t}/comment/", NOBODY),
        (
            "GO comment",
            "/reports/{r}/targets/{t}/go-comment/",
            expect(403, anon=302, go_lm=200, go_rd=200),
        ),
        ("submit", "/reports/{r}/submit/", NOBODY),
        ("accept", "/reports/{r}/accept/", expect(403, anon=302, go_lm=200, go_rd=200)),
        ("return", "/reports/{r}/return/", expect(403, anon=302, go_lm=200, go_rd=200)),
    ],
)
def test_pages_of_a_submitted_report(client, users, approved, report, name, path, expected):
    _, ni112, _ = approved
    services.report_submit(user=users["pm"], report=report)
    url = path.format(r=report.pk, t=ni112.pk)
    assert statuses(client, users, "get", url) == expected, name


# Each role in a fresh database: the step changes the report.
SUBMIT = expect(403, anon=302, pm=302)
ACCEPT = expect(403, anon=302, go_lm=302, go_rd=302)
COMMENT = expect(403, anon=302, pm=302, partner=302)


@pytest.mark.parametrize("role", ROLES)
def test_who_may_take_each_step_on_the_pages(client, users, approved, report, role):
    _, ni112, _ = approved
    comment = status_of(
        client,
        users,
        role,
        "post",
        f"/reports/{report.pk}/targets/{ni112.pk}/comment/",
        {"progress": "On track.", "evidence": ""},
    )
    assert comment == COMMENT[role]
    submitted = status_of(client, users, role, "post", f"/reports/{report.pk}/submit/", {})
    assert submitted == SUBMIT[role]
    if role != "pm":
        services.report_submit(user=users["pm"], report=report)
    returned = status_of(
        client, users, role, "post", f"/reports/{report.pk}/return/", {"reason": ""}
    )
    # The GO gets the form back (200) saying why a reason is needed; nothing changes.
    assert returned == (200 if role in {"go_lm", "go_rd"} else ACCEPT[role])
    accepted = status_of(client, users, role, "post", f"/reports/{report.pk}/accept/", {})
    assert accepted == ACCEPT[role]
    report.refresh_from_db()
    accepted_by_go = role in {"go_lm", "go_rd"}
    assert report.status == (ReportStatus.ACCEPTED if accepted_by_go else ReportStatus.SUBMITTED)


@pytest.mark.parametrize(
    ("name", "method", "path", "data", "expected"),
    [
        ("list", "get", "/api/v1/reports?agreement={a}", None, expect(200, anon=401)),
        ("detail", "get", "/api/v1/reports/{r}", None, {**DRAFT_SEEN, "anon": 401}),
        ("changes", "get", "/api/v1/reports/{r}/changes", None, {**DRAFT_SEEN, "anon": 401}),
        (
            "comment",
            "put",
            "/api/v1/reports/{r}/targets/{t}/comment",
            {"progress": "Fine."},
            expect(403, anon=401, pm=200, partner=200),
        ),
        (
            "GO comment",
            "put",
            "/api/v1/reports/{r}/targets/{t}/go-comment",
            {"comment": "x"},
            expect(403, anon=401),
        ),
        ("return", "post", "/api/v1/reports/{r}/return", {"reason": "x"}, expect(403, anon=401)),
        ("accept", "post", "/api/v1/reports/{r}/accept", {}, expect(403, anon=401)),
        ("submit", "post", "/api/v1/reports/{r}/submit", {}, expect(403, anon=401, pm=200)),
    ],
)
def test_endpoints_on_a_draft_report(
    client, users, approved, report, name, method, path, data, expected
):
    agreement, ni112, _ = approved
    url = path.format(a=agreement.pk, r=report.pk, t=ni112.pk)
    assert statuses(client, users, method, url, data, api=True) == expected, name


@pytest.mark.parametrize(
    ("name", "method", "path", "data", "expected"),
    [
        ("detail", "get", "/api/v1/reports/{r}", None, {**SUBMITTED_SEEN, "anon": 401}),
        (
            "GO comment",
            "put",
            "/api/v1/reports/{r}/targets/{t}/go-comment",
            {"comment": "x"},
            expect(403, anon=401, go_lm=200, go_rd=200),
        ),
        (
            "return without a reason",
            "post",
            "/api/v1/reports/{r}/return",
            {"reason": ""},
            expect(403, anon=401, go_lm=422, go_rd=422),
        ),
        (
            "comment",
            "put",
            "/api/v1/reports/{r}/targets/{t}/comment",
            {"progress": "x"},
            expect(403, anon=401),
        ),
    ],
)
def test_endpoints_on_a_submitted_report(
    client, users, approved, report, name, method, path, data, expected
):
    _, ni112, _ = approved
    services.report_submit(user=users["pm"], report=report)
    url = path.format(r=report.pk, t=ni112.pk)
    assert statuses(client, users, method, url, data, api=True) == expected, name


def test_endpoint_to_start_a_report(client, users, approved):
    agreement, _, _ = approved
    body = {"agreement": agreement.pk, "period": "2009/10 H1"}
    seen = statuses(client, users, "post", "/api/v1/reports", body, api=True)
    assert seen == expect(403, anon=401, pm=201)


@pytest.mark.parametrize("role", ROLES)
def test_endpoint_to_accept(client, users, approved, report, role):
    services.report_submit(user=users["pm"], report=report)
    seen = status_of(
        client, users, role, "post", f"/api/v1/reports/{report.pk}/accept", {}, api=True
    )
    assert seen == expect(403, anon=401, go_lm=200, go_rd=200)[role]


@pytest.fixture
def review(approved, users):
    agreement, _, _ = approved
    return services.annual_review_create(user=users["go_lm"], agreement=agreement, year="2009/10")


REVIEW_SEEN = expect(200, anon=302, inspector=403, other_pm=403, other_go=403)
GO_ONLY = expect(403, anon=302, go_lm=200, go_rd=200)


@pytest.mark.parametrize(
    ("name", "path", "expected"),
    [
        ("review page", "/annual-reviews/{v}/", REVIEW_SEEN),
        ("review pdf", "/annual-reviews/{v}/review.pdf", REVIEW_SEEN),
        ("finding", "/annual-reviews/{v}/targets/{t}/", GO_ONLY),
        ("issue", "/annual-reviews/{v}/issue/", GO_ONLY),
        ("baselines", "/annual-reviews/{v}/baselines/", NOBODY),
        ("API review", "/api/v1/annual-reviews/{v}", {**REVIEW_SEEN, "anon": 401}),
    ],
)
def test_pages_of_an_annual_review(client, users, approved, review, name, path, expected):
    _, ni112, _ = approved
    url = path.format(v=review.pk, t=ni112.pk)
    assert statuses(client, users, "get", url) == expected, name


def test_pages_of_an_issued_annual_review(client, users, approved, review):
    from localperf.reports.models import Judgement

    _, ni112, ni195 = approved
    for target in (ni112, ni195):
        services.annual_review_finding_record(
            user=users["go_lm"], review=review, target=target, judgement=Judgement.ON_TRACK
        )
    services.annual_review_issue(user=users["go_lm"], review=review)
    assert statuses(client, users, "get", f"/annual-reviews/{review.pk}/") == expect(
        200, anon=302, other_pm=403, other_go=403
    )
    assert statuses(client, users, "get", f"/annual-reviews/{review.pk}/baselines/") == expect(
        403, anon=302, pm=200
    )
    assert statuses(client, users, "get", f"/annual-reviews/{review.pk}/issue/") == NOBODY


def test_a_finding_posted_by_the_go_only(client, users, approved, review):
    _, ni112, _ = approved
    data = {"judgement": "at_risk", "agreed_actions": "Quarterly meetings."}
    seen = statuses(client, users, "post", f"/annual-reviews/{review.pk}/targets/{ni112.pk}/", data)
    assert seen == expect(403, anon=302, go_lm=302, go_rd=302)
