"""The region view for a Government Office: every LAA of the region with its RAG
counts by theme, its overdue figures (``observations.figures_due``'s answer, the one
the agreement hub, the dashboard and the work list give), and its progress reports
due, awaiting review and overdue (rule M1).

When a progress report is overdue: the reports themselves carry no due date. The date
comes from the timetable (``reviews``): a six-monthly progress report milestone, which
staff enter because the source names none (``004_…`` §11 says only "every six months").
A milestone is the due date of the report on the latest half-year that ended before it;
the report is overdue once that date has passed and it has not been submitted, including
a report not yet started. Without a milestone a report is only *due*, as on the home
page's work list (``reports.selectors.report_work_items``), which never calls one
overdue.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import QuerySet

from localperf.agreements.models import (
    PUBLISHED_STATUSES,
    Agreement,
    AgreementKind,
    LaaTheme,
    Target,
    TargetStatus,
)
from localperf.agreements.permissions import is_administrator, is_government_office_for
from localperf.agreements.selectors import agreement_visibility_q
from localperf.calculations.periods import half_year_before
from localperf.calculations.rag import Rating
from localperf.monitoring.selectors import agreement_progress_stamp, as_at_today, standings
from localperf.observations.figures_due import figures_due_for, overdue_by_agreement
from localperf.observations.selectors import figures_stamp
from localperf.places.models import Area
from localperf.reports.models import (
    EDITABLE_REPORT_STATUSES,
    ProgressReport,
    ReportKind,
    ReportStatus,
)
from localperf.reports.permissions import SHARED_STATUSES
from localperf.reviews.models import Milestone, MilestoneKind
from localperf.web.kept import KeptResults


def regions() -> QuerySet[Area]:
    return Area.objects.regions().order_by("name")


def region_agreements(region: Area, user) -> QuerySet[Agreement]:
    """The LAAs of the region's areas the user may see, in area order (an MAA is not
    one of the region's areas: its figures are its members', rule X2)."""
    return (
        Agreement.objects.filter(
            agreement_visibility_q(user), area__region=region, kind=AgreementKind.LAA
        )
        .select_related("area", "responsible_authority")
        .order_by("area__name", "term")
    )


REGION_RATINGS = (Rating.GREEN, Rating.AMBER, Rating.RED)


@dataclass(frozen=True)
class RegionReport:
    """A progress report (or self-assessment) of an agreement that waits on someone, or
    a progress report past its timetable date that has not been started
    (``report_id`` None)."""

    report_id: int | None
    title: str
    period_label: str
    status: str  # a ReportStatus, or "" for a report not started
    status_label: str
    due_on: datetime.date | None
    overdue: bool
    linkable: bool = False  # the user may open it (rules of ``reports.permissions``)

    @property
    def with_partnership(self) -> bool:
        """The partnership's to finish: not started, a draft, or returned to it."""
        return self.status != ReportStatus.SUBMITTED

    @property
    def awaiting_review(self) -> bool:
        return self.status == ReportStatus.SUBMITTED


@dataclass(frozen=True)
class RegionRow:
    agreement_id: int
    title: str
    area_name: str
    area_code: str
    status_label: str
    counts: dict[tuple[str, str], int]  # (theme, rating) → targets at that rating
    other: dict[str, int]  # theme → targets not rated green, amber or red
    overdue: int  # figures past their due date and not in (``figures_due``: the hub's count)
    reports: tuple[RegionReport, ...] = ()  # reports waiting on someone, and overdue ones

    @property
    def reports_with_partnership(self) -> int:
        return sum(1 for r in self.reports if r.with_partnership)

    @property
    def reports_awaiting_review(self) -> int:
        return sum(1 for r in self.reports if r.awaiting_review)

    @property
    def reports_overdue(self) -> int:
        return sum(1 for r in self.reports if r.overdue)

    @property
    def cells(self) -> list[int]:
        """Per theme: green, amber, red and other, in the order of the table's columns."""
        return [
            n
            for theme in LaaTheme
            for n in (
                *(self.counts.get((theme.value, r.value), 0) for r in REGION_RATINGS),
                self.other.get(theme.value, 0),
            )
        ]


@dataclass(frozen=True)
class RegionSummary:
    rows: list[RegionRow]
    themes: list[LaaTheme]
    ratings: tuple[Rating, ...]
    as_at: datetime.date
    report_dates: tuple[datetime.date, ...] = ()  # the timetable's progress report dates

    @property
    def reports(self) -> list[tuple[RegionRow, RegionReport]]:
        return [(row, report) for row in self.rows for report in row.reports]


def region_summary(region: Area, user, *, today: datetime.date | None = None) -> RegionSummary:
    """Every agreement of the region the user may see, with the effective RAG rating of
    each active target at its latest period counted by theme (monitoring's standing:
    ``monitoring.selectors.standings``, as the dashboard shows it), its overdue figures
    (``observations.figures_due``, as the hub, the dashboard and the work list count
    them), and its progress reports waiting on someone or overdue (see the module's
    note). Its counts are kept between requests (``_kept_table``): a constant number of
    queries, and one an agreement for their stamp."""
    today = today or as_at_today()
    agreements = list(region_agreements(region, user))
    table = _kept_table(region, agreements, today)
    dates = progress_report_dates()
    # Drafts and returned reports are the partnership's: besides it, only the region's
    # Government Office and administrators open them (``reports.permissions``).
    sees_drafts = is_administrator(user) or bool(
        agreements and is_government_office_for(user, agreements[0])
    )
    reports = region_reports(agreements, dates, today, sees_drafts=sees_drafts)
    rows = [
        RegionRow(
            agreement_id=a.pk,
            title=a.title,
            area_name=a.area.name,
            area_code=a.area.code,
            status_label=a.get_status_display(),
            counts=table.counts.get(a.pk, {}),
            other=table.other.get(a.pk, {}),
            overdue=table.overdue.get(a.pk, 0),
            reports=tuple(reports.get(a.pk, ())),
        )
        for a in agreements
    ]
    return RegionSummary(
        rows=rows,
        themes=list(LaaTheme),
        ratings=REGION_RATINGS,
        as_at=today,
        report_dates=tuple(sorted(set(dates))),
    )


