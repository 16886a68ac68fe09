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
from functools import cached_property

from django.db.models import Q, QuerySet
from django.urls import reverse

from localperf.accounts.roles import is_government_office, is_performance_manager
from localperf.agreements import selectors as agreement_selectors
from localperf.agreements.holdings import held_targets
from localperf.agreements.models import Agreement, RevisionProposal, Target
from localperf.organisations.models import Organisation, OrganisationKind
from localperf.reports.content import (  # noqa: F401 (the content, read through here)
    CONTENT_SCHEMA,
    NO_OUTCOME,
    canonical_period,
    default_periods,
    period_label_problem,
    report_live_content,
    report_period_end,
)
from localperf.reports.models import (
    AnnualReview,
    ProgressReport,
    ReportEvent,
    ReportSnapshot,
    ReportStatus,
)
from localperf.reports.permissions import may
from localperf.reports.renderers import columns
from localperf.reports.summary import Summary, report_summary
from localperf.web.work import WorkItem


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

    @cached_property
    def summary(self) -> Summary:
        return report_summary(self.content)


def report_view(report: ProgressReport, *, today: datetime.date | None = None) -> ReportView:
    """A draft or returned report shows the live data, marked draft; a submitted or
    accepted one shows its latest snapshot, exactly as submitted."""
    snapshot = None if report.is_editable else latest_snapshot(report)
    content = snapshot.content if snapshot else report_live_content(report, today=today)
    go_comments = {c.target_id: c.go_comment for c in report.comments.all() if c.go_comment}
    return ReportView(report=report, content=content, snapshot=snapshot, go_comments=go_comments)


def returned_notice(report: ProgressReport) -> ReportEvent | None:
    """The Government Office's return (who, when, why) while the report is returned."""
    if report.status != ReportStatus.RETURNED:
        return None
    return report.events.filter(action="return").order_by("-occurred_at", "-id").first()


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
    for target_id, reported in before.items():
        # By period, not by column: a target's columns may move (schema 2).
        old_cells = dict(columns(snapshot.content, reported))
        new_cells = dict(columns(now, after[target_id])) if target_id in after else {}
        for period in dict.fromkeys([*old_cells, *new_cells]):
            old, new = old_cells.get(period) or {}, new_cells.get(period) or {}
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
    return held_targets(report.agreement).select_related("indicator", "measure")


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
    targets = held_targets(agreement).select_related("indicator", "measure")
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
    answer (with the Government Office's reason); for the Government Office, submitted
    reports awaiting its review. One query, two with a returned report, none for other
    roles."""
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
    reports = list(ProgressReport.objects.filter(wanted).select_related("agreement"))
    returns = _returns_of([r.pk for r in reports if r.status == ReportStatus.RETURNED])
    for report in sorted(reports, key=lambda r: (r.agreement.title, r.period_label)):
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
                    _returned_detail(returns.get(report.pk)),
                    source="reports",
                    # Due again at once: the half-year's report is still owed (rule M1).
                    due_now=True,
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


def _returns_of(report_ids: list[int]) -> dict[int, ReportEvent]:
    """Each returned report's latest return (who, when, why). One query, none for none."""
    if not report_ids:
        return {}
    events = ReportEvent.objects.filter(report_id__in=report_ids, action="return")
    return {e.report_id: e for e in events.order_by("occurred_at", "id")}


RETURN_REASON_SHOWN = 160


def _returned_detail(event: ReportEvent | None) -> str:
    """The work list's line for a returned report: when, and the Government Office's
    reason (its start: the report page shows all of it at the top)."""
    if event is None:
        return "Returned by the Government Office: answer its comments."
    reason = " ".join(event.reason.split())
    if len(reason) > RETURN_REASON_SHOWN:
        reason = reason[: RETURN_REASON_SHOWN - 1].rstrip() + "…"
    return f"Returned by the Government Office on {event.occurred_at:%-d %B %Y}: “{reason}”"


def under_review_targets(agreement: Agreement) -> QuerySet[Target]:
    return (
        held_targets(agreement)
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


def is_placeholder_target(agreement: Agreement, target: Target) -> bool:
    """Whether the target still waits for its baseline (see ``placeholder_targets``)."""
    return target.pk in {t.pk for t in placeholder_targets(agreement)}
