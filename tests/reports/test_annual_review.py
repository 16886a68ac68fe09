"""The Government Office's annual review record (rule L6): per target on track or at
risk, agreed actions, a renegotiation linked to a revision proposal, and the baselines
of placeholder targets confirmed (rules A5, D2) and set through a revision (rule L3)."""

from __future__ import annotations

import datetime
import io
from dataclasses import replace
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from pypdf import PdfReader

from localperf.agreements import services as agreement_services
from localperf.agreements.models import LaaTheme, TargetSetting
from localperf.reports import selectors, services
from localperf.reports.models import AnnualReviewStatus, Judgement, ReportEvent
from localperf.reports.renderers.pdf import review_pdf
from tests.agreements.factories import take_to_approval, target_input, with_partners

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_placeholder(users, partners):
    """Kent approved with NI 112 and NI 1 set as 3% over a baseline to be confirmed."""
    agreement = agreement_services.agreement_create(user=users["pm"])
    ni112 = agreement_services.target_add(
        user=users["pm"],
        agreement=agreement,
        data=with_partners(target_input("NI 112"), partners["police"]),
    )
    ni1 = agreement_services.target_add(
        user=users["pm"],
        agreement=agreement,
        data=with_partners(
            replace(
                target_input("NI 1", theme=LaaTheme.SAFER_AND_STRONGER),
                setting=TargetSetting.IMPROVEMENT,
                baseline_value=None,
                baseline_period="",
                baseline_to_be_confirmed=True,
                improvement_percent=Decimal("3"),
                trajectory={},
            ),
            partners["police"],
        ),
    )
    take_to_approval(agreement, users)
    return agreement, ni112, ni1


def test_the_go_records_findings_and_issues_the_review(with_placeholder, users):
    agreement, ni112, ni1 = with_placeholder
    with pytest.raises(PermissionDenied):
        services.annual_review_create(user=users["pm"], agreement=agreement, year="2009/10")
    with pytest.raises(ValidationError, match="not a year of this agreement"):
        services.annual_review_create(user=users["go_lm"], agreement=agreement, year="2012/13")
    review = services.annual_review_create(user=users["go_lm"], agreement=agreement, year="2009/10")
    assert [t.pk for t in selectors.placeholder_targets(agreement)] == [ni1.pk]
    with pytest.raises(ValidationError, match="already has its baseline"):
        services.annual_review_finding_record(
            user=users["go_lm"],
            review=review,
            target=ni112,
            judgement=Judgement.ON_TRACK,
            baseline_value="50",
            baseline_period="2008/09",
            trajectory={"2010/11": "40"},
        )
    services.annual_review_finding_record(
        user=users["go_lm"],
        review=review,
        target=ni112,
        judgement=Judgement.AT_RISK,
        agreed_actions="Targeted support in Thanet and Swale.",
        renegotiate=True,
    )
    with pytest.raises(ValidationError, match="Record a finding on every target"):
        services.annual_review_issue(user=users["go_lm"], review=review)
    with pytest.raises(ValidationError) as error:
        services.annual_review_finding_record(
            user=users["go_lm"],
            review=review,
            target=ni1,
            judgement=Judgement.ON_TRACK,
            baseline_value="fifty",
            baseline_period="",
            trajectory={},
        )
    assert set(error.value.message_dict) == {"baseline_value"}
    services.annual_review_finding_record(
        user=users["go_lm"],
        review=review,
        target=ni1,
        judgement=Judgement.ON_TRACK,
        baseline_value="62.0",
        baseline_period="Place Survey 2008",
        trajectory={"2008/09": "62", "2009/10": "63", "2010/11": "64"},
    )
    services.annual_review_issue(
        user=users["go_rd"], review=review, summary="Good progress.", on=datetime.date(2010, 1, 25)
    )
    review.refresh_from_db()
    assert (review.status, review.issued_on) == (
        AnnualReviewStatus.ISSUED,
        datetime.date(2010, 1, 25),
    )
    with pytest.raises(PermissionDenied):
        services.annual_review_finding_record(
            user=users["go_lm"], review=review, target=ni1, judgement=Judgement.AT_RISK
        )
    rows = [(f.target, f, False) for f in selectors.review_findings(review)]
    pages = PdfReader(io.BytesIO(review_pdf(review, rows, []))).pages
    text = " ".join(" ".join(p.extract_text() for p in pages).split())
    assert "Government Office annual review report, 2009/10" in text
    assert "At risk" in text and "Targeted support in Thanet and Swale." in text
    assert "Confirmed: 62 (Place Survey 2008)" in text
    assert "Issued on 25 January 2010" in text
    assert [e.action for e in ReportEvent.objects.filter(review=review)] == [
        "create",
        "finding",
        "finding",
        "issue",
    ]


def test_confirmed_baselines_set_the_trajectory_through_a_revision(with_placeholder, users):
    # rules A5, D2: the placeholder's baseline is confirmed at the annual review; rule L3:
    # the designated target changes only with its partners and the Secretary of State.
    agreement, ni112, ni1 = with_placeholder
    review = services.annual_review_create(user=users["go_lm"], agreement=agreement, year="2009/10")
    for target in (ni112, ni1):
        services.annual_review_finding_record(
            user=users["go_lm"],
            review=review,
            target=target,
            judgement=Judgement.ON_TRACK,
            **(
                {
                    "baseline_value": "62",
                    "baseline_period": "Place Survey 2008",
                    "baseline_lower": "60.5",
                    "baseline_upper": "63.5",
                    "trajectory": {"2008/09": "62", "2009/10": "64", "2010/11": "66"},
                }
                if target == ni1
                else {}
            ),
        )
    with pytest.raises(PermissionDenied):  # not before the review is issued
        services.annual_review_baselines_propose(
            user=users["pm"], review=review, effective_from=datetime.date(2010, 4, 1)
        )
    services.annual_review_issue(user=users["go_lm"], review=review)
    with pytest.raises(PermissionDenied):  # the GO does not propose revisions
        services.annual_review_baselines_propose(
            user=users["go_lm"], review=review, effective_from=datetime.date(2010, 4, 1)
        )
    revision = services.annual_review_baselines_propose(
        user=users["pm"], review=review, effective_from=datetime.date(2010, 4, 1)
    )
    assert [c.target_id for c in revision.changes.all()] == [ni1.pk]
    with pytest.raises(ValidationError, match="already proposed"):
        services.annual_review_baselines_propose(
            user=users["pm"], review=review, effective_from=datetime.date(2010, 4, 1)
        )
    agreement_services.revision_propose(user=users["pm"], revision=revision)
    agreement_services.revision_record_partner_agreement(user=users["partner"], revision=revision)
    agreement_services.revision_approve(user=users["approver"], revision=revision)
    version = ni1.current_version()
    assert version.number == 2
    assert version.baseline_value == Decimal("62")
    assert not version.baseline_to_be_confirmed
    assert version.trajectory() == {
        "2008/09": Decimal("62"),
        "2009/10": Decimal("64"),
        "2010/11": Decimal("66"),
    }
    assert (version.baseline_lower, version.baseline_upper) == (Decimal("60.5"), Decimal("63.5"))
    assert selectors.placeholder_targets(agreement) == []
