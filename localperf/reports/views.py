"""Pages of the reports area: the six-monthly progress report and the self-assessment
(rules M1, L6), their downloads and comparison with the data now, and the Government
Office's annual review record.

As elsewhere: sign-in first; 404 when the user may not see the agreement at all, 403
with the reason when they can see it but not this report or action."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods
from django_htmx.http import HttpResponseClientRefresh

from localperf.agreements.access import agreement_for_user_or_404
from localperf.agreements.holdings import held_targets
from localperf.agreements.models import Agreement, Target, TargetStatus
from localperf.reports import files, pages, selectors, services
from localperf.reports.access import report_for_user_or_404, review_for_user_or_404
from localperf.reports.forms import (
    BaselinesForm,
    FindingForm,
    GoCommentForm,
    IssueForm,
    ReportCreateForm,
    ReviewCreateForm,
    StepForm,
    TargetCommentForm,
    finding_initial,
)
from localperf.reports.models import AnnualReview, ReportFile, ReportFileStatus
from localperf.reports.permissions import can_comment_on_target, may
from localperf.reports.renderers import file_stem
from localperf.reports.renderers.pdf import review_pdf
from localperf.reports.renderers.table import report_csv
from localperf.reports.renderers.workbook import report_workbook
from localperf.web.downloads import file_response
from localperf.web.pages import form_page, permitted_or_403, posted

# The PDF is kept once printed (``reports.files``); the others are quick to make.
DOWNLOADS = {"xlsx": report_workbook, "csv": report_csv}
SUBMIT_INTRO = (
    "The figures will be frozen as they stand now: the report will stay exactly as "
    "submitted, even if the data are corrected later."
)
STEP_REFUSED = (
    "Only the performance manager submits a draft or returned report; only the "
    "Government Office of the region accepts or returns a submitted one."
)


class Step(NamedTuple):
    """A step of a report's life: its button, whether a comment is required, the service
    that takes it, the permission it needs and what the page says first."""

    title: str
    required: bool
    service: Callable
    permission: str
    intro: str = ""


STEPS = {
    "submit": Step(
        "Submit the report to the Government Office", False, services.report_submit,
        "submit_progressreport", SUBMIT_INTRO,
    ),
    "accept": Step("Accept the report", False, services.report_accept, "review_progressreport"),
    "return": Step("Return the report", True, services.report_return, "review_progressreport"),
}  # fmt: skip


@login_required
def agreement_reports(request, pk: int):
    agreement = agreement_for_user_or_404(request.user, pk)
    context = selectors.agreement_reports_page(agreement, request.user)
    return render(request, "reports/agreement_reports.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def report_create(request, pk: int):
    agreement = agreement_for_user_or_404(request.user, pk)
    permitted_or_403(
        may(request.user, "add_progressreport", agreement),
        "Only the performance manager of the responsible authority can start a report, "
        "and only on an approved agreement.",
    )

    def save(form):
        report = services.report_create(
            user=request.user, agreement=agreement, **form.service_arguments()
        )
        messages.success(request, f"{report.title} started.")
        return redirect("reports:detail", pk=report.pk)

    return form_page(
        request,
        ReportCreateForm(posted(request)),
        save=save,
        title="Start a report",
        caption=agreement.title,
        back_url=reverse("reports:agreement_reports", args=[agreement.pk]),
        intro="The figures come from the data already returned: nobody retypes them.",
    )


@login_required
def report_detail(request, pk: int):
    report = report_for_user_or_404(request.user, pk)
    context = pages.report_detail_page(report, request.user, request.GET)
    status = 400 if context["form"].errors else 200
    return render(request, "reports/report_detail.html", context, status=status)


@login_required
def report_target(request, pk: int, target_id: int):
    report = report_for_user_or_404(request.user, pk)
    target = _target_of(report.agreement, target_id)
    context = pages.target_page(report, target, request.user)
    return render(request, "reports/report_target.html", context)


def _target_of(agreement: Agreement, target_id: int) -> Target:
    """The agreement's target with this id, own or carried (``holdings``); 404 if it
    has none."""
    return get_object_or_404(
        held_targets(agreement, statuses=TargetStatus.values).select_related(
            "indicator", "measure"
        ),
        pk=target_id,
    )


def _comment_page(request, report, target, form, *, record, title: str, intro: str = ""):
    """A per-target comment form: saved through ``record`` (the service), back to the
    target's row of the report; a refusal from the service is shown on the form."""

    def save(form):
        record(user=request.user, report=report, target=target, **form.cleaned_data)
        messages.success(request, f"Comment on {target.measure_code} saved.")
        return redirect(f"{reverse('reports:detail', args=[report.pk])}#target-{target.pk}")

    return form_page(
        request,
        form,
        save=save,
        title=title,
        caption=report.title,
        back_url=f"{reverse('reports:detail', args=[report.pk])}#target-{target.pk}",
        intro=intro,
        template="reports/target_comment.html",
        **pages.target_page(report, target, request.user),
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_target_comment(request, pk: int, target_id: int):
    report = report_for_user_or_404(request.user, pk)
    target = _target_of(report.agreement, target_id)
    permitted_or_403(
        can_comment_on_target(request.user, report, target),
        "Only the performance manager, or a partner signed up to this target, can write "
        "its comment, while the report is a draft or returned.",
    )
    existing = report.comments.filter(target=target).first()
    initial = {"progress": existing.progress, "evidence": existing.evidence} if existing else {}
    return _comment_page(
        request,
        report,
        target,
        TargetCommentForm(posted(request), initial=initial),
        record=services.report_comment_record,
        title=f"Comment on {target.measure_code}",
        intro=target.title or target.indicator.title,
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_go_comment(request, pk: int, target_id: int):
    report = report_for_user_or_404(request.user, pk)
    target = _target_of(report.agreement, target_id)
    permitted_or_403(
        may(request.user, "review_progressreport", report),
        "Only the Government Office of the region comments on a submitted report.",
    )
    existing = report.comments.filter(target=target).first()
    return _comment_page(
        request,
        report,
        target,
        GoCommentForm(
            posted(request), initial={"comment": existing.go_comment} if existing else {}
        ),
        record=services.report_go_comment_record,
        title=f"Government Office comment on {target.measure_code}",
        intro=target.title or target.indicator.title,
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_step(request, pk: int, step: str):
    report = report_for_user_or_404(request.user, pk)
    if step not in STEPS:
        raise Http404("There is no such step.")
    chosen = STEPS[step]
    permitted_or_403(may(request.user, chosen.permission, report), STEP_REFUSED)

    def save(form):
        chosen.service(user=request.user, report=report, **form.cleaned_data)
        report.refresh_from_db()
        messages.success(request, f"{report.title}: {report.get_status_display().lower()}.")
        return redirect("reports:detail", pk=report.pk)

    return form_page(
        request,
        StepForm(posted(request), submit_label=chosen.title, required=chosen.required),
        save=save,
        title=chosen.title,
        caption=report.title,
        back_url=reverse("reports:detail", args=[report.pk]),
        intro=chosen.intro,
        **(
            {"template": "reports/report_submit.html", **pages.submit_check(report)}
            if step == "submit"
            else {}
        ),
    )


@login_required
def report_changes(request, pk: int):
    report = report_for_user_or_404(request.user, pk)
    snapshot, changes = selectors.report_changes(report)
    return render(
        request,
        "reports/report_changes.html",
        {"report": report, "snapshot": snapshot, "changes": changes},
    )


@login_required
def report_download(request, pk: int, file_format: str):
    report = report_for_user_or_404(request.user, pk)
    if file_format == files.PDF:
        file = files.report_file_request(report=report)
        if file.status == ReportFileStatus.READY:
            return file_response(file.name, bytes(file.data))
        return redirect("reports:file", pk=report.pk, file_id=file.pk)
    if file_format not in DOWNLOADS:
        raise Http404("Reports download as pdf, xlsx or csv.")
    view = selectors.report_view(report)
    name = file_stem(view.content) + ("-draft" if view.is_draft else "")
    return file_response(f"{name}.{file_format}", DOWNLOADS[file_format](view))


def _file_of(request, pk: int, file_id: int) -> tuple:
    """The report (as its page: 404 or 403 for those who may not see it) and its file."""
    report = report_for_user_or_404(request.user, pk)
    return report, ReportFile.objects.filter(pk=file_id, report=report).first()


@login_required
def report_file(request, pk: int, file_id: int):
    """The page "Your PDF is being prepared": its progress, refreshed (htmx every second, or the
    page itself every two without JavaScript), then its download."""
    report, file = _file_of(request, pk, file_id)
    if file is None:  # replaced by a newer version of the report
        return redirect("reports:download", pk=report.pk, file_format=files.PDF)
    return render(request, "reports/report_file.html", {"report": report, "file": file})


@login_required
def report_file_status(request, pk: int, file_id: int):
    report, file = _file_of(request, pk, file_id)
    if file is None or not file.is_working:
        return HttpResponseClientRefresh()
    context = {"report": report, "file": file}
    return render(request, "reports/includes/report_file_status.html", context)


@login_required
def report_file_download(request, pk: int, file_id: int):
    report, file = _file_of(request, pk, file_id)
    if file is None or file.status != ReportFileStatus.READY:
        return redirect("reports:download", pk=report.pk, file_format=files.PDF)
    return file_response(file.name, bytes(file.data))


# --- annual review -----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def review_create(request, pk: int):
    agreement = agreement_for_user_or_404(request.user, pk)
    permitted_or_403(
        may(request.user, "add_annualreview", agreement),
        "Only the Government Office of the region starts the annual review of an "
        "approved agreement.",
    )

    def save(form):
        review = services.annual_review_create(
            user=request.user, agreement=agreement, **form.cleaned_data
        )
        return redirect("reports:review", pk=review.pk)

    return form_page(
        request,
        ReviewCreateForm(posted(request)),
        save=save,
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
    review = review_for_user_or_404(request.user, pk)
    context = _review_context(review)
    context.update(
        can_change=may(request.user, "change_annualreview", review),
        can_propose=may(request.user, "propose_baselines", review),
    )
    return render(request, "reports/review_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def review_finding(request, pk: int, target_id: int):
    review = review_for_user_or_404(request.user, pk)
    permitted_or_403(
        may(request.user, "change_annualreview", review),
        "Only the Government Office of the region writes the review, while it is a draft.",
    )
    target = _target_of(review.agreement, target_id)
    form = FindingForm(
        posted(request),
        initial=finding_initial(review.findings.filter(target=target).first()),
        revisions=selectors.open_revisions(request.user, review.agreement),
        years=review.agreement.years,
        placeholder=selectors.is_placeholder_target(review.agreement, target),
    )

    def save(form):
        services.annual_review_finding_record(
            user=request.user, review=review, target=target, **form.service_arguments()
        )
        messages.success(request, f"Finding on {target.measure_code} saved.")
        return redirect("reports:review", pk=review.pk)

    return form_page(
        request,
        form,
        save=save,
        title=f"Finding on {target.measure_code}",
        caption=f"Annual review {review.year}",
        back_url=reverse("reports:review", args=[review.pk]),
        intro=target.title or target.indicator.title,
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_issue(request, pk: int):
    review = review_for_user_or_404(request.user, pk)
    permitted_or_403(
        may(request.user, "change_annualreview", review),
        "Only the Government Office of the region issues the review.",
    )

    def save(form):
        services.annual_review_issue(user=request.user, review=review, **form.cleaned_data)
        messages.success(request, f"Annual review {review.year} issued.")
        return redirect("reports:review", pk=review.pk)

    return form_page(
        request,
        IssueForm(posted(request), initial={"summary": review.summary}),
        save=save,
        title="Issue the annual review",
        caption=f"Annual review {review.year}",
        back_url=reverse("reports:review", args=[review.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_baselines(request, pk: int):
    review = review_for_user_or_404(request.user, pk)
    permitted_or_403(
        may(request.user, "propose_baselines", review),
        "Only the performance manager proposes the confirmed baselines, once the review is issued.",
    )

    def save(form):
        revision = services.annual_review_baselines_propose(
            user=request.user, review=review, **form.cleaned_data
        )
        messages.success(request, f"Revision {revision.number} started with the baselines.")
        return redirect("agreements:revision", revision.agreement_id, revision.number)

    return form_page(
        request,
        BaselinesForm(posted(request)),
        save=save,
        title="Propose the confirmed baselines",
        caption=f"Annual review {review.year}",
        back_url=reverse("reports:review", args=[review.pk]),
        intro="A revision proposal is started with the confirmed baselines and trajectories; "
        "it goes to the partners and, for designated targets, the Secretary of State.",
    )


@login_required
def review_download(request, pk: int):
    review = review_for_user_or_404(request.user, pk)
    context = _review_context(review)
    return file_response(
        f"annual-review-{review.year.replace('/', '-')}.pdf",
        review_pdf(review, context["rows"], context["events"]),
    )
