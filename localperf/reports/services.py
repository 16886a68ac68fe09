"""Everything that changes a progress report or an annual review. Each service checks
who may act and the rules, does its work in one transaction and records the step as a
``ReportEvent`` (who, when, why). It raises ``PermissionDenied`` or ``ValidationError``
with a message naming what is wrong; the pages and the API call the same services."""

from __future__ import annotations

import datetime
from dataclasses import replace
from decimal import Decimal, InvalidOperation

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction

from localperf.agreements import services as agreement_services
from localperf.agreements.holdings import held_targets, holds
from localperf.agreements.models import (
    Agreement,
    RevisionProposal,
    Target,
    TargetSetting,
)
from localperf.agreements.rules_of_agreement import long_date
from localperf.reports import selectors
from localperf.reports.models import (
    AnnualReview,
    AnnualReviewStatus,
    AnnualReviewTarget,
    Judgement,
    ProgressReport,
    ReportEvent,
    ReportKind,
    ReportSnapshot,
    ReportStatus,
    TargetComment,
)
from localperf.reports.permissions import can_comment_on_target, may
from localperf.web import clock
from localperf.web.periods import period_label_clean, period_problem

MAX_TEXT = 10_000


def _event(
    *,
    user,
    action: str,
    description: str,
    report: ProgressReport | None = None,
    review: AnnualReview | None = None,
    target: Target | None = None,
    snapshot: ReportSnapshot | None = None,
    reason: str = "",
    from_status: str = "",
    to_status: str = "",
) -> ReportEvent:
    organisation = getattr(user, "organisation", None)
    return ReportEvent.objects.create(
        report=report,
        review=review,
        target=target,
        snapshot=snapshot,
        action=action,
        description=description[:300],
        reason=reason.strip(),
        from_status=from_status,
        to_status=to_status,
        actor=user,
        actor_name=user.display_name,
        actor_role=user.get_role_display() if user.role else "",
        actor_organisation=organisation.name if organisation else "",
        occurred_at=clock.now(),
    )


def _locked(report: ProgressReport) -> ProgressReport:
    return (
        ProgressReport.objects.select_for_update()
        .select_related("agreement", "agreement__area", "agreement__responsible_authority")
        .get(pk=report.pk)
    )


def _who(agreement: Agreement, party: str) -> str:
    if party == "lsp":
        return f"the performance manager of {agreement.responsible_authority.name}"
    region = agreement.area.region.name if agreement.area.region_id else "the region"
    return f"the Government Office for {region}"


def _text(value: str, field: str, label: str, errors: dict) -> str:
    value = (value or "").strip()
    if len(value) > MAX_TEXT:
        errors[field] = [f"{label} must be {MAX_TEXT:,} characters or fewer."]
    return value


# --- progress reports (rule M1) and self-assessments (rule L6) ----------------------------


def report_create(
    *,
    user,
    agreement: Agreement,
    period_label: str,
    kind: str = ReportKind.PROGRESS,
    periods: list[str] | None = None,
) -> ProgressReport:
    """Start a report for a half-year (or, for a self-assessment, a financial year).

    ``periods``, when given, are the up to four time periods shown; by default each
    target shows its own latest four up to the end of the report's period (its
    measure's reporting frequency, ``content.target_columns``)."""
    if not may(user, "add_progressreport", agreement):
        raise PermissionDenied(
            f"Only {_who(agreement, 'lsp')} can start a report, and only on an approved agreement."
        )
    errors: dict[str, list[str]] = {}
    if kind not in ReportKind.values:
        errors["kind"] = [f"“{kind}” is not a kind of report: choose progress or self_assessment."]
        raise ValidationError(errors)
    problem = selectors.period_label_problem(kind, period_label or "")
    if problem:
        raise ValidationError({"period_label": [problem]})
    label = selectors.canonical_period(period_label)
    end = selectors.report_period_end(kind, label)
    if not agreement.starts_on <= end <= agreement.ends_on:
        errors["period_label"] = [
            f"{label} ends on {long_date(end)}, outside the agreement's term "
            f"({long_date(agreement.starts_on)} to {long_date(agreement.ends_on)})."
        ]
    chosen = [p.strip() for p in (periods or []) if p and p.strip()]
    if len(chosen) > 4:
        errors["periods"] = ["Choose at most four time periods (the proforma has four)."]
    canonical = []
    for text in chosen:
        try:
            canonical.append(selectors.canonical_period(text))
        except ValueError as error:
            errors.setdefault("periods", []).append(f"Time period “{text}”: {error}")
    if agreement.progress_reports.filter(kind=kind, period_label=label).exists():
        errors[NON_FIELD_ERRORS] = [
            f"There is already a {ReportKind(kind).label.lower()} for {label}: open it instead."
        ]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        report = ProgressReport.objects.create(
            agreement=agreement,
            kind=kind,
            period_label=label,
            periods=canonical,
            created_by=user,
        )
        _event(
            user=user,
            report=report,
            action="create",
            description=f"{report.title} started",
            to_status=ReportStatus.DRAFT,
        )
    return report