@dataclass(frozen=True)
class _RegionTable:
    """The costly part of a region's rows, per agreement id: the RAG counts by theme and
    the overdue figures (``figures_due_for`` reads every figure each target expects, so
    its time grows with the region's targets)."""

    counts: dict[int, dict[tuple[str, str], int]]
    other: dict[int, dict[str, int]]
    overdue: dict[int, int]


# A region's table, kept between requests (``web.kept``) for each day and set of
# agreements seen (users seeing the same agreements share it). Small: nine regions.
_REGION_TABLES: KeptResults[_RegionTable] = KeptResults(size=32)


def _kept_table(
    region: Area, agreements: Sequence[Agreement], today: datetime.date
) -> _RegionTable:
    """``_region_table``, built again when its stamp moves: the figures and releases
    (``figures_stamp``: a figure entered or corrected) and each agreement's progress
    stamp (its assessments and overrides, its targets and everything they show or name,
    the agreements themselves). The day is in the key: a figure falls overdue on its due
    date with nothing written. One query for the figures and one an agreement."""
    stamp = (figures_stamp(), tuple(agreement_progress_stamp(a) for a in agreements))
    return _REGION_TABLES.get(
        (region.pk, today, tuple(a.pk for a in agreements)),
        stamp,
        lambda: _region_table(agreements, today),
    )


def _region_table(agreements: Sequence[Agreement], today: datetime.date) -> _RegionTable:
    targets = list(
        Target.objects.filter(
            agreement_id__in=[a.pk for a in agreements], status=TargetStatus.ACTIVE
        ).values_list("pk", "agreement_id", "theme")
    )
    standing = standings([t[0] for t in targets], today)
    counts: dict[int, dict[tuple[str, str], int]] = defaultdict(lambda: defaultdict(int))
    other: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    overdue = overdue_by_agreement(figures_due_for(agreements, today=today))
    for target_id, agreement_id, theme in targets:
        found = standing.get(target_id)
        rating = found.rating if found else None
        if rating in REGION_RATINGS:
            counts[agreement_id][(theme, rating.value)] += 1
        else:
            other[agreement_id][theme] += 1
    return _RegionTable(
        counts={pk: dict(found) for pk, found in counts.items()},
        other={pk: dict(found) for pk, found in other.items()},
        overdue={pk: found.figures for pk, found in overdue.items()},
    )


def progress_report_dates() -> list[datetime.date]:
    """The timetable's six-monthly progress report dates (rule M1), earliest first. One
    query."""
    return list(
        Milestone.objects.filter(kind=MilestoneKind.PROGRESS_REPORT)
        .order_by("due_on")
        .values_list("due_on", flat=True)
    )


def region_reports(
    agreements: Sequence[Agreement],
    dates: Sequence[datetime.date],
    today: datetime.date,
    *,
    sees_drafts: bool = False,
) -> dict[int, list[RegionReport]]:
    """Per agreement, its reports waiting on the partnership (draft or returned: the home
    page's "progress report due") or on the Government Office (submitted), and the
    progress reports past their timetable date and not submitted, started or not. One
    query."""
    rows = ProgressReport.objects.filter(agreement_id__in=[a.pk for a in agreements]).values_list(
        "pk", "agreement_id", "kind", "period_label", "status"
    )
    by_key = {
        (agreement_id, kind, label): (pk, status) for pk, agreement_id, kind, label, status in rows
    }
    due: dict[str, datetime.date] = {}
    for day in sorted(dates):
        due.setdefault(half_year_before(day).label, day)  # the first date for a half-year
    result: dict[int, list[RegionReport]] = defaultdict(list)
    labels = dict(ReportStatus.choices)
    for agreement_id, kind, label in sorted(by_key, key=lambda k: (k[2], k[1])):
        pk, status = by_key[(agreement_id, kind, label)]
        if status == ReportStatus.ACCEPTED:
            continue
        due_on = due.get(label) if kind == ReportKind.PROGRESS else None
        result[agreement_id].append(
            RegionReport(
                report_id=pk,
                title=f"{ReportKind(kind).label} for {label}",
                period_label=label,
                status=status,
                status_label=labels[status],
                due_on=due_on,
                overdue=due_on is not None
                and due_on < today
                and status in EDITABLE_REPORT_STATUSES,
                linkable=sees_drafts or status in SHARED_STATUSES,
            )
        )
    # A report not even started is overdue too, for an agreement in force over the
    # half-year (drafts and agreements under negotiation report nothing).
    for agreement in agreements:
        if agreement.status not in PUBLISHED_STATUSES:
            continue
        for label, due_on in due.items():
            if due_on >= today:
                continue
            period = half_year_before(due_on)
            in_term = agreement.starts_on <= period.start and period.end <= agreement.ends_on
            if in_term and (agreement.pk, ReportKind.PROGRESS, label) not in by_key:
                result[agreement.pk].append(
                    RegionReport(
                        report_id=None,
                        title=f"{ReportKind.PROGRESS.label} for {label}",
                        period_label=label,
                        status="",
                        status_label="Not started",
                        due_on=due_on,
                        overdue=True,
                    )
                )
        result[agreement.pk].sort(key=lambda r: (r.period_label, r.title))
    return dict(result)
