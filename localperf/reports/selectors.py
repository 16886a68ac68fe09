"""Reading reports: the content of a report (from the live data for a draft, from its
snapshot once submitted), the comparison of a submission with the data now, the lists
for the pages and the home page's work items.

The *content* of a report is a plain structure of dicts, lists, strings and numbers
(JSON as it is stored in ``ReportSnapshot.content``). Every output (the page, the PDF,
the workbook, the CSV) is rendered from it, so they always agree with one another.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.urls import reverse

from localperf.accounts.roles import is_government_office, is_performance_manager
from localperf.agreements import selectors as agreement_selectors
from localperf.agreements.models import Agreement, RevisionProposal, Target
from localperf.calculations.periods import PeriodError, PeriodKind, period_from_entry
from localperf.charts import ChartPeriod
from localperf.monitoring.charting import chart_periods
from localperf.monitoring.models import Assessment
from localperf.monitoring.selectors import (
    MAX_REPORT_PERIODS,
    ProformaRow,
    as_at_today,
    progress_for_period,
)
from localperf.organisations.models import Organisation, OrganisationKind
from localperf.reports.models import (
    AnnualReview,
    ProgressReport,
    ReportKind,
    ReportSnapshot,
    ReportStatus,
    TargetComment,
)
from localperf.reports.permissions import can_comment_on_target, may
from localperf.web.work import WorkItem

CONTENT_SCHEMA = 1
NO_OUTCOME = "Targets not linked to an outcome"


# --- periods ---------------------------------------------------------------------------


def report_period_end(kind: str, period_label: str) -> datetime.date:
    return period_from_entry(period_label).end


def period_label_problem(kind: str, period_label: str) -> str:
    """Why the label cannot name a report of this kind ("" when it can)."""
    try:
        period = period_from_entry(period_label)
    except PeriodError as error:
        return str(error)
    wanted = (
        PeriodKind.FINANCIAL_YEAR if kind == ReportKind.SELF_ASSESSMENT else PeriodKind.HALF_YEAR
    )
    if period.kind != wanted:
        example = "“2009/10”" if wanted == PeriodKind.FINANCIAL_YEAR else "“2009/10 H1”"
        return (
            f"A {ReportKind(kind).label.lower()} covers a "
            f"{'financial year' if wanted == PeriodKind.FINANCIAL_YEAR else 'half-year'}: "
            f"write it like {example}, not “{period_label}”."
        )
    return ""


def canonical_period(period_label: str) -> str:
    return period_from_entry(period_label).label


def default_periods(agreement: Agreement, *, up_to: datetime.date) -> list[str]:
    """The proforma's up to four time periods: of the periods the agreement's targets are
    assessed for, ending on or before ``up_to``, the four that most targets report, shown
    oldest first (later periods win a tie). One query."""
    counts: dict[str, tuple[int, datetime.date]] = {}
    rows = Assessment.objects.filter(
        target__agreement=agreement, target__status="active", period__end__lte=up_to
    ).values_list("period__label", "period__end")
    for label, end in rows:
        seen, _ = counts.get(label, (0, end))
        counts[label] = (seen + 1, end)
    chosen = sorted(counts, key=lambda label: (counts[label][0], counts[label][1]), reverse=True)
    return sorted(chosen[:MAX_REPORT_PERIODS], key=lambda label: counts[label][1])


# --- content ---------------------------------------------------------------------------


def report_live_content(report: ProgressReport, *, today: datetime.date | None = None) -> dict:
    """The report as the data stand now: every active target, grouped under its outcome,
    with up to four periods of profile, actual, % variance and rating (rule M1), its
    chart series up to the end of the report's period, and the partnership's comments."""
    agreement = report.agreement
    today = today or as_at_today()
    rows = progress_for_period(agreement, report.periods, today=today)
    comments = {c.target_id: c for c in report.comments.all()}
    end = report_period_end(report.kind, report.period_label)
    groups: dict[str, dict] = {}
    for row in rows:
        target_content = _target_content(row, comments.get(row.progress.target.pk), end)
        outcome = row.progress.outcome
        key = f"{outcome.theme}|{outcome.order:04d}|{outcome.title}" if outcome else "~"
        group = groups.setdefault(
            key,
            {
                "title": outcome.title if outcome else NO_OUTCOME,
                "theme": outcome.get_theme_display() if outcome else "",
                "targets": [],
            },
        )
        group["targets"].append(target_content)
    return {
        "schema": CONTENT_SCHEMA,
        "kind": report.kind,
        "title": report.title,
        "agreement": {
            "id": agreement.pk,
            "title": agreement.title,
            "area": agreement.area.name,
            "responsible_authority": agreement.responsible_authority.name,
            "region": agreement.area.region.name if agreement.area.region_id else "",
        },
        "period": report.period_label,
        "periods": list(report.periods),
        "as_at": today.isoformat(),
        "outcomes": [groups[key] for key in sorted(groups)],
    }


def _number(value: float | None) -> float | None:
    return None if value is None else round(float(value), 4)


def _target_content(row: ProformaRow, comment: TargetComment | None, end: datetime.date) -> dict:
    progress = row.progress
    target = progress.target
    cells = []
    for cell in row.cells:
        if cell is None:
            cells.append(None)
            continue
        cells.append(
            {
                "period": cell.period_label,
                "profile": _number(cell.profile),
                "actual": _number(cell.actual),
                "variance": _number(cell.variance),
                "rating": str(cell.rating),
                "rating_label": cell.rating.label,
                "overridden": cell.override is not None,
            }
        )
    # As the chart draws them: a year-to-date series as each year's running total
    # ("run"), kept in the snapshot so that a report prints the same chart for ever.
    drawn = chart_periods(
        (
            ChartPeriod(
                p.period_label,
                p.profile,
                p.actual,
                rating=p.rating.value,
                rating_label=p.rating.label,
            )
            for p in progress.series
            if p.period_end <= end
        ),
        progress.accumulation,
    )
    series = [
        {
            "period": c.label,
            "profile": _number(c.profile),
            "actual": _number(c.actual),
            "run": c.run,
            "rating": c.rating,
            "rating_label": c.rating_label,
        }
        for c in drawn
    ]
    return {
        "id": target.pk,
        "code": progress.measure_code,
        "title": progress.title,
        "category": target.get_category_display(),
        "related_psa": progress.related_psa,
        "unit": progress.unit,
        "partners": [p.name for p in progress.partners],
        "coordinating": progress.coordinating_partner.name if progress.coordinating_partner else "",
        "cells": cells,
        "series": series,
        "evidence": comment.evidence if comment else "",
        "comment": comment.progress if comment else "",
        "comment_by": (
            ", ".join(x for x in (comment.drafted_by_name, comment.drafted_by_organisation) if x)
            if comment
            else ""
        ),
    }


def latest_snapshot(report: ProgressReport) -> ReportSnapshot | None:
    return report.snapshots.order_by("-number").first()


@dataclass(frozen=True)
class ReportView:
    """What the outputs render: the content, whether it is a draft (live data), and the
    snapshot it comes from otherwise."""

    report: ProgressReport
    content: dict
    snapshot: ReportSnapshot | None
    go_comments: dict[int, str]

    @property
    def is_draft(self) -> bool:
        return self.snapshot is None

    @property
    def targets(self) -> Iterable[dict]:
        for outcome in self.content["outcomes"]:
            yield from outcome["targets"]


def report_view(report: ProgressReport, *, today: datetime.date | None = None) -> ReportView:
    """A draft or returned report shows the live data, marked draft; a submitted or
    accepted one shows its latest snapshot, exactly as submitted."""
    snapshot = None if report.is_editable else latest_snapshot(report)
    content = snapshot.content if snapshot else report_live_content(report, today=today)
    go_comments = {c.target_id: c.go_comment for c in report.comments.all() if c.go_comment}
    return ReportView(report=report, content=content, snapshot=snapshot, go_comments=go_comments)


# --- comparison ------------------------------------------------------------------------


@dataclass(frozen=True)
class FigureChange:
    code: str
    title: str
    period: str
    figure: str  # "profile", "actual", "% variance" or "rating"
    reported: object
    now: object


def report_changes(
    report: ProgressReport, *, today: datetime.date | None = None
) -> tuple[ReportSnapshot | None, list[FigureChange]]:
    """Per target and period, each figure that differs between the latest submission and
    the data now (corrections made since, overrides, revised trajectories)."""
    snapshot = latest_snapshot(report)
    if snapshot is None:
        return None, []
    now = report_live_content(report, today=today)
    before = {t["id"]: t for o in snapshot.content["outcomes"] for t in o["targets"]}
    after = {t["id"]: t for o in now["outcomes"] for t in o["targets"]}
    changes: list[FigureChange] = []
    periods = snapshot.content["periods"]
    for target_id, reported in before.items():
        current = after.get(target_id)
        for index, period in enumerate(periods):
            old = reported["cells"][index] or {}
            new = (current["cells"][index] if current else None) or {}
            for key, name in (
                ("profile", "profile"),
                ("actual", "actual"),
                ("variance", "% variance"),
                ("rating_label", "risk rating"),
            ):
                if old.get(key) != new.get(key):
                    changes.append(
                        FigureChange(
                            reported["code"],
                            reported["title"],
                            period,
                            name,
                            old.get(key),
                            new.get(key),
                        )
                    )
    return snapshot, changes


# --- lists -----------------------------------------------------------------------------


def reports_of(agreement: Agreement) -> QuerySet[ProgressReport]:
    return agreement.progress_reports.order_by("-period_label", "kind")


def report_get(pk: int) -> ProgressReport | None:
    return (
        ProgressReport.objects.select_related(
            "agreement",
            "agreement__area",
            "agreement__area__region",
            "agreement__responsible_authority",
        )
        .filter(pk=pk)
        .first()
    )


def report_targets(report: ProgressReport) -> QuerySet[Target]:
    return report.agreement.targets.filter(status="active").select_related("indicator", "measure")


def review_get(pk: int) -> AnnualReview | None:
    return (
        AnnualReview.objects.select_related(
            "agreement", "agreement__area", "agreement__area__region"
        )
        .filter(pk=pk)
        .first()
    )


def review_findings(review: AnnualReview):
    return review.findings.select_related(
        "target", "target__indicator", "target__measure", "renegotiation", "baseline_revision"
    ).order_by("target__category", "target__indicator__number", "target_id")


def placeholder_targets(agreement: Agreement) -> list[Target]:
    """Active targets whose current version still waits for its baseline (rules A5, D2)."""
    targets = agreement.targets.filter(status="active").select_related("indicator", "measure")
    waiting = []
    for target in targets.prefetch_related("versions__trajectory_values"):
        version = next((v for v in target.versions.all() if v.effective_to is None), None)
        if version is not None and (
            version.baseline_to_be_confirmed
            or version.setting in {"placeholder", "improvement_on_baseline"}
            or any(t.value is None for t in version.trajectory_values.all())
        ):
            waiting.append(target)
    return waiting


def open_revisions(user, agreement: Agreement) -> QuerySet[RevisionProposal]:
    """The agreement's revisions this user may see, to carry a renegotiation: a Government
    Office is never shown the title of a draft it may not open."""
    visible = [r.pk for r in agreement_selectors.revision_list_for(user, agreement)]
    return agreement.revisions.filter(pk__in=visible).order_by("-number")


# --- work items for the home page -------------------------------------------------------


def report_work_items(user, *, today: datetime.date) -> Iterable[WorkItem]:
    """Rule M1: for the performance manager, drafts to finish and returned reports to
    answer; for the Government Office, submitted reports awaiting its review. One query,
    none for other roles."""
    organisation_id = getattr(user, "organisation_id", None)
    if not organisation_id:
        return []
    if is_performance_manager(user):
        wanted = Q(
            agreement__responsible_authority_id=organisation_id,
            status__in=[ReportStatus.DRAFT, ReportStatus.RETURNED],
        )
    elif is_government_office(user):
        region = Organisation.objects.filter(
            pk=organisation_id, kind=OrganisationKind.GOVERNMENT_OFFICE
        ).values("area_id")
        wanted = Q(agreement__area__region_id__in=region, status=ReportStatus.SUBMITTED)
    else:
        return []
    items = []
    reports = ProgressReport.objects.filter(wanted).select_related("agreement")
    for report in reports.order_by("agreement__title", "period_label"):
        url = reverse("reports:detail", args=[report.pk])
        name = f"{report.title}, {report.agreement.title}"
        if report.status == ReportStatus.DRAFT:
            items.append(
                WorkItem(
                    f"Complete and submit the {name[0].lower()}{name[1:]}",
                    url,
                    "Progress report due: the draft is yours to complete.",
                    source="reports",
                    due_now=True,  # listed with the report not yet started (reports.work)
                )
            )
        elif report.status == ReportStatus.RETURNED:
            items.append(
                WorkItem(
                    f"Resubmit the {name[0].lower()}{name[1:]}",
                    url,
                    "Returned by the Government Office: answer its comments.",
                    source="reports",
                )
            )
        else:
            items.append(
                WorkItem(
                    f"Review the {name[0].lower()}{name[1:]}",
                    url,
                    "Awaiting Government Office review: comment, then accept or return it.",
                    source="reports",
                )
            )
    return items


def under_review_targets(agreement: Agreement) -> QuerySet[Target]:
    return (
        agreement.targets.filter(status="active")
        .select_related("indicator", "measure")
        .order_by("category", "indicator__kind", "indicator__number", "id")
    )


# --- what the pages show -----------------------------------------------------------------


def agreement_reports_page(agreement: Agreement, user) -> dict:
    """The agreement's reports and annual reviews the user may see, and whether they may
    start one."""
    return {
        "agreement": agreement,
        "reports": [r for r in reports_of(agreement) if may(user, "view_progressreport", r)],
        "reviews": [r for r in agreement.annual_reviews.all() if may(user, "view_annualreview", r)],
        "can_start_report": may(user, "add_progressreport", agreement),
        "can_start_review": may(user, "add_annualreview", agreement),
    }


def report_detail_page(report: ProgressReport, user) -> dict:
    """The report as its page shows it, with the targets the user may comment on (only
    while it is editable) and what they may do with it."""
    view = report_view(report)
    commentable = set()
    if report.is_editable:
        targets = {t.pk: t for t in report_targets(report)}
        commentable = {i for i, t in targets.items() if can_comment_on_target(user, report, t)}
    return {
        "report": report,
        "view": view,
        "content": view.content,
        "commentable": commentable,
        "can_submit": may(user, "submit_progressreport", report),
        "can_review": may(user, "review_progressreport", report),
        "events": report.events.select_related("target", "target__indicator", "target__measure"),
        "has_snapshot": report.snapshots.exists(),
    }


def is_placeholder_target(agreement: Agreement, target: Target) -> bool:
    """Whether the target still waits for its baseline (see ``placeholder_targets``)."""
    return target.pk in {t.pk for t in placeholder_targets(agreement)}