def report_comment_record(
    *, user, report: ProgressReport, target: Target, progress: str, evidence: str = ""
) -> TargetComment:
    """The partnership's comment on progress and risk mitigation for one target, and its
    inspection or survey evidence. A partner may draft it for a target it leads."""
    report = selectors.report_get(report.pk)
    if not can_comment_on_target(user, report, target):
        if not report.is_editable:
            raise PermissionDenied(
                f"The report is {report.get_status_display().lower()}: comments can be "
                "changed only while it is a draft or has been returned."
            )
        raise PermissionDenied(
            f"Only {_who(report.agreement, 'lsp')}, or a partner signed up to the "
            f"{target.measure_code} target, can write its comment."
        )
    errors: dict[str, list[str]] = {}
    progress = _text(progress, "progress", "The comment on progress", errors)
    evidence = _text(evidence, "evidence", "The evidence", errors)
    if errors:
        raise ValidationError(errors)
    organisation = getattr(user, "organisation", None)
    with transaction.atomic():
        report = _locked(report)
        if not can_comment_on_target(user, report, target):
            raise PermissionDenied("The report has just been submitted: it can no longer change.")
        comment, _ = TargetComment.objects.get_or_create(report=report, target=target)
        comment.progress = progress
        comment.evidence = evidence
        comment.drafted_by_name = user.display_name
        comment.drafted_by_organisation = organisation.name if organisation else ""
        comment.updated_at = clock.now()
        comment._history_user = user
        comment.save()
        _event(
            user=user,
            report=report,
            target=target,
            action="comment",
            description=f"Comment on {target.measure_code} written",
        )
    return comment


def report_submit(*, user, report: ProgressReport, reason: str = "") -> ReportSnapshot:
    """Send the report to the Government Office, freezing the figures as reported."""
    original = report
    report = selectors.report_get(report.pk)
    if not may(user, "submit_progressreport", report):
        if not report.is_editable:
            raise PermissionDenied(f"The report is already {report.get_status_display().lower()}.")
        raise PermissionDenied(f"Only {_who(report.agreement, 'lsp')} can submit the report.")
    with transaction.atomic():
        report = _locked(report)
        if not report.is_editable:
            raise PermissionDenied("The report has just been submitted by someone else.")
        content = selectors.report_live_content(report)
        number = (
            report.snapshots.order_by("-number").values_list("number", flat=True).first() or 0
        ) + 1
        snapshot = ReportSnapshot.objects.create(
            report=report, number=number, content=content, taken_by=user, taken_at=clock.now()
        )
        before = report.status
        report.status = ReportStatus.SUBMITTED
        report._history_user = user
        report.save()
        _event(
            user=user,
            report=report,
            snapshot=snapshot,
            action="submit",
            description=(
                f"{report.title} submitted to the Government Office"
                + (f" again (submission {number})" if number > 1 else "")
            ),
            reason=reason,
            from_status=before,
            to_status=report.status,
        )
    original.status = report.status
    return snapshot


def _check_reviewer(user, report: ProgressReport) -> None:
    if not may(user, "review_progressreport", report):
        if report.status != ReportStatus.SUBMITTED:
            raise PermissionDenied(
                f"The report is {report.get_status_display().lower()}: the Government Office "
                "reviews a report once it is submitted."
            )
        raise PermissionDenied(f"Only {_who(report.agreement, 'go')} can review this report.")


def report_go_comment_record(
    *, user, report: ProgressReport, target: Target, comment: str
) -> TargetComment:
    """The Government Office's comment on one target of a submitted report."""
    report = selectors.report_get(report.pk)
    _check_reviewer(user, report)
    errors: dict[str, list[str]] = {}
    comment = _text(comment, "comment", "The comment", errors)
    if not holds(report.agreement, target):
        errors["target"] = ["Choose one of this agreement's targets."]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        row, _ = TargetComment.objects.get_or_create(report=report, target=target)
        row.go_comment = comment
        row.go_comment_by_name = user.display_name
        row.updated_at = clock.now()
        row._history_user = user
        row.save()
        _event(
            user=user,
            report=report,
            target=target,
            action="go_comment",
            description=f"Government Office comment on {target.measure_code}",
            reason=comment,
        )
    return row


def _decide(user, report: ProgressReport, *, status: str, action: str, reason: str, words: str):
    original = report
    report = selectors.report_get(report.pk)
    _check_reviewer(user, report)
    with transaction.atomic():
        report = _locked(report)
        _check_reviewer(user, report)
        before = report.status
        report.status = status
        report._history_user = user
        report.save()
        _event(
            user=user,
            report=report,
            snapshot=selectors.latest_snapshot(report),
            action=action,
            description=f"{report.title} {words}",
            reason=reason,
            from_status=before,
            to_status=status,
        )
    original.status = report.status
    return report


