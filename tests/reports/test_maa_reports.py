"""The six-monthly report and the annual review of a Multi Area Agreement (rules X2, M1,
M6): the demo's Greater Manchester reports on its carried targets as on its own, and its
review cannot be issued until every target it holds, carried ones too, has a finding."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from localperf.accounts.models import User
from localperf.agreements.holdings import LINKED, held_target_rows
from localperf.agreements.models import Agreement
from localperf.reports import services
from localperf.reports.selectors import latest_snapshot

TODAY = datetime.date(2009, 11, 30)


@pytest.fixture(scope="module", autouse=True)
def demo(demo_for_the_module):
    return None


@pytest.fixture(autouse=True)
def as_at(settings):
    settings.LOCALPERF_AS_AT = TODAY.isoformat()


@pytest.fixture
def gm() -> Agreement:
    return Agreement.objects.get(kind="maa", title="Greater Manchester Multi Area Agreement")


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _carried(gm):
    return [r.target for r in held_target_rows(gm) if r.kind == LINKED]


@pytest.mark.django_db
def test_the_maas_report_comments_on_and_freezes_its_carried_targets(client, gm):
    # rules X2, M1: the MAA's PM reports on a carried target as on its own
    pm = _user("demo-pm-manchester")
    report = services.report_create(user=pm, agreement=gm, period_label="2009/10 H1")
    carried = _carried(gm)[0]
    services.report_comment_record(
        user=pm, report=report, target=carried, progress="On the LAA's trajectory."
    )
    client.force_login(pm)
    page = client.get(f"/reports/{report.pk}/targets/{carried.pk}/")
    assert page.status_code == 200
    assert "Carried from Manchester Local Area Agreement" in page.content.decode()
    services.report_submit(user=pm, report=report)
    frozen = latest_snapshot(report).content
    shown = {t["id"]: t for o in frozen["outcomes"] for t in o["targets"]}
    assert {t.pk for t in _carried(gm)} <= shown.keys()
    assert shown[carried.pk]["comment"] == "On the LAA's trajectory."
    assert shown[carried.pk]["statutory_duties"] is True
    own = [t for t in shown.values() if not t["carried_from"]]
    assert own and not any(t["statutory_duties"] for t in own)
    pdf = client.get(f"/reports/{report.pk}/report.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


@pytest.mark.django_db
def test_the_maas_review_needs_a_finding_on_every_carried_target(gm):
    # rule X2: the review covers every target the MAA holds
    go = _user("demo-go-lm-north-west")
    review = services.annual_review_create(user=go, agreement=gm, year="2008/09")
    carried = _carried(gm)
    for row in held_target_rows(gm):
        if row.kind != LINKED:
            services.annual_review_finding_record(
                user=go, review=review, target=row.target, judgement="on_track"
            )
    with pytest.raises(ValidationError, match=carried[0].measure_code):
        services.annual_review_issue(user=go, review=review)
    for target in carried:
        services.annual_review_finding_record(
            user=go, review=review, target=target, judgement="at_risk", agreed_actions="Watch."
        )
    issued = services.annual_review_issue(user=go, review=review)
    assert issued.status == "issued"
    assert issued.findings.count() == len(held_target_rows(gm))


@pytest.mark.django_db
def test_a_target_the_maa_does_not_hold_is_refused(gm):
    # rule X2: another member's LAA target that is not carried stays out
    go = _user("demo-go-lm-north-west")
    review = services.annual_review_create(user=go, agreement=gm, year="2008/09")
    laa = _carried(gm)[0].agreement
    held = {r.target.pk for r in held_target_rows(gm)}
    other = laa.targets.exclude(pk__in=held).first()
    with pytest.raises(ValidationError, match="this agreement's targets"):
        services.annual_review_finding_record(
            user=go, review=review, target=other, judgement="on_track"
        )
    assert not review.findings.exists()
