"""The content of a report: the one structure every output renders (rule M1).

A plain structure of dicts, lists, strings and numbers (JSON, as it is frozen in
``ReportSnapshot.content``): the page, its summary, the PDF, the workbook and the CSV
all read it, so they always agree with one another.

Schema 2 (this one) chooses each target's columns by its own reporting periods: an
annual measure shows its years, a quarterly one its latest quarters, so no column is
empty by construction (a schema 1 snapshot has four columns shared by every target,
``None`` where a target has no such period; ``renderers.columns`` reads both).
"""

from __future__ import annotations

import datetime

from localperf.agreements.holdings import HeldTarget, held, held_targets
from localperf.agreements.models import Agreement
from localperf.calculations.periods import PeriodError, PeriodKind, period_from_entry
from localperf.calculations.precision import unit_decimals
from localperf.charts import ChartPeriod
from localperf.monitoring.charting import chart_periods
from localperf.monitoring.models import Assessment
from localperf.monitoring.selectors import (
    MAX_REPORT_PERIODS,
    SeriesPoint,
    TargetProgress,
    agreement_progress,
    as_at_today,
    latest_point,
)
from localperf.reports.models import ProgressReport, ReportKind, TargetComment

CONTENT_SCHEMA = 2
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
    """The four periods most of the agreement's targets are assessed for, ending on or
    before ``up_to``, oldest first (later periods win a tie). One query. (A report no
    longer stores them: each target shows its own periods, see ``target_columns``.)"""
    counts: dict[str, tuple[int, datetime.date]] = {}
    rows = Assessment.objects.filter(
        target__in=held_targets(agreement), period__end__lte=up_to
    ).values_list("period__label", "period__end")
    for label, end in rows:
        seen, _ = counts.get(label, (0, end))
        counts[label] = (seen + 1, end)
    chosen = sorted(counts, key=lambda label: (counts[label][0], counts[label][1]), reverse=True)
    return sorted(chosen[:MAX_REPORT_PERIODS], key=lambda label: counts[label][1])


def target_columns(
    points: tuple[SeriesPoint, ...],
    *,
    end: datetime.date,
    today: datetime.date,
    chosen: list[str] | None = None,
) -> list[SeriesPoint]:
    """A target's columns in the report: of its own periods (its measure's reporting
    frequency: years, half-years, quarters, survey rounds) ending by the end of the
    period reported on, the latest four up to the one its standing is read at
    (``latest_point``, as the dashboard reads it), so that no column is empty and the
    last column's rating is the target's rating on the dashboard. When the report names
    its periods (``chosen``), only those of them the target has."""
    within = [p for p in points if p.period_end <= end]
    if chosen:
        wanted = set(chosen)
        return [p for p in within if p.period_label in wanted][-MAX_REPORT_PERIODS:]
    latest = latest_point(within, today)
    if latest is None:
        return []
    upto = within[: within.index(latest) + 1]
    return upto[-MAX_REPORT_PERIODS:]


# --- content ---------------------------------------------------------------------------


def report_live_content(report: ProgressReport, *, today: datetime.date | None = None) -> dict:
    """The report as the data stand now: every active target, grouped under its outcome,
    with its own up to four periods of profile, actual, % variance and rating (rule M1),
    its chart series up to the end of the report's period, and the partnership's
    comments. Seven queries, however many targets."""
    agreement = report.agreement
    today = today or as_at_today()
    comments = {c.target_id: c for c in report.comments.all()}
    end = report_period_end(report.kind, report.period_label)
    groups: dict[str, dict] = {}
    shown: dict[str, datetime.date] = {}
    for progress in agreement_progress(agreement, today=today):
        columns = target_columns(progress.series, end=end, today=today, chosen=report.periods)
        shown.update((p.period_label, p.period_end) for p in columns)
        target_content = _target_content(progress, columns, comments.get(progress.target.pk), end)
        target_content |= _held_content(held(progress.target, agreement))
        outcome = progress.outcome
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
        # Every period some target shows, oldest first (the page's "Time periods").
        "periods": sorted(shown, key=lambda label: (shown[label], label)),
        "as_at": today.isoformat(),
        "outcomes": [groups[key] for key in sorted(groups)],
    }


def _held_content(as_held: HeldTarget) -> dict:
    """Rule X2: what kind of target it is in this agreement, the LAA it is carried from
    (the same figures and status there) and whether the statutory duties apply."""
    return {
        "kind": as_held.kind_label,
        "carried_from": as_held.carried_from.title if as_held.carried_from else "",
        "statutory_duties": as_held.statutory,
    }


def _number(value: float | None) -> float | None:
    return None if value is None else round(float(value), 4)


def _cell(point: SeriesPoint) -> dict:
    return {
        "period": point.period_label,
        "profile": _number(point.profile),
        "actual": _number(point.actual),
        "variance": _number(point.variance),
        "rating": str(point.rating),
        "rating_label": point.rating.label,
        "overridden": point.override is not None,
    }


def _target_content(
    progress: TargetProgress,
    columns: list[SeriesPoint],
    comment: TargetComment | None,
    end: datetime.date,
) -> dict:
    target = progress.target
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
        "decimals": unit_decimals(progress.unit),
        "partners": [p.name for p in progress.partners],
        "coordinating": progress.coordinating_partner.name if progress.coordinating_partner else "",
        "cells": [_cell(point) for point in columns],
        "series": series,
        "evidence": comment.evidence if comment else "",
        "comment": comment.progress if comment else "",
        "comment_by": (
            ", ".join(x for x in (comment.drafted_by_name, comment.drafted_by_organisation) if x)
            if comment
            else ""
        ),
    }
