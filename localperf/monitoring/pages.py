"""What the monitoring pages show, built from ``selectors``: the agreement dashboard
(every target's progress with its sparkline, the count of each status, the dips) and a
target's page (its trajectory chart, overrides and history). The views decide who sees
them and which to answer with."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from localperf import charts
from localperf.agreements import selectors as agreement_selectors
from localperf.agreements.models import Agreement, Target
from localperf.monitoring import selectors
from localperf.monitoring.charting import chart_periods
from localperf.monitoring.forms import DashboardFilterForm
from localperf.monitoring.permissions import may_override_rating
from localperf.monitoring.selectors import TargetProgress
from localperf.observations.rights import provisional_areas_for


@dataclass(frozen=True)
class DashboardRow:
    progress: TargetProgress
    sparkline: charts.LineChart | None


def _chart_periods(progress: TargetProgress) -> list[charts.ChartPeriod]:
    return chart_periods(
        (
            charts.ChartPeriod(p.period_label, p.profile, p.actual, p.ci_lower, p.ci_upper)
            for p in progress.series
        ),
        progress.accumulation,
    )


def _trajectory_chart(progress: TargetProgress) -> charts.LineChart | None:
    return charts.line_chart(_chart_periods(progress))


def _trajectory_svg(
    drawn: charts.LineChart | None, progress: TargetProgress
) -> charts.Markup | None:
    if drawn is None:
        return None
    return charts.line_chart_svg(
        drawn, title=f"{progress.measure_code}: trajectory against actual figures", id="chart"
    )


def dashboard_page(
    agreement: Agreement, progress: Sequence[TargetProgress], form: DashboardFilterForm
) -> dict:
    """The dashboard: the targets the filter form keeps, with every target counted."""
    filters = form.filters()
    rows = [DashboardRow(p, charts.sparkline(_chart_periods(p))) for p in progress]
    return {
        "agreement": agreement,
        "today": selectors.as_at_today(),
        "form": form,
        "rows": [row for row in rows if filters.keeps(row.progress)],
        "total": len(progress),
        "counts": selectors.rating_counts(p.rating for p in progress),
        "dips": selectors.dips(progress),
    }


def target_page(target: Target, user) -> dict:
    """A target's progress, chart, rating overrides and history, as the user may see them."""
    progress = selectors.target_progress(target)
    drawn = _trajectory_chart(progress)
    return {
        "agreement": target.agreement,
        "target": target,
        "progress": progress,
        "chart": _trajectory_svg(drawn, progress),
        "chart_note": charts.running_total_note(drawn),
        "overrides": selectors.rating_overrides(target),
        "history": selectors.target_history(target, provisional_areas=provisional_areas_for(user)),
        "can_see_agreement": agreement_selectors.agreement_is_visible(target.agreement, user),
        "may_override": may_override_rating(user, target),
    }
