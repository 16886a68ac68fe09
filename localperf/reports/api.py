"""Progress reports (rule M1) and annual reviews (rule L6) as JSON, through the same
selectors, permissions and services as the pages, with the agreements API's errors:
401 to sign in, 404 for a report the user may not see, 403 with the reason, 422
``{"detail", "errors": [{"field", "message"}]}`` when a rule refuses the input.

A report's ``content`` is exactly what its outputs are rendered from: the live data for
a draft (``is_draft``: true), the snapshot taken at submission otherwise."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from ninja import Field, Router, Schema, Status
from ninja.security import django_auth

from localperf.agreements.access import agreement_for_user_or_404
from localperf.agreements.holdings import held_targets
from localperf.reports import selectors, services
from localperf.reports.access import report_for_user_or_404, review_for_user_or_404
from localperf.reports.models import (
    AnnualReview,
    AnnualReviewStatus,
    Judgement,
    ProgressReport,
    ReportKind,
    ReportStatus,
)
from localperf.reports.permissions import may
from localperf.web.api import Choice, Input, choice_of, responses, service_call
from localperf.web.periods import PeriodText

router = Router(tags=["progress reports"])
review_router = Router(tags=["annual reviews"])
ERRORS = responses(403, 404)


class ReportOut(Schema):
    id: int
    agreement: int
    kind: Choice
    period: str
    periods: list[str]
    status: Choice

    @staticmethod
    def resolve_agreement(obj: ProgressReport) -> int:
        return obj.agreement_id

    @staticmethod
    def resolve_kind(obj: ProgressReport) -> Choice:
        return choice_of(ReportKind, obj.kind)

    @staticmethod
    def resolve_period(obj: ProgressReport) -> str:
        return obj.period_label

    @staticmethod
    def resolve_status(obj: ProgressReport) -> Choice:
        return choice_of(ReportStatus, obj.status)


class ReportDetailOut(Schema):
    id: int
    agreement: int
    kind: Choice
    period: str
    periods: list[str]
    status: Choice
    is_draft: bool
    submission: int | None = Field(description="The submission the content is from.")
    content: dict[str, Any]
    government_office_comments: dict[str, str] = Field(description="Target id to comment.")


class ReportIn(Input):
    agreement: int
    kind: str = Field(ReportKind.PROGRESS, description="progress or self_assessment")
    period: PeriodText = Field(description='"2009/10 H1" (a self-assessment: "2009/10").')
    periods: list[PeriodText] = Field(
        default_factory=list, description="Up to four; blank: chosen."
    )


class ReportCommentIn(Input):
    progress: str = ""
    evidence: str = ""


class ReportGoCommentIn(Input):
    comment: str


class ReportStepIn(Input):
    reason: str = ""


class ReportChangeOut(Schema):
    code: str
    title: str
    period: str
    figure: str
    reported: Any
    now: Any


def _detail(report: ProgressReport) -> dict:
    view = selectors.report_view(report)
    return {
        "id": report.pk,
        "agreement": report.agreement_id,
        "kind": choice_of(ReportKind, report.kind),
        "period": report.period_label,
        "periods": list(report.periods),
        "status": choice_of(ReportStatus, report.status),
        "is_draft": view.is_draft,
        "submission": view.snapshot.number if view.snapshot else None,
        "content": view.content,
        "government_office_comments": {str(k): v for k, v in view.go_comments.items()},
    }


def _target(report: ProgressReport, target_id: int):
    target = held_targets(report.agreement).filter(pk=target_id).first()
    if target is None:
        raise ValidationError({"target": [f"The agreement has no target with the id {target_id}."]})
    return target


@router.get(
    "",
    auth=django_auth,
    response={200: list[ReportOut], **ERRORS},
    summary="The reports of an agreement that you may see",
)
@service_call
def list_reports(request, agreement: int):
    found = agreement_for_user_or_404(request.user, agreement)
    return [r for r in selectors.reports_of(found) if may(request.user, "view_progressreport", r)]


@router.post(
    "",
    auth=django_auth,
    response={201: ReportDetailOut, **ERRORS, **responses(422)},
    summary="Start a progress report or self-assessment (rules M1, L6)",
)
@service_call
def create_report(request, payload: ReportIn):
    agreement = agreement_for_user_or_404(request.user, payload.agreement)
    report = services.report_create(
        user=request.user,
        agreement=agreement,
        kind=payload.kind,
        period_label=payload.period,
        periods=payload.periods,
    )
    return Status(201, _detail(report))


@router.get(
    "/{report_id}",
    auth=django_auth,
    response={200: ReportDetailOut, **ERRORS},
    summary="A report with its content: live for a draft, as submitted otherwise",
)
@service_call
def get_report(request, report_id: int):
    return _detail(report_for_user_or_404(request.user, report_id))


@router.get(
    "/{report_id}/changes",
    auth=django_auth,
    response={200: list[ReportChangeOut], **ERRORS},
    summary="What has changed in the data since the report was submitted",
)
@service_call
def report_changes(request, report_id: int):
    _, changes = selectors.report_changes(report_for_user_or_404(request.user, report_id))
    return [c.__dict__ for c in changes]


@router.put(
    "/{report_id}/targets/{target_id}/comment",
    auth=django_auth,
    response={200: ReportDetailOut, **ERRORS, **responses(422)},
    summary="The partnership's comment and evidence on one target",
)
@service_call
def put_comment(request, report_id: int, target_id: int, payload: ReportCommentIn):
    report = report_for_user_or_404(request.user, report_id)
    services.report_comment_record(
        user=request.user, report=report, target=_target(report, target_id), **payload.dict()
    )
    return _detail(report)


@router.put(
    "/{report_id}/targets/{target_id}/go-comment",
    auth=django_auth,
    response={200: ReportDetailOut, **ERRORS, **responses(422)},
    summary="The Government Office's comment on one target of a submitted report",
)
@service_call
def put_go_comment(request, report_id: int, target_id: int, payload: ReportGoCommentIn):
    report = report_for_user_or_404(request.user, report_id)
    services.report_go_comment_record(
        user=request.user, report=report, target=_target(report, target_id), comment=payload.comment
    )
    return _detail(report)


def _step(request, report_id: int, payload: ReportStepIn, service):
    report = report_for_user_or_404(request.user, report_id)
    service(user=request.user, report=report, reason=payload.reason)
    report.refresh_from_db()
    return _detail(report)


@router.post(
    "/{report_id}/submit",
    auth=django_auth,
    response={200: ReportDetailOut, **ERRORS, **responses(422)},
    summary="Submit to the Government Office, freezing the figures",
)
@service_call
def submit_report(request, report_id: int, payload: ReportStepIn):
    return _step(request, report_id, payload, services.report_submit)


@router.post(
    "/{report_id}/accept",
    auth=django_auth,
    response={200: ReportDetailOut, **ERRORS, **responses(422)},
    summary="The Government Office accepts a submitted report",
)
@service_call
def accept_report(request, report_id: int, payload: ReportStepIn):
    return _step(request, report_id, payload, services.report_accept)


@router.post(
    "/{report_id}/return",
    auth=django_auth,
    response={200: ReportDetailOut, **ERRORS, **responses(422)},
    summary="The Government Office returns a submitted report, saying why",
)
@service_call
def return_report(request, report_id: int, payload: ReportStepIn):
    return _step(request, report_id, payload, services.report_return)


# --- annual reviews ----------------------------------------------------------------------


class FindingOut(Schema):
    target: int
    target_measure: str
    judgement: Choice | None
    agreed_actions: str
    renegotiate: bool
    renegotiation: int | None = Field(description="The revision proposal's number.")
    baseline_value: float | None
    baseline_period: str
    trajectory: dict[str, str]
    baseline_revision: int | None


class ReviewOut(Schema):
    id: int
    agreement: int
    year: str
    status: Choice
    summary: str
    issued_on: datetime.date | None
    findings: list[FindingOut]


def _review_out(review: AnnualReview) -> dict:
    return {
        "id": review.pk,
        "agreement": review.agreement_id,
        "year": review.year,
        "status": choice_of(AnnualReviewStatus, review.status),
        "summary": review.summary,
        "issued_on": review.issued_on,
        "findings": [
            {
                "target": f.target_id,
                "target_measure": f.target.measure_code,
                "judgement": choice_of(Judgement, f.judgement),
                "agreed_actions": f.agreed_actions,
                "renegotiate": f.renegotiate,
                "renegotiation": f.renegotiation.number if f.renegotiation_id else None,
                "baseline_value": None if f.baseline_value is None else float(f.baseline_value),
                "baseline_period": f.baseline_period,
                "trajectory": f.trajectory,
                "baseline_revision": f.baseline_revision.number if f.baseline_revision_id else None,
            }
            for f in selectors.review_findings(review)
        ],
    }


@review_router.get(
    "/{review_id}",
    auth=django_auth,
    response={200: ReviewOut, **ERRORS},
    summary="The Government Office's annual review record (rule L6)",
)
@service_call
def get_review(request, review_id: int):
    return _review_out(review_for_user_or_404(request.user, review_id))
