"""What the report's pages show, built from its content (``selectors.report_view``) and
read through ``summary``: the report page (the returned notice, the summary, the task
list of targets with its filters), a target's page and comment pages (its figures, chart
and both parties' comments) and the check before submitting. The views decide who sees
them."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from localperf.agreements.models import Target
from localperf.reports import selectors
from localperf.reports.forms import ReportFilterForm
from localperf.reports.models import ProgressReport, ReportStatus
from localperf.reports.permissions import can_comment_on_target, may
from localperf.reports.selectors import ReportView
from localperf.reports.summary import is_commented, keeps, rating_of

# A report's status as a GOV.UK tag colour: a returned report stands out from a draft.
STATUS_TAGS = {
    ReportStatus.DRAFT: "govuk-tag--grey",
    ReportStatus.SUBMITTED: "govuk-tag--blue",
    ReportStatus.RETURNED: "govuk-tag--orange",
    ReportStatus.ACCEPTED: "govuk-tag--green",
}


@dataclass(frozen=True)
class Task:
    """A target in the report's task list: where it leads and whether it is done."""

    target: dict
    url: str
    commented: bool
    go_commented: bool


def _task_url(report: ProgressReport, target_id: int, *, comments: bool, reviews: bool) -> str:
    if comments:
        return reverse("reports:target_comment", args=[report.pk, target_id])
    if reviews:
        return reverse("reports:go_comment", args=[report.pk, target_id])
    return reverse("reports:target", args=[report.pk, target_id])


def commentable_targets(report: ProgressReport, user) -> set[int]:
    """The targets the user may write the partnership's comment on (none unless the
    report is a draft or returned)."""
    if not report.is_editable:
        return set()
    targets = selectors.report_targets(report)
    return {t.pk for t in targets if can_comment_on_target(user, report, t)}


def report_detail_page(report: ProgressReport, user, query) -> dict:
    """The report page: the returned notice, the summary, and the task list of targets
    (kept by the filters in ``query``, a GET)."""
    view = selectors.report_view(report)
    form = ReportFilterForm(query if query else None)
    chosen = form.chosen()
    commentable = commentable_targets(report, user)
    can_review = may(user, "review_progressreport", report)
    outcomes = []
    shown = 0
    for outcome in view.content["outcomes"]:
        tasks = [
            Task(
                target=t,
                url=_task_url(report, t["id"], comments=t["id"] in commentable, reviews=can_review),
                commented=is_commented(t),
                go_commented=bool(view.go_comments.get(t["id"])),
            )
            for t in outcome["targets"]
            if keeps(t, **chosen)
        ]
        shown += len(tasks)
        if tasks:
            outcomes.append({"title": outcome["title"], "theme": outcome["theme"], "tasks": tasks})
    return {
        "report": report,
        "view": view,
        "content": view.content,
        "summary": view.summary,
        "status_tag": STATUS_TAGS[report.status],
        "returned": selectors.returned_notice(report),
        "go_commented": [t for t in view.targets if view.go_comments.get(t["id"])],
        "form": form,
        "filtered": any(chosen.values()),
        "shown": shown,
        "outcomes": outcomes,
        "can_comment": bool(commentable),
        "can_submit": may(user, "submit_progressreport", report),
        "can_review": can_review,
        "events": report.events.select_related("target", "target__indicator", "target__measure"),
        "has_snapshot": report.snapshots.exists(),
    }


def target_in(view: ReportView, target: Target) -> tuple[dict | None, dict | None, dict | None]:
    """The target's content in the report (None when it is not in it, e.g. a target
    added after submission) and the targets before and after it, for "previous" and
    "next"."""
    targets = list(view.targets)
    for index, item in enumerate(targets):
        if item["id"] == target.pk:
            before = targets[index - 1] if index else None
            after = targets[index + 1] if index + 1 < len(targets) else None
            return item, before, after
    return None, None, None


def target_page(report: ProgressReport, target: Target, user) -> dict:
    """A target of the report: its figures, chart and both parties' comments, with the
    links to write them for those who may."""
    view = selectors.report_view(report)
    item, before, after = target_in(view, target)
    comment = report.comments.filter(target=target).first()
    may_comment = report.is_editable and can_comment_on_target(user, report, target)
    can_review = may(user, "review_progressreport", report)

    def link(neighbour: dict | None) -> str:
        if neighbour is None:
            return ""
        return _task_url(report, neighbour["id"], comments=may_comment, reviews=can_review)

    return {
        "report": report,
        "view": view,
        "content": view.content,
        "item": item,
        "rating": rating_of(item) if item else None,
        "comment": comment,
        "go_comment": comment.go_comment if comment else "",
        "go_comment_by": comment.go_comment_by_name if comment else "",
        "may_comment": may_comment,
        "can_review": can_review,
        "previous": (before, link(before)),
        "next": (after, link(after)),
        "status_tag": STATUS_TAGS[report.status],
        "report_url": f"{reverse('reports:detail', args=[report.pk])}#target-{target.pk}",
    }


def submit_check(report: ProgressReport) -> dict:
    """Check your answers before submitting: what will be frozen, and what is still
    missing (a warning, never a refusal: the partnership may submit as it stands)."""
    view = selectors.report_view(report)
    return {
        "report": report,
        "view": view,
        "summary": view.summary,
        "returned": selectors.returned_notice(report),
    }
