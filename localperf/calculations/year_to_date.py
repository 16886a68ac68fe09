"""Year-to-date figures: how a CUMULATIVE measure's figures are read (rules M1, M3).

Method. A cumulative measure counts from 1 April; its quarter and half-year figures are
running totals for the financial year so far (year to date), and the running total
starts again each April. So:

* a part-year figure belongs to the running total of the financial year containing its
  period's end (``running_total_year``): a chart draws each year's running total as its
  own line, never one line falling from the year's total to the next April's first
  quarter;
* the profile of a part-year period is the share of the year's target to date
  (``profile.profile_for``), and direction of travel compares a period with the same
  point of the previous year (``periods.previous_comparable``), never the quarter before;
* the figure for the whole financial year is the year's own (annual) return when there
  is one; otherwise the running total at 31 March — the Q4 figure, else the H2 figure —
  which *is* the full year's count (``annual_figure``). The year is then assessed like
  any other period: variance, rating, direction and projection.

A SNAPSHOT measure (a level or rate) has none of this: a Q4 figure is the level in the
last quarter, not the year's, and no period starts a new running total.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from .measures import Accumulation
from .periods import Period, PeriodKind, financial_year_of

PART_YEAR_KINDS = frozenset({PeriodKind.QUARTER, PeriodKind.HALF_YEAR})
# The running total at 31 March, in the order it stands for the year: a Q4 return
# before an H2 one (both are the full year; a quarterly return is the more recent).
YEAR_END_KINDS = (PeriodKind.QUARTER, PeriodKind.HALF_YEAR)

T = TypeVar("T")


def is_year_to_date(period: Period, accumulation: Accumulation | None) -> bool:
    """A part-year figure of a cumulative measure: a running total since 1 April.

    >>> from .periods import period_parse
    >>> is_year_to_date(period_parse("2009/10 Q2"), Accumulation.CUMULATIVE)
    True
    >>> is_year_to_date(period_parse("2009/10"), Accumulation.CUMULATIVE)
    False
    >>> is_year_to_date(period_parse("2009/10 Q2"), Accumulation.SNAPSHOT)
    False
    """
    return accumulation is Accumulation.CUMULATIVE and period.kind in PART_YEAR_KINDS


def running_total_year(period: Period, accumulation: Accumulation | None) -> Period | None:
    """The financial year whose running total a figure belongs to: for a cumulative
    measure, its quarters, half years and the year itself; None for any other figure
    (a snapshot measure's, or a period that is not part of a financial year's count).

    >>> from .periods import period_parse
    >>> labels = ("2009/10 Q4", "2009/10", "2010/11 Q1")
    >>> [running_total_year(period_parse(x), Accumulation.CUMULATIVE).label for x in labels]
    ['2009/10', '2009/10', '2010/11']
    >>> running_total_year(period_parse("2009/10 Q4"), Accumulation.SNAPSHOT) is None
    True
    """
    if accumulation is not Accumulation.CUMULATIVE:
        return None
    if period.kind in PART_YEAR_KINDS:
        return financial_year_of(period.end)
    if period.kind is PeriodKind.FINANCIAL_YEAR:
        return period
    return None


def year_end_figure_of(
    year: Period, figures: Mapping[Period, T], accumulation: Accumulation | None
) -> T | None:
    """The running total at the year's end (31 March): its Q4 figure, else its H2
    figure; None for a snapshot measure, whose Q4 is not the year's figure."""
    if accumulation is not Accumulation.CUMULATIVE or year.kind is not PeriodKind.FINANCIAL_YEAR:
        return None
    for kind in YEAR_END_KINDS:
        for period, figure in figures.items():
            if period.kind is kind and period.end == year.end:
                return figure
    return None


def annual_figure(
    year: Period, figures: Mapping[Period, T], accumulation: Accumulation | None
) -> T | None:
    """The figure for a financial year: its own (annual) return when there is one;
    for a cumulative measure without one, the running total at 31 March.

    >>> from .periods import period_parse
    >>> ytd = {period_parse("2008/09 Q3"): 1315.6, period_parse("2008/09 Q4"): 1754.2}
    >>> annual_figure(period_parse("2008/09"), ytd, Accumulation.CUMULATIVE)
    1754.2
    >>> annual_figure(period_parse("2008/09"), ytd, Accumulation.SNAPSHOT) is None
    True
    >>> returned = {**ytd, period_parse("2008/09"): 1760.0}
    >>> annual_figure(period_parse("2008/09"), returned, Accumulation.CUMULATIVE)
    1760.0
    """
    if year in figures:
        return figures[year]
    return year_end_figure_of(year, figures, accumulation)


def with_annual_figures(
    figures: Mapping[Period, T], accumulation: Accumulation | None
) -> dict[Period, T]:
    """``figures`` with, for a cumulative measure, each financial year that has a
    running total at 31 March but no annual return given that running total
    (``annual_figure``): the figures every assessment of the measure uses.

    >>> from .periods import period_parse
    >>> got = with_annual_figures({period_parse("2009/10 H2"): 900.0}, Accumulation.CUMULATIVE)
    >>> sorted((p.label, v) for p, v in got.items())
    [('2009/10', 900.0), ('2009/10 H2', 900.0)]
    """
    result = dict(figures)
    if accumulation is not Accumulation.CUMULATIVE:
        return result
    for period in figures:
        if period.kind in PART_YEAR_KINDS:
            year = financial_year_of(period.end)
            if year not in result:
                figure = year_end_figure_of(year, figures, accumulation)
                if figure is not None:
                    result[year] = figure
    return result
