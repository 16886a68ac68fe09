"""What the monitoring pages show, built from ``selectors``: the agreement dashboard
(every target's progress with its sparkline, the count of each status, the dips) and a
target's page (its trajectory chart, overrides and history). The views decide who sees
them and which to answer with."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from crispy_forms.utils import render_crispy_form
from django.http import QueryDict
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe

from localperf import charts
from localperf.agreements import selectors as agreement_selectors
from localperf.agreements.models import PUBLISHED_STATUSES, Agreement, Target
from localperf.calculations.rag import Rating
from localperf.monitoring import selectors
from localperf.monitoring.charting import chart_periods
from localperf.monitoring.forms import DashboardFilterForm
from localperf.monitoring.permissions import may_override_rating
from localperf.monitoring.selectors import TargetProgress, work
from localperf.monitoring.selectors.members import maa_member_figures
from localperf.observations.figures_due import OverdueCount, figures_due_for, overdue_count
from localperf.observations.rights import provisional_areas_for
from localperf.web.kept import KeptResults


@dataclass(frozen=True)
class DashboardRow:
    progress: TargetProgress
    sparkline: charts.LineChart | None
    html: SafeString = SafeString("")  # the table row, drawn once (see ``_Dashboard``)
    overdue: int = 0  # the target's overdue figures, as ``figures_due`` counts them


@dataclass(frozen=True)
class _Dashboard:
    """An agreement's dashboard as at a day, filters aside: every target's progress and
    its drawn table row, the counts and the dips. Kept between requests under the stamp
    of the data it is read from (``selectors.agreement_progress_stamp``), so it is built
    once per change rather than once per request; the selectors asked are the ones the
    agreement page, the report and the public site ask."""

    progress: list[TargetProgress]
    rows: list[DashboardRow]
    counts: list[selectors.RatingCount]
    dips: list[TargetProgress]
    overdue: OverdueCount
    # The filter form as drawn for each query asked (its choices are this agreement's).
    forms: dict[str, SafeString] = field(default_factory=dict)

    def form_html(self, form: DashboardFilterForm, query: str) -> SafeString:
        html = self.forms.get(query)
        if html is None:
            html = render_crispy_form(form)
            if len(self.forms) < _FORMS_KEPT:
                self.forms[query] = html
        return html


_FORMS_KEPT = 32
# About 1.2 MB each for 53 targets: 24 keep a worker within its 250 MB (issue 16) with
# the public site's kept agreements (``public.pages``) beside them.
_DASHBOARDS: KeptResults[_Dashboard] = KeptResults(size=24)


def _chart_periods(progress: TargetProgress) -> list[charts.ChartPeriod]:
    return chart_periods(
        (
            charts.ChartPeriod(
                p.period_label,
                p.profile,
                p.actual,
                p.ci_lower,
                p.ci_upper,
                rating=p.rating.value,
                rating_label=p.rating.label,
            )
            for p in progress.series
        ),
        progress.accumulation,
    )


def chart_baseline(target: Target) -> charts.Baseline | None:
    """The baseline of the target's version in force (from the prefetched versions), for
    its charts; None when it is still to be confirmed."""
    versions = sorted(target.versions.all(), key=lambda v: v.number)
    current = next(
        (v for v in versions if v.effective_to is None), versions[-1] if versions else None
    )
    if current is None or current.baseline_value is None or not current.baseline_period:
        return None
    return charts.Baseline(
        current.baseline_period,
        float(current.baseline_value),
        float(current.baseline_lower) if current.baseline_lower is not None else None,
        float(current.baseline_upper) if current.baseline_upper is not None else None,
    )


def _trajectory_chart(progress: TargetProgress) -> charts.LineChart | None:
    periods = _chart_periods(progress)
    year_to_date = any(p.run for p in periods)
    return charts.line_chart(
        periods,
        # A running total's baseline is a year's total, not the start of its line.
        baseline=None if year_to_date else chart_baseline(progress.target),
        projection=progress.projected_outturn,
        to_the_end=True,  # every period of the agreement is in the series
    )


def _sparkline(progress: TargetProgress) -> charts.LineChart | None:
    periods = _chart_periods(progress)
    year_to_date = any(p.run for p in periods)
    baseline = None if year_to_date else chart_baseline(progress.target)
    return charts.sparkline(periods, baseline=baseline)


def _trajectory_svg(
    drawn: charts.LineChart | None, progress: TargetProgress
) -> charts.Markup | None:
    if drawn is None:
        return None
    return charts.line_chart_svg(
        drawn, title=f"{progress.measure_code}: trajectory against actual figures", id="chart"
    )


def dashboard_page(agreement: Agreement, query: QueryDict, url: str) -> dict:
    """The dashboard: the targets the filters in ``query`` keep, with every target
    counted."""
    today, dashboard = _kept_dashboard(agreement)
    form = DashboardFilterForm(query or None, progress=dashboard.progress, url=url)
    filters = form.filters()
    return {
        "agreement": agreement,
        "today": today,
        "form": form,
        "form_html": dashboard.form_html(form, query.urlencode()),
        "rows": [row for row in dashboard.rows if filters.keeps(row.progress)],
        "total": len(dashboard.progress),
        "counts": dashboard.counts,
        "dips": dashboard.dips,
        "overdue": dashboard.overdue,
    }


def dashboard_download_rows(agreement: Agreement, query: QueryDict, url: str) -> list[DashboardRow]:
    """The rows the dashboard shows for ``query`` (the same filters, the same order and
    the same overdue counts), for its CSV and Excel downloads."""
    _today, dashboard = _kept_dashboard(agreement)
    form = DashboardFilterForm(query or None, progress=dashboard.progress, url=url)
    filters = form.filters()
    return [row for row in dashboard.rows if filters.keeps(row.progress)]


def _kept_dashboard(agreement: Agreement) -> tuple[datetime.date, _Dashboard]:
    today = selectors.as_at_today()
    dashboard = _DASHBOARDS.get(
        (agreement.pk, today),
        selectors.agreement_progress_stamp(agreement),
        lambda: _dashboard(agreement, today),
    )
    return today, dashboard


def _dashboard(agreement: Agreement, today: datetime.date) -> _Dashboard:
    progress = selectors.agreement_progress(agreement, today=today)
    # Each target's overdue figures as the hub, the grid and the region view count them
    # (``figures_due``), not from the assessments: one answer. Kept with the rows: a
    # figure coming in recomputes its targets' assessments, which moves the stamp.
    overdue = overdue_count(figures_due_for([agreement], today=today))
    row_template = get_template("monitoring/includes/progress_row.html")
    rows = []
    for p in progress:
        row = DashboardRow(p, _sparkline(p), overdue=overdue.by_target.get(p.target.pk, 0))
        html = row_template.render({"row": row, "agreement": agreement})
        rows.append(DashboardRow(p, row.sparkline, mark_safe(html), row.overdue))  # noqa: S308 - a template's output
    return _Dashboard(
        progress=progress,
        rows=rows,
        counts=selectors.rating_counts(p.rating for p in progress),
        dips=selectors.dips(progress),
        overdue=overdue,
    )


def target_page(target: Target, user) -> dict:
    """A target's progress, chart, rating overrides and history, as the user may see them."""
    progress = selectors.target_progress(target)
    drawn = _trajectory_chart(progress)
    provisional_areas = provisional_areas_for(user)
    return {
        "agreement": target.agreement,
        "target": target,
        "progress": progress,
        "chart": _trajectory_svg(drawn, progress),
        "chart_note": charts.running_total_note(drawn),
        "overrides": selectors.rating_overrides(target),
        "history": selectors.target_history(target, provisional_areas=provisional_areas),
        "can_see_agreement": agreement_selectors.agreement_is_visible(target.agreement, user),
        "may_override": may_override_rating(user, target),
        # Rule X2: an MAA target's figure member by member, or why it is not combined.
        "members": maa_member_figures(target, provisional_areas=provisional_areas),
    }


def commitments_page(user) -> dict:
    """``/my-commitments/``: every target the user's organisation signed up to, with the
    duty that applies and its status today (the standing every screen shows)."""
    today = selectors.as_at_today()
    rows = work.commitments_with_standing(user, today=today)
    visible: dict[int, bool] = {}
    for row in rows:
        agreement = row.commitment.target.agreement
        if agreement.pk not in visible:
            visible[agreement.pk] = agreement_selectors.agreement_is_visible(agreement, user)
        row.commitment.agreement_visible = visible[agreement.pk]
    counts = Counter(row.rating for row in rows)
    return {
        "rows": rows,
        "today": today,
        "counts": [(rating, counts[rating]) for rating in Rating if counts[rating]],
        # The figures the user owes, each once, as its work list counts them; a row's own
        # count is its target's, so a figure two targets need shows on both rows.
        "overdue": work.overdue_owed(user, today=today),
        "organisation": getattr(user, "organisation", None),
        "published": PUBLISHED_STATUSES,
    }