def report_return(*, user, report: ProgressReport, reason: str) -> ProgressReport:
    """The Government Office sends the report back, saying why."""
    _check_reviewer(user, selectors.report_get(report.pk))
    if not (reason or "").strip():
        raise ValidationError({"reason": ["Say why the report is returned and what to change."]})
    return _decide(
        user,
        report,
        status=ReportStatus.RETURNED,
        action="return",
        reason=reason,
        words="returned by the Government Office",
    )


def report_accept(*, user, report: ProgressReport, reason: str = "") -> ProgressReport:
    return _decide(
        user,
        report,
        status=ReportStatus.ACCEPTED,
        action="accept",
        reason=reason,
        words="accepted by the Government Office",
    )


# --- the annual review (rule L6) ----------------------------------------------------------


def _review_year_problem(agreement: Agreement, year: str) -> str:
    from localperf.calculations.periods import PeriodKind, period_parse

    try:
        period = period_parse(year)
    except ValueError as error:
        return str(error)
    if period.kind != PeriodKind.FINANCIAL_YEAR:
        return f"Write the year of the review like “2009/10”, not “{year}”."
    if period.label not in agreement.years:
        return f"{period.label} is not a year of this agreement ({', '.join(agreement.years)})."
    return ""


def annual_review_create(*, user, agreement: Agreement, year: str) -> AnnualReview:
    if not may(user, "add_annualreview", agreement):
        raise PermissionDenied(
            f"Only {_who(agreement, 'go')} can start the annual review of an approved agreement."
        )
    problem = _review_year_problem(agreement, year or "")
    if problem:
        raise ValidationError({"year": [problem]})
    if agreement.annual_reviews.filter(year=year.strip()).exists():
        raise ValidationError(
            {"year": [f"There is already an annual review for {year.strip()}: open it instead."]}
        )
    with transaction.atomic():
        review = AnnualReview.objects.create(
            agreement=agreement, year=year.strip(), created_by=user
        )
        _event(
            user=user,
            review=review,
            action="create",
            description=f"Annual review {review.year} started",
            to_status=AnnualReviewStatus.DRAFT,
        )
    return review


def _decimal(value, field: str, label: str, errors: dict) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        errors[field] = [f"{label} must be a number, like 52.5, not “{value}”."]
        return None
    if not number.is_finite():
        errors[field] = [f"{label} must be a number, like 52.5, not “{value}”."]
        return None
    return number


def annual_review_finding_record(
    *,
    user,
    review: AnnualReview,
    target: Target,
    judgement: str,
    agreed_actions: str = "",
    renegotiate: bool = False,
    renegotiation: RevisionProposal | None = None,
    baseline_value=None,
    baseline_period: str = "",
    baseline_lower=None,
    baseline_upper=None,
    trajectory: dict[str, object] | None = None,
) -> AnnualReviewTarget:
    """The review's finding on one target. A baseline can be confirmed only for a target
    still waiting for one (a placeholder, or a target over a baseline to be confirmed),
    with a target for each remaining year."""
    if not may(user, "change_annualreview", review):
        raise PermissionDenied(
            f"Only {_who(review.agreement, 'go')} can write the review, while it is a draft."
        )
    errors: dict[str, list[str]] = {}
    if not holds(review.agreement, target):
        errors["target"] = ["Choose one of this agreement's targets."]
    if judgement not in Judgement.values:
        errors["judgement"] = ["Say whether the target is on track or at risk."]
    agreed_actions = _text(agreed_actions, "agreed_actions", "The agreed actions", errors)
    if renegotiation is not None:
        if not renegotiate:
            errors["renegotiation"] = [
                "Link a revision proposal only when a renegotiation is requested."
            ]
        elif renegotiation.agreement_id != review.agreement_id:
            errors["renegotiation"] = ["Choose a revision proposal of this agreement."]
    baseline = _decimal(baseline_value, "baseline_value", "The baseline", errors)
    lower = _decimal(baseline_lower, "baseline_lower", "The lower confidence limit", errors)
    upper = _decimal(baseline_upper, "baseline_upper", "The upper confidence limit", errors)
    if lower is not None and upper is not None and lower > upper:
        errors["baseline_upper"] = ["The upper confidence limit must not be below the lower."]
    years: dict[str, str] = {}
    if baseline is not None:
        if target.pk not in {t.pk for t in selectors.placeholder_targets(review.agreement)}:
            errors["baseline_value"] = [
                f"The {target.measure_code} target already has its baseline: only a placeholder "
                "target's baseline is confirmed at the annual review."
            ]
        if not (baseline_period or "").strip():
            errors["baseline_period"] = ["Say which period the baseline is for, e.g. 2008/09."]
        elif problem := period_problem(baseline_period):
            errors["baseline_period"] = [problem]
        for year, text in (trajectory or {}).items():
            if year not in review.agreement.years:
                errors["trajectory"] = [f"{year} is not a year of this agreement."]
                continue
            value = _decimal(text, "trajectory", f"The target for {year}", errors)
            if value is not None:
                years[year] = str(value)
        if not years and "trajectory" not in errors:
            errors["trajectory"] = ["Give the target for at least the final year."]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        finding, _ = AnnualReviewTarget.objects.get_or_create(review=review, target=target)
        finding.judgement = judgement
        finding.agreed_actions = agreed_actions
        finding.renegotiate = renegotiate
        finding.renegotiation = renegotiation if renegotiate else None
        finding.baseline_value = baseline
        finding.baseline_period = (
            period_label_clean(baseline_period) if baseline is not None else ""
        )
        finding.baseline_lower = lower if baseline is not None else None
        finding.baseline_upper = upper if baseline is not None else None
        finding.trajectory = years
        finding.updated_at = clock.now()
        finding._history_user = user
        finding.save()
        _event(
            user=user,
            review=review,
            target=target,
            action="finding",
            description=f"Finding on {target.measure_code}: {Judgement(judgement).label}",
            reason=agreed_actions,
        )
    return finding


