"""The periods an agreement's figures are owed for, each with its state as at a day: how
many of the figures expected are in, when they are due (``calculations.schedule``) and
whether that day has passed. The entry grid offers them to pick from.

The figures themselves, and each one's state, are ``figures_due``'s answer, which the
work list, the hub and /my-commitments/ ask too: a period here counts the same figures.
A period's state is its figures' taken together (``figures_due.period_state``): overdue
when one is, else due, else missing (a gap a later figure overtook), else not yet due,
else complete.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from localperf.agreements.models import Agreement
from localperf.calculations.periods import Period, financial_year_of
from localperf.calculations.schedule import due_date
from localperf.observations.figures_due import FigureDue, PeriodState, figures_due, period_state
from localperf.observations.returns import RowKey

__all__ = ["STATE_WORDS", "PeriodState", "ReturnPeriod", "period_to_show", "return_periods"]

STATE_WORDS = {
    PeriodState.COMPLETE: ("Complete", "green"),
    PeriodState.MISSING: ("Missing", "orange"),
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
    state: PeriodState  # its figures' (``figures_due.period_state``)

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
    write), in date order, with how many are in and the state as at ``today``: the
    figures of ``figures_due``, counted by period. ``keys``: ``return_keys`` for the same
    agreement and user, when already read."""
    periods: dict[str, list[FigureDue]] = {}
    for figure in figures_due(agreement, today=today, user=user, keys=keys):
        periods.setdefault(figure.period.label, []).append(figure)
    return [
        ReturnPeriod(
            period=figures[0].period,
            expected=len(figures),
            entered=sum(f.entered for f in figures),
            today=today,
            state=period_state(f.state for f in figures),
        )
        for figures in periods.values()
    ]


def period_to_show(periods: list[ReturnPeriod]) -> ReturnPeriod | None:
    """The period to open the grid at when none is asked for: the earliest overdue,
    else the earliest due, else the latest that has ended, else the first."""
    for state in (PeriodState.OVERDUE, PeriodState.DUE):
        for period in periods:
            if period.state is state:
                return period
    ended = [p for p in periods if p.period.end < p.today]
    return ended[-1] if ended else (periods[0] if periods else None)
