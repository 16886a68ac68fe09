"""Pages of the reports area: the six-monthly progress report and the self-assessment
(rules M1, L6), their downloads and comparison with the data now, and the Government
Office's annual review record.

As elsewhere: sign-in first; 404 when the user may not see the agreement at all, 403
with the reason when they can see it but not this report or action."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from localperf.agreements import selectors as agreement_selectors
from localperf.agreements.models import Target
from localperf.reports import selectors, services
from localperf.reports.forms import (
    BaselinesForm,
    FindingForm,
    GoCommentForm,
    IssueForm,
    ReportCreateForm,
    ReviewCreateForm,
    StepForm,
    TargetCommentForm,
)
from localperf.reports.models import AnnualReview, ProgressReport
from localperf.reports.permissions import can_comment_on_target, may
from localperf.reports.renderers import file_stem
from localperf.reports.renderers.pdf import report_pdf, review_pdf
from localperf.reports.renderers.table import report_csv
from localperf.reports.renderers.workbook import report_workbook

HIDDEN_REPORT = (
    "A report is shared with its partnership and its Government Office; central government "
    "and inspectors see it once it is submitted."
)
HIDDEN_REVIEW = (
    "An annual review is shared with the partnership, its Government Office and central "
    "government; inspectors see it once it is issued."
)
DOWNLOADS = {
    "pdf": ("application/pdf", report_pdf),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        report_workbook,
    ),
    "csv": ("text/csv; charset=utf-8", report_csv),
}
STEPS = {
    "submit": ("Submit the report to the Government Office", False, services.report_submit),
    "accept": ("Accept the report", False, services.report_accept),
    "return": ("Return the report", True, services.report_return),
}


def _agreement(request, pk: int):
    agreement = agreement_selectors.agreement_get_for(request.user, pk)
    if agreement is None:
        raise Http404("There is no agreement here that you can see.")
    return agreement


def _report(request, pk: int) -> ProgressReport:
    report = selectors.report_get(pk)
    if (
        report is None
        or agreement_selectors.agreement_get_for(request.user, report.agreement_id) is None
    ):
        raise Http404("There is no report here that you can see.")
    if not may(request.user, "view_progressreport", report):
        raise PermissionDenied(HIDDEN_REPORT)
    return report


def _review(request, pk: int) -> AnnualReview:
    review = selectors.review_get(pk)
    if (
        review is None
        or agreement_selectors.agreement_get_for(request.user, review.agreement_id) is None
    ):
        raise Http404("There is no annual review here that you can see.")
    if not may(request.user, "view_annualreview", review):
        raise PermissionDenied(HIDDEN_REVIEW)
    return review


def _form_page(request, form, *, title: str, caption: str, back_url: str, intro: str = ""):
    return render(
        request,
        "agreements/form_page.html",
        {"form": form, "title": title, "caption": caption, "back_url": back_url, "intro": intro},
    )


def _post(request):
    return request.POST if request.method == "POST" else None


@login_required
def agreement_reports(request, pk: int):
    agreement = _agreement(request, pk)
    user = request.user
    reports = [r for r in selectors.reports_of(agreement) if may(user, "view_progressreport", r)]
    reviews = [r for r in agreement.annual_reviews.all() if may(user, "view_annualreview", r)]
    return render(
        request,
        "reports/agreement_reports.html",
        {
            "agreement": agreement,
            "reports": reports,
            "reviews": reviews,
            "can_start_report": may(user, "add_progressreport", agreement),
            "can_start_review": may(user, "add_annualreview", agreement),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_create(request, pk: int):
    agreement = _agreement(request, pk)
    if not may(request.user, "add_progressreport", agreement):
        raise PermissionDenied(
            "Only the performance manager of the responsible authority can start a report, "
            "and only on an approved agreement."
        )
    form = ReportCreateForm(_post(request))
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_create(
                user=request.user, agreement=agreement, **form.service_arguments()
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"{report.title} started.")
            return redirect("reports:detail", pk=report.pk)
    return _form_page(
        request,
        form,
        title="Start a report",
        caption=agreement.title,
        back_url=reverse("reports:agreement_reports", args=[agreement.pk]),
        intro="The figures come from the data already returned: nobody retypes them.",
    )


@login_required
def report_detail(request, pk: int):
    report = _report(request, pk)
    user = request.user
    view = selectors.report_view(report)
    commentable = set()
    if report.is_editable:
        targets = {t.pk: t for t in selectors.report_targets(report)}
        commentable = {i for i, t in targets.items() if can_comment_on_target(user, report, t)}
    return render(
        request,
        "reports/report_detail.html",
        {
            "report": report,
            "view": view,
            "content": view.content,
            "commentable": commentable,
            "can_submit": may(user, "submit_progressreport", report),
            "can_review": may(user, "review_progressreport", report),
            "events": report.events.select_related(
                "target", "target__indicator", "target__measure"
            ),
            "has_snapshot": report.snapshots.exists(),
        },
    )


def _report_target(report: ProgressReport, target_id: int) -> Target:
    return get_object_or_404(
        Target.objects.select_related("indicator", "measure"),
        pk=target_id,
        agreement_id=report.agreement_id,
    )


def _comment_page(request, report, target, form, *, record, title: str, intro: str = ""):
    """A per-target comment form: saved through ``record`` (the service), back to the
    target's row of the report; a refusal from the service is shown on the form."""
    if request.method == "POST" and form.is_valid():
        try:
            record(user=request.user, report=report, target=target, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"Comment on {target.measure_code} saved.")
            return redirect(f"{reverse('reports:detail', args=[report.pk])}#target-{target.pk}")
    return _form_page(
        request,
        form,
        title=title,
        caption=report.title,
        back_url=reverse("reports:detail", args=[report.pk]),
        intro=intro,
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_target_comment(request, pk: int, target_id: int):
    report = _report(request, pk)
    target = _report_target(report, target_id)
    if not can_comment_on_target(request.user, report, target):
        raise PermissionDenied(
            "Only the performance manager, or a partner signed up to this target, can write "
            "its comment, while the report is a draft or returned."
        )
    existing = report.comments.filter(target=target).first()
    initial = {"progress": existing.progress, "evidence": existing.evidence} if existing else {}
    return _comment_page(
        request,
        report,
        target,
        TargetCommentForm(_post(request), initial=initial),
        record=services.report_comment_record,
        title=f"Comment on {target.measure_code}",
        intro=target.title or target.indicator.title,
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_go_comment(request, pk: int, target_id: int):
    report = _report(request, pk)
    target = _report_target(report, target_id)
    if not may(request.user, "review_progressreport", report):
        raise PermissionDenied(
            "Only the Government Office of the region comments on a submitted report."
        )
    existing = report.comments.filter(target=target).first()
    return _comment_page(
        request,
        report,
        target,
        GoCommentForm(_post(request), initial={"comment": existing.go_comment} if existing else {}),
        record=services.report_go_comment_record,
        title=f"Government Office comment on {target.measure_code}",
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_step(request, pk: int, step: str):
    report = _report(request, pk)
    if step not in STEPS:
        raise Http404("There is no such step.")
    title, required, service = STEPS[step]
    permission = "submit_progressreport" if step == "submit" else "review_progressreport"
    if not may(request.user, permission, report):
        raise PermissionDenied(
            "Only the performance manager submits a draft or returned report; only the "
            "Government Office of the region accepts or returns a submitted one."
        )
    form = StepForm(_post(request), submit_label=title, required=required)
    if request.method == "POST" and form.is_valid():
        try:
            service(user=request.user, report=report, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            report.refresh_from_db()
            messages.success(request, f"{report.title}: {report.get_status_display().lower()}.")
            return redirect("reports:detail", pk=report.pk)
    intro = (
        "The figures will be frozen as they stand now: the report will stay exactly as "
        "submitted, even if the data are corrected later."
        if step == "submit"
        else ""
    )
    return _form_page(
        request,
        form,
        title=title,
        caption=report.title,
        back_url=reverse("reports:detail", args=[report.pk]),
        intro=intro,
    )


@login_required
def report_changes(request, pk: int):
    report = _report(request, pk)
    snapshot, changes = selectors.report_changes(report)
    return render(
        request,
        "reports/report_changes.html",
        {"report": report, "snapshot": snapshot, "changes": changes},
    )


@login_required
def report_download(request, pk: int, file_format: str):
    report = _report(request, pk)
    if file_format not in DOWNLOADS:
        raise Http404("Reports download as pdf, xlsx or csv.")
    content_type, render_file = DOWNLOADS[file_format]
    view = selectors.report_view(report)
    response = HttpResponse(render_file(view), content_type=content_type)
    name = file_stem(view.content) + ("-draft" if view.is_draft else "")
    response["Content-Disposition"] = f'attachment; filename="{name}.{file_format}"'
    return response


# --- annual review -----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def review_create(request, pk: int):
    agreement = _agreement(request, pk)
    if not may(request.user, "add_annualreview", agreement):
        raise PermissionDenied(
            "Only the Government Office of the region starts the annual review of an "
            "approved agreement."
        )
    form = ReviewCreateForm(_post(request))
    if request.method == "POST" and form.is_valid():
        try:
            review = services.annual_review_create(
                user=request.user, agreement=agreement, year=form.cleaned_data["year"]
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            return redirect("reports:review", pk=review.pk)
    return _form_page(
        request,
        form,
        title="Start the annual review",
        caption=agreement.title,
        back_url=reverse("reports:agreement_reports", args=[agreement.pk]),
    )


def _review_context(review: AnnualReview) -> dict:
    findings = {f.target_id: f for f in selectors.review_findings(review)}
    targets = selectors.under_review_targets(review.agreement)
    placeholders = {t.pk for t in selectors.placeholder_targets(review.agreement)}
    rows = [(t, findings.get(t.pk), t.pk in placeholders) for t in targets]
    return {"review": review, "rows": rows, "events": review.events.select_related("target")}


@login_required
def review_detail(request, pk: int):
    review = _review(request, pk)
    context = _review_context(review)
    context.update(
        can_change=may(request.user, "change_annualreview", review),
        can_propose=may(request.user, "propose_baselines", review),
    )
    return render(request, "reports/review_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def review_finding(request, pk: int, target_id: int):
    review = _review(request, pk)
    if not may(request.user, "change_annualreview", review):
        raise PermissionDenied(
            "Only the Government Office of the region writes the review, while it is a draft."
        )
    target = get_object_or_404(
        Target.objects.select_related("indicator", "measure"),
        pk=target_id,
        agreement_id=review.agreement_id,
    )
    placeholder = target.pk in {t.pk for t in selectors.placeholder_targets(review.agreement)}
    existing = review.findings.filter(target=target).first()
    initial = {}
    if existing:
        initial = {
            "judgement": existing.judgement,
            "agreed_actions": existing.agreed_actions,
            "renegotiate": existing.renegotiate,
            "renegotiation": existing.renegotiation,
            "baseline_value": existing.baseline_value,
            "baseline_period": existing.baseline_period,
            "baseline_lower": existing.baseline_lower,
            "baseline_upper": existing.baseline_upper,
            **{f"year_{y}": v for y, v in existing.trajectory.items()},
        }
    form = FindingForm(
        _post(request),
        initial=initial,
        revisions=selectors.open_revisions(request.user, review.agreement),
        years=review.agreement.years,
        placeholder=placeholder,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.annual_review_finding_record(
                user=request.user, review=review, target=target, **form.service_arguments()
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"Finding on {target.measure_code} saved.")
            return redirect("reports:review", pk=review.pk)
    return _form_page(
        request,
        form,
        title=f"Finding on {target.measure_code}",
        caption=f"Annual review {review.year}",
        back_url=reverse("reports:review", args=[review.pk]),
        intro=target.title or target.indicator.title,
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_issue(request, pk: int):
    review = _review(request, pk)
    if not may(request.user, "change_annualreview", review):
        raise PermissionDenied("Only the Government Office of the region issues the review.")
    form = IssueForm(_post(request), initial={"summary": review.summary})
    if request.method == "POST" and form.is_valid():
        try:
            services.annual_review_issue(user=request.user, review=review, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"Annual review {review.year} issued.")
            return redirect("reports:review", pk=review.pk)
    return _form_page(
        request,
        form,
        title="Issue the annual review",
        caption=f"Annual review {review.year}",
        back_url=reverse("reports:review", args=[review.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_baselines(request, pk: int):
    review = _review(request, pk)
    if not may(request.user, "propose_baselines", review):
        raise PermissionDenied(
            "Only the performance manager proposes the confirmed baselines, once the review "
            "is issued."
        )
    form = BaselinesForm(_post(request))
    if request.method == "POST" and form.is_valid():
        try:
            revision = services.annual_review_baselines_propose(
                user=request.user, review=review, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"Revision {revision.number} started with the baselines.")
            return redirect("agreements:revision", revision.agreement_id, revision.number)
    return _form_page(
        request,
        form,
        title="Propose the confirmed baselines",
        caption=f"Annual review {review.year}",
        back_url=reverse("reports:review", args=[review.pk]),
        intro="A revision proposal is started with the confirmed baselines and trajectories; "
        "it goes to the partners and, for designated targets, the Secretary of State.",
    )


@login_required
def review_download(request, pk: int):
    review = _review(request, pk)
    context = _review_context(review)
    response = HttpResponse(
        review_pdf(review, context["rows"], context["events"]), content_type="application/pdf"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="annual-review-{review.year.replace("/", "-")}.pdf"'
    )
    return response
