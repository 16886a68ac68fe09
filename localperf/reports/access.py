"""The report or annual review a user asked for: 404 when they may not see its
agreement at all, 403 with the reason when they can see the agreement but not this
report yet. One lookup for the pages and the API."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from localperf.agreements.selectors import agreement_get_for
from localperf.reports import selectors
from localperf.reports.models import AnnualReview, ProgressReport
from localperf.reports.permissions import may

HIDDEN_REPORT = (
    "A report is shared with its partnership and its Government Office; central government "
    "and inspectors see it once it is submitted."
)
HIDDEN_REVIEW = (
    "An annual review is shared with the partnership, its Government Office and central "
    "government; inspectors see it once it is issued."
)


def report_for_user_or_404(user, pk: int) -> ProgressReport:
    report = selectors.report_get(pk)
    if report is None or agreement_get_for(user, report.agreement_id) is None:
        raise Http404("There is no report with that id that you can see.")
    if not may(user, "view_progressreport", report):
        raise PermissionDenied(HIDDEN_REPORT)
    return report


def review_for_user_or_404(user, pk: int) -> AnnualReview:
    review = selectors.review_get(pk)
    if review is None or agreement_get_for(user, review.agreement_id) is None:
        raise Http404("There is no annual review with that id that you can see.")
    if not may(user, "view_annualreview", review):
        raise PermissionDenied(HIDDEN_REVIEW)
    return review
