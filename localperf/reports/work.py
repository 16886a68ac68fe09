"""For the home page's work list (rule M1): the six-monthly progress report a
performance manager has still to start, and the comments a partner has still to draft.

Every six months the partnership reports on the half-year that has just ended. On any
day, the report due is the one on the latest half-year that ended before it, for each
agreement in force over that half-year that has no report on it yet (a draft or a
returned report is listed by ``selectors.report_work_items`` instead). Its due date is
the timetable's six-monthly progress report date for that half-year when staff entered
one (``reviews``); without one the report is due, never overdue, as in the region view.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Count
from django.urls import reverse

from localperf.accounts.roles import is_performance_manager, speaks_for_partner
from localperf.agreements.models import PUBLISHED_STATUSES, Agreement, Target
from localperf.calculations.periods import half_year_before
from localperf.reports.models import (
    EDITABLE_REPORT_STATUSES,
    ProgressReport,
    ReportKind,
    TargetComment,
)
from localperf.reviews.models import Milestone, MilestoneKind
from localperf.web.work import WorkItem


def _report_dates() -> dict[str, datetime.date]:
    """Half-year label → the first timetable date for its progress report. One query."""
    due: dict[str, datetime.date] = {}
    days = Milestone.objects.filter(kind=MilestoneKind.PROGRESS_REPORT).order_by("due_on")
    for day in days.values_list("due_on", flat=True):
        due.setdefault(half_year_before(day).label, day)
    return due


def report_due_work_items(user, *, today: datetime.date) -> Iterable[WorkItem]:
    """For the performance manager of a council responsible for agreements in force: the
    progress report on the half-year just ended, when not yet started. Three queries."""
    organisation_id = getattr(user, "organisation_id", None)
    if not organisation_id or not is_performance_manager(user):
        return []
    half = half_year_before(today)
    agreements = [
        agreement
        for agreement in Agreement.objects.filter(
            responsible_authority_id=organisation_id, status__in=PUBLISHED_STATUSES
        )
        .exclude(
            progress_reports__kind=ReportKind.PROGRESS, progress_reports__period_label=half.label
        )
        .order_by("title")
        if agreement.starts_on <= half.start and half.end <= agreement.ends_on
    ]
    if not agreements:
        return []
    due_on = _report_dates().get(half.label)
    return [
        WorkItem(
            f"Start the six-monthly progress report for {half.label}: {agreement.title}",
            reverse("reports:agreement_reports", args=[agreement.pk]),
            f"Report on {half.start:%-d %B %Y} to {half.end:%-d %B %Y}: profile, actual, "
            "variance and risk rating of every target, with your comments.",
            due_on=due_on,
            due_now=True,
            source="reports",
        )
        for agreement in agreements
    ]


def comment_work_items(user, *, today: datetime.date) -> Iterable[WorkItem]:
    """For a partner: the reports being written (draft or returned) on agreements it is
    signed up to, with how many of its targets still have no comment from the
    partnership (it drafts those, ``permissions.can_comment_on_target``). Two queries;
    none for the responsible authority, whose report items say the same."""
    organisation_id = getattr(user, "organisation_id", None)
    if not organisation_id or not speaks_for_partner(user):
        return []
    reports = list(
        ProgressReport.objects.filter(
            status__in=EDITABLE_REPORT_STATUSES,
            agreement__targets__partners__organisation_id=organisation_id,
        )
        .exclude(agreement__responsible_authority_id=organisation_id)
        .select_related("agreement")
        .distinct()
        .order_by("agreement__title", "period_label")
    )
    if not reports:
        return []
    theirs = dict(
        Target.objects.filter(
            agreement_id__in={r.agreement_id for r in reports},
            status="active",
            partners__organisation_id=organisation_id,
        )
        .values_list("agreement_id")
        .annotate(n=Count("pk", distinct=True))
    )
    commented = dict(
        TargetComment.objects.filter(
            report__in=reports, target__partners__organisation_id=organisation_id
        )
        .exclude(progress="")
        .values_list("report_id")
        .annotate(n=Count("target_id", distinct=True))
    )
    items = []
    for report in reports:
        total = theirs.get(report.agreement_id, 0)
        done = commented.get(report.pk, 0)
        if total and done < total:
            items.append(
                WorkItem(
                    f"Comment on your targets in the {report.title[0].lower()}"
                    f"{report.title[1:]}: {report.agreement.title}",
                    reverse("reports:detail", args=[report.pk]),
                    f"{done} of your {total} targets have a comment on progress.",
                    source="reports",
                )
            )
    return items
