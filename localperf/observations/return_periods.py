"""The periods an agreement's figures are owed for, each with its state as at a day: how
many of the figures expected are in, when they are due (``calculations.schedule``) and
whether that day has passed. The entry grid offers them to pick from; the work list can
ask here for what is due and overdue, so both count the same figures.

A period is *expected* for a figure when the target's schedule (its indicator's
reporting frequency over the agreement's years, rule D5) includes it. Its state:

* complete — every expected figure is in;
* overdue — some are missing and the due date has passed;
* due — some are missing, the period has ended, the due date has not passed;
* not yet due — the period has not ended.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from enum import StrEnum

from localperf.agreements.models import Agreement
from localperf.calculations.periods import Period, financial_year_of, period_parse
from localperf.calculations.schedule import due_date, scheduled_periods
from localperf.observations.models import Observation
from localperf.observations.returns import RowKey, return_keys


class PeriodState(StrEnum):
    COMPLETE = "complete"
    OVERDUE = "overdue"
    DUE = "due"
    NOT_YET_DUE = "not_yet_due"


STATE_WORDS = {
    PeriodState.COMPLETE: ("Complete", "green"),
    PeriodState.OVERDUE: ("Overdue", "red"),
    PeriodState.DUE: ("Due", "yellow"),
    PeriodState.NOT_YET_DUE: ("Not yet due", "grey"),
}


@dataclass(frozen=True)
class ReturnPeriod:
    """One period of an agreement's returns as at ``today``."""

    period: Period
    expected: int
    entered: int
    today: datetime.date

    @property
    def label(self) -> str:
        return self.period.label

    @property
    def year(self) -> str:
        """The financial year the period ends in, to group the periods by."""
        return financial_year_of(self.period.end).label

    @property
    def due_on(self) -> datetime.date:
        return due_date(self.period)

    @property
    def missing(self) -> int:
        return self.expected - self.entered

    @property
    def state(self) -> PeriodState:
        if self.entered >= self.expected:
            return PeriodState.COMPLETE
        if self.due_on < self.today:
            return PeriodState.OVERDUE
        if self.period.end < self.today:
            return PeriodState.DUE
        return PeriodState.NOT_YET_DUE

    @property
    def state_words(self) -> str:
        return STATE_WORDS[self.state][0]

    @property
    def state_colour(self) -> str:
        return STATE_WORDS[self.state][1]

    @property
    def counts_words(self) -> str:
        return f"{self.entered} of {self.expected} entered"


def return_periods(
    agreement: Agreement, *, user, today: datetime.date, keys: list[RowKey] | None = None
) -> list[ReturnPeriod]:
    """Every period the agreement's targets expect figures for (those ``user`` may
    write), in date order, with how many are in and the state as at ``today``.
    ``keys``: ``return_keys`` for the same agreement and user, when already read."""
    keys = keys if keys is not None else return_keys(agreement, user=user)
    years = [period_parse(year) for year in agreement.years]
    expected: dict[str, set[tuple[int, int, int]]] = defaultdict(set)
    periods: dict[str, Period] = {}
    for key in keys:
        for period in scheduled_periods(key.frequency, years):
            if not key.reports_at(period):
                continue
            expected[period.label].add(key.ids)
            periods[period.label] = period
    entered = _entered(expected)
    # By end; of two ending together (a Q4 and its year) the shorter first.
    ordered = sorted(periods.values(), key=lambda p: (p.end, -p.start.toordinal()))
    return [ReturnPeriod(p, len(expected[p.label]), len(entered[p.label]), today) for p in ordered]


def _entered(
    expected: dict[str, set[tuple[int, int, int]]],
) -> dict[str, set[tuple[int, int, int]]]:
    """Of the expected figures, those with a current figure, by period: one query."""
    found: dict[str, set[tuple[int, int, int]]] = defaultdict(set)
    if not expected:
        return found
    all_keys = set().union(*expected.values())
    rows = (
        Observation.objects.current()
        .filter(
            period__label__in=list(expected),
            measure_id__in={k[0] for k in all_keys},
            area_id__in={k[1] for k in all_keys},
        )
        .values_list("period__label", "measure_id", "area_id", "population_group_id")
    )
    for label, *ids in rows:
        if tuple(ids) in expected[label]:
            found[label].add(tuple(ids))
    return found


def period_to_show(periods: list[ReturnPeriod]) -> ReturnPeriod | None:
    """The period to open the grid at when none is asked for: the earliest overdue,
    else the earliest due, else the latest that has ended, else the first."""
    for state in (PeriodState.OVERDUE, PeriodState.DUE):
        for period in periods:
            if period.state is state:
                return period
    ended = [p for p in periods if p.period.end < p.today]
    return ended[-1] if ended else (periods[0] if periods else None)
