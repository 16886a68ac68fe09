"""The periods monitoring reasons about: an agreement's years, and the earlier period a
figure is compared with. The recompute and every screen that compares figures outside
it (the national picture) ask here, so that they compare the same two periods."""

from __future__ import annotations

import datetime
from functools import lru_cache

from localperf.agreements.rules_of_agreement import term_years
from localperf.calculations.measures import Accumulation
from localperf.calculations.periods import (
    Period,
    PeriodError,
    PeriodKind,
    period_parse,
    previous_comparable,
)


def agreement_years(term: str) -> list[Period]:
    """The financial years of an agreement's term ("2008-11"), oldest first."""
    return [period_parse(year) for year in term_years(term)]


def comparable_before(period: Period, accumulation: Accumulation | str | None) -> Period | None:
    """The period a figure for ``period`` is compared with for direction of travel, for
    a measure of this accumulation (blank or None: a level); None when there is none. A
    biennial survey round is compared with the round before, whatever the measure.

    >>> from localperf.calculations.periods import quarter
    >>> comparable_before(quarter(2009, 2), "snapshot").label
    '2009/10 Q1'
    >>> comparable_before(quarter(2009, 2), Accumulation.CUMULATIVE).label
    '2008/09 Q2'
    """
    accumulation = Accumulation(accumulation or Accumulation.SNAPSHOT)
    if period.kind is PeriodKind.SURVEY_ROUND:
        accumulation = Accumulation.SNAPSHOT
    try:
        return previous_comparable(period, accumulation)
    except PeriodError:
        return None


@lru_cache(maxsize=1024)
def period_end(label: str) -> datetime.date | None:
    """The last day of the period a label names; None for a blank or unreadable one."""
    try:
        return period_parse(label).end if label else None
    except PeriodError:
        return None