def annual_review_issue(
    *, user, review: AnnualReview, summary: str = "", on: datetime.date | None = None
) -> AnnualReview:
    """Issue the review as the Government Office's annual review report: every active
    target has a finding."""
    if not may(user, "change_annualreview", review):
        raise PermissionDenied(f"Only {_who(review.agreement, 'go')} can issue the review.")
    missing = held_targets(review.agreement).exclude(pk__in=review.findings.values("target_id"))
    if missing.exists():
        codes = ", ".join(t.measure_code for t in missing.select_related("indicator", "measure"))
        raise ValidationError(
            {NON_FIELD_ERRORS: [f"Record a finding on every target first; still to do: {codes}."]}
        )
    with transaction.atomic():
        review.status = AnnualReviewStatus.ISSUED
        review.summary = (summary or review.summary).strip()
        review.issued_on = on or clock.today()
        review._history_user = user
        review.save()
        _event(
            user=user,
            review=review,
            action="issue",
            description=f"Annual review {review.year} issued",
            from_status=AnnualReviewStatus.DRAFT,
            to_status=AnnualReviewStatus.ISSUED,
        )
    return review


def annual_review_baselines_propose(
    *, user, review: AnnualReview, effective_from: datetime.date
) -> RevisionProposal:
    """Rules A5, D2, L3: the baselines the review confirmed become a revision proposal,
    through the agreements services, each placeholder target changed to a trajectory
    from the confirmed baseline. The proposal then goes the usual way (partners agree,
    the Secretary of State approves designated targets), and its approval sets the
    targets' new versions."""
    if not may(user, "propose_baselines", review):
        raise PermissionDenied(
            f"Only {_who(review.agreement, 'lsp')} can propose the confirmed baselines, once "
            "the review is issued."
        )
    findings = [
        f
        for f in selectors.review_findings(review)
        if f.confirms_baseline and f.baseline_revision_id is None
    ]
    if not findings:
        raise ValidationError(
            {NON_FIELD_ERRORS: ["The review confirms no baseline that is not already proposed."]}
        )
    with transaction.atomic():
        revision = agreement_services.revision_create(
            user=user,
            agreement=review.agreement,
            title=f"Annual review {review.year}: baselines confirmed",
            reason=(
                f"The Government Office's annual review of {review.year} confirmed the "
                "baselines of the placeholder targets; this sets their trajectories."
            ),
            effective_from=effective_from,
        )
        for finding in findings:
            target = finding.target
            data = agreement_services.target_input_from_target(target)
            trajectory = dict(data.trajectory)
            trajectory.update({y: Decimal(v) for y, v in finding.trajectory.items()})
            data = replace(
                data,
                setting=TargetSetting.TRAJECTORY,
                baseline_value=finding.baseline_value,
                baseline_period=finding.baseline_period,
                baseline_lower=finding.baseline_lower,
                baseline_upper=finding.baseline_upper,
                baseline_to_be_confirmed=False,
                improvement_percent=None,
                trajectory=trajectory,
            )
            agreement_services.revision_add_change(
                user=user, revision=revision, action="change", target=target, data=data
            )
            finding.baseline_revision = revision
            finding._history_user = user
            finding.save()
        _event(
            user=user,
            review=review,
            action="baselines_proposed",
            description=f"Confirmed baselines proposed as revision {revision.number}",
        )
    return revision
