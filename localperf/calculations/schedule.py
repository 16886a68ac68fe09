"""When figures are due, and which periods a target is judged at (rules D5, M1).

Method. A figure is *due* on the last day of the month that falls a fixed number of
months after its period ends — the reporting lag, by the kind of period:

==================  ======  =====================================================
period kind         months  why
==================  ======  =====================================================
quarter             2       quarterly returns reach the LSP within two months
half year           2       as quarters
financial year      6       annual administrative data are published by autumn
survey round        6       Place Survey results (autumn fieldwork) by the summer
rolling three-year  6       as financial years
calendar year       6       as financial years
academic year       6       attainment data are confirmed in the following spring
==================  ======  =====================================================

So "2008/09 Q1" (ending 30 June 2008) is due on 31 August 2008, and "2008/09" on 30
September 2009. Until then a target with no figure is *not yet due*; after, *overdue*.

The periods a target is judged at (its *schedule*) follow its indicator's reporting
frequency over the agreement's financial years: each year (annual), each quarter
(quarterly), each half (half-yearly), each Place Survey round ending within the
agreement (biennial survey), each rolling period ending with one of the agreement's
years (three-year rolling). Figures for other periods, when they arrive, are judged
too; the schedule only says which periods are expected.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date

from .periods import (
    Period,
    PeriodKind,
    half_year,
    quarter,
    rolling_three_year,
    survey_round,
)

REPORTING_LAG_MONTHS: dict[PeriodKind, int] = {
    PeriodKind.QUARTER: 2,
    PeriodKind.HALF_YEAR: 2,
    PeriodKind.FINANCIAL_YEAR: 6,
    PeriodKind.SURVEY_ROUND: 6,
    PeriodKind.ROLLING_THREE_YEAR: 6,
    PeriodKind.CALENDAR_YEAR: 6,
    PeriodKind.ACADEMIC_YEAR: 6,
}


def due_date(period: Period) -> date:
    """The last day of the month ``REPORTING_LAG_MONTHS`` after the period's end.

    >>> from .periods import period_parse
    >>> due_date(period_parse("2008/09 Q1")), due_date(period_parse("2008/09"))
    (datetime.date(2008, 8, 31), datetime.date(2009, 9, 30))
    >>> due_date(period_parse("Place Survey 2008"))
    datetime.date(2009, 6, 30)
    """
    months = period.end.year * 12 + period.end.month - 1 + REPORTING_LAG_MONTHS[period.kind]
    year, month = divmod(months, 12)
    return date(year, month + 1, calendar.monthrange(year, month + 1)[1])


def scheduled_periods(frequency: str, years: Iterable[Period]) -> list[Period]:
    """The periods at which a target on an indicator of ``frequency`` is expected to
    report, over the agreement's financial ``years``.

    >>> from .periods import financial_year
    >>> fys = [financial_year(2008), financial_year(2009)]
    >>> [p.label for p in scheduled_periods("half_yearly", fys)]
    ['2008/09 H1', '2008/09 H2', '2009/10 H1', '2009/10 H2']
    >>> [p.label for p in scheduled_periods("biennial_survey", fys)]
    ['Place Survey 2008']
    >>> [p.label for p in scheduled_periods("annual", fys)]
    ['2008/09', '2009/10']
    """
    years = sorted(years, key=lambda year: year.start)
    if not years:
        return []
    first, last = years[0].start, years[-1].end
    starts = [year.start.year for year in years]
    if frequency == "quarterly":
        return [quarter(y, n) for y in starts for n in (1, 2, 3, 4)]
    if frequency == "half_yearly":
        return [half_year(y, n) for y in starts for n in (1, 2)]
    if frequency == "biennial_survey":
        rounds = (survey_round(y) for y in range(first.year, last.year + 1))
        # Place Survey rounds run in even years: 2008, 2010 (rule D7).
        return [r for r in rounds if r.start.year % 2 == 0 and first <= r.end <= last]
    if frequency == "rolling_three_year":
        return [rolling_three_year(y) for y in starts]
    return list(years)


# The kind of period each reporting frequency reports at.
FREQUENCY_KINDS: dict[str, PeriodKind] = {
    "annual": PeriodKind.FINANCIAL_YEAR,
    "quarterly": PeriodKind.QUARTER,
    "half_yearly": PeriodKind.HALF_YEAR,
    "biennial_survey": PeriodKind.SURVEY_ROUND,
    "rolling_three_year": PeriodKind.ROLLING_THREE_YEAR,
}


def reporting_frequency(frequency: str, period_kinds: Iterable[str] = ()) -> str:
    """An indicator's reporting frequency, made finer where its data rules admit quarters
    or half years (rule D5): the monitoring engine's ``inputs._frequency``, for one
    indicator.

    >>> reporting_frequency("annual", ["quarter", "financial_year"])
    'quarterly'
    >>> reporting_frequency("annual", ["half_year"]), reporting_frequency("biennial_survey")
    ('half_yearly', 'biennial_survey')
    """
    kinds = set(period_kinds or ())
    if PeriodKind.QUARTER.value in kinds:
        return "quarterly"
    if PeriodKind.HALF_YEAR.value in kinds:
        return "half_yearly"
    return frequency


def reported_at(frequency: str, period: Period) -> bool:
    """Whether a measure of ``frequency`` reports at periods of ``period``'s kind: a
    quarter's return lists the quarterly measures only, a year's the annual ones.

    >>> from .periods import period_parse
    >>> q2 = period_parse("2008/09 Q2")
    >>> reported_at("quarterly", q2), reported_at("annual", q2)
    (True, False)
    >>> reported_at("", period_parse("2007/08"))
    True
    """
    return FREQUENCY_KINDS.get(frequency, PeriodKind.FINANCIAL_YEAR) is period.kind
