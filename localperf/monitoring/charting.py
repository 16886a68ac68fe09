"""What a target's chart draws, for every chart of a target (the monitoring target page
and dashboard, the public target page, the six-monthly report and its PDF): its
figures by period, with each year's running total as its own line when the measure is
cumulative (rules M1, M3).

A cumulative measure's part-year figures are running totals since April
(``calculations.year_to_date``): each is given its financial year as its run, so the
chart breaks the line every April rather than drawing a fall from the year's total to
the next first quarter; the whole-year figures beside them are left to the table (a
year's figure is its Q4 running total, already drawn). A cumulative measure returned
only once a year, and any snapshot measure, is one line.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from localperf.calculations.measures import Accumulation
from localperf.calculations.periods import Period, PeriodError, period_parse
from localperf.calculations.year_to_date import is_year_to_date, running_total_year
from localperf.charts import ChartPeriod


def _period(label: str) -> Period | None:
    try:
        return period_parse(label)
    except PeriodError:
        return None


def chart_periods(
    periods: Iterable[ChartPeriod], accumulation: Accumulation | None
) -> list[ChartPeriod]:
    """``periods`` (oldest first) as the chart draws them: for a year-to-date series,
    the running totals only, each with its year as its run.

    >>> ytd = [ChartPeriod(x, 1, 1) for x in ("2008/09 Q4", "2008/09", "2009/10 Q1")]
    >>> [(p.label, p.run) for p in chart_periods(ytd, Accumulation.CUMULATIVE)]
    [('2008/09 Q4', '2008/09'), ('2009/10 Q1', '2009/10')]
    >>> [p.run for p in chart_periods(ytd, Accumulation.SNAPSHOT)]
    ['', '', '']
    """
    periods = list(periods)
    kinds = {p.label: _period(p.label) for p in periods}
    running = [
        p for p in periods if kinds[p.label] and is_year_to_date(kinds[p.label], accumulation)
    ]
    if not running:
        return periods
    return [replace(p, run=running_total_year(kinds[p.label], accumulation).label) for p in running]
