"""Who may see and act on progress reports and annual reviews (django-rules).

See a report:
- the responsible authority's users, the partners signed up to one of the agreement's
  targets, the Government Office of the agreement's region, administrators: always;
- central government and inspectors: once submitted or accepted (a draft, or one
  returned for more work, is still the partnership's).
Act on a report:
- the responsible authority's performance manager: start a report on an approved
  agreement, write the comment on any target, submit (draft or returned);
- a partner signed up to a target (partner officer, or the performance manager of a
  partner council): draft the comment for that target while the report is editable;
- the Government Office of the region (locality manager or Regional Director): comment
  per target, accept or return a submitted report;
- administrators: nothing (they are not part of the dialogue).
See an annual review: the partnership, its Government Office, central government and
administrators; inspectors once issued. Write it: the Government Office of the region,
while a draft. Turn its confirmed baselines into a revision proposal: the performance
manager, once issued (only they propose revisions, rule L3).

Pages answer 404 when the user may not see the agreement at all, 403 when they can see
it but not the report or the action.
"""

from __future__ import annotations

import rules

from localperf.accounts.models import Role
from localperf.accounts.roles import (
    has,
    is_administrator,
    is_central_government,
    is_inspector,
    is_signed_in,
    speaks_for_partner,
)
from localperf.agreements.holdings import holds
from localperf.agreements.models import Agreement, Target
from localperf.agreements.permissions import (
    acts_for,
    is_government_office_for,
    is_partner_of,
    works_for_responsible_authority,
)
from localperf.reports.models import AnnualReview, AnnualReviewStatus, ProgressReport, ReportStatus

SHARED_STATUSES = frozenset({ReportStatus.SUBMITTED, ReportStatus.ACCEPTED})


def is_partnership(user, agreement: Agreement) -> bool:
    return is_signed_in(user) and (
        works_for_responsible_authority(user, agreement) or is_partner_of(user, agreement)
    )


@rules.predicate
def can_view_report(user, report: ProgressReport) -> bool:
    if not is_signed_in(user):
        return False
    agreement = report.agreement
    if (
        is_administrator(user)
        or is_partnership(user, agreement)
        or is_government_office_for(user, agreement)
    ):
        return True
    return report.status in SHARED_STATUSES and (is_central_government | is_inspector)(user)


@rules.predicate
def can_start_report(user, agreement: Agreement) -> bool:
    return agreement.is_published and acts_for(user, agreement, Role.PERFORMANCE_MANAGER)


@rules.predicate
def can_submit_report(user, report: ProgressReport) -> bool:
    return report.is_editable and acts_for(user, report.agreement, Role.PERFORMANCE_MANAGER)


def can_comment_on_target(user, report: ProgressReport, target: Target) -> bool:
    """The LSP writes every comment; a partner drafts the comment of a target it leads."""
    if not report.is_editable or not holds(report.agreement, target):
        return False
    if acts_for(user, report.agreement, Role.PERFORMANCE_MANAGER):
        return True
    organisation_id = getattr(user, "organisation_id", None)
    return (
        speaks_for_partner(user)
        and bool(organisation_id)
        and target.partners.filter(organisation_id=organisation_id).exists()
    )


@rules.predicate
def can_comment_on_any_target(user, report: ProgressReport) -> bool:
    if not report.is_editable or not is_signed_in(user):
        return False
    if acts_for(user, report.agreement, Role.PERFORMANCE_MANAGER):
        return True
    return speaks_for_partner(user) and is_partner_of(user, report.agreement)


@rules.predicate
def can_review_report(user, report: ProgressReport) -> bool:
    return report.status == ReportStatus.SUBMITTED and is_government_office_for(
        user, report.agreement
    )


rules.add_perm("reports.view_progressreport", can_view_report)
rules.add_perm("reports.add_progressreport", can_start_report)
rules.add_perm("reports.submit_progressreport", can_submit_report)
rules.add_perm("reports.comment_progressreport", can_comment_on_any_target)
rules.add_perm("reports.review_progressreport", can_review_report)


@rules.predicate
def can_view_review(user, review: AnnualReview) -> bool:
    if not is_signed_in(user):
        return False
    agreement = review.agreement
    if (
        is_administrator(user)
        or is_partnership(user, agreement)
        or is_government_office_for(user, agreement)
        or is_central_government(user)
    ):
        return True
    return review.status == AnnualReviewStatus.ISSUED and is_inspector(user)


@rules.predicate
def can_start_review(user, agreement: Agreement) -> bool:
    return agreement.is_published and is_government_office_for(user, agreement)


@rules.predicate
def can_change_review(user, review: AnnualReview) -> bool:
    return review.status == AnnualReviewStatus.DRAFT and is_government_office_for(
        user, review.agreement
    )


@rules.predicate
def can_propose_baselines(user, review: AnnualReview) -> bool:
    return review.status == AnnualReviewStatus.ISSUED and acts_for(
        user, review.agreement, Role.PERFORMANCE_MANAGER
    )


rules.add_perm("reports.view_annualreview", can_view_review)
rules.add_perm("reports.add_annualreview", can_start_review)
rules.add_perm("reports.change_annualreview", can_change_review)
rules.add_perm("reports.propose_baselines", can_propose_baselines)


def may(user, permission: str, obj) -> bool:
    """django-rules directly: the superuser shortcut does not apply to the dialogue."""
    return has(user, f"reports.{permission}", obj)
