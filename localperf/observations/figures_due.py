"""The one answer to "for this agreement and period, which figures are due, overdue,
entered": every figure (measure, area, population group) the agreement's targets expect,
in every period their schedule includes, with whether it is in and its state as at a day.

Everything that counts figures owed asks here: the entry grid's period list
(``return_periods``), the work list's "figures due/overdue" and a partner's "figures you
owe" (``monitoring.selectors.work``), /my-commitments/ and the agreement hub's "what is
due" (``monitoring.selectors.progress``). So a count on one page is the count on another.

A figure is *expected* for a period when one of the agreement's targets needs it
(``returns.return_keys``: its measure, areas and groups, rules A6, A7, X2) and the target's
schedule includes the period (its indicator's reporting frequency over the agreement's
years, rule D5; a deferred indicator from its first year, rule D2). Its state:

* complete — a current figure is in;
* missing — none is, the period has ended, and a figure for a later period is already in
  (a gap the later figure overtook: the monitoring engine's "missing", never "overdue");
* overdue — none is, and the due date (``calculations.schedule.due_date``) has passed;
* due — none is, the period has ended, the due date has not passed;
* not yet due — the period has not ended.

A period's state is its figures' taken together (``period_state``).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from localperf.agreements.models import Agreement
from localperf.calculations.periods import Period, period_parse
from localperf.calculations.schedule import due_date, scheduled_periods
from localperf.observations.models import Observation
from localperf.observations.returns import RowKey, return_keys, return_keys_for

Ids = tuple[int, int, int]  # measure, area, population group


class PeriodState(StrEnum):
    COMPLETE = "complete"
    MISSING = "missing"
    OVERDUE = "overdue"
    DUE = "due"
    NOT_YET_DUE = "not_yet_due"


# A period with figures in several states takes the first of these its figures hold.
PERIOD_ORDER = (
    PeriodState.OVERDUE,
    PeriodState.DUE,
    PeriodState.MISSING,
    PeriodState.NOT_YET_DUE,
    PeriodState.COMPLETE,
)


def state_of(
    *,
    entered: bool,
    period: Period,
    due_on: datetime.date,
    today: datetime.date,
    overtaken: bool = False,
) -> PeriodState:
    """The state of one figure; ``overtaken``: a later period's figure is in.

    >>> from localperf.calculations.periods import period_parse
    >>> year = period_parse("2008/09")
    >>> due = datetime.date(2009, 9, 30)
    >>> [state_of(entered=e, period=year, due_on=due, today=datetime.date(*d)).value
    ...  for e, d in [(True, (2009, 11, 30)), (False, (2009, 11, 30)),
    ...               (False, (2009, 5, 1)), (False, (2009, 1, 1))]]
    ['complete', 'overdue', 'due', 'not_yet_due']
    >>> state_of(entered=False, period=year, due_on=due, today=datetime.date(2009, 11, 30),
    ...          overtaken=True).value
    'missing'
    """
    if entered:
        return PeriodState.COMPLETE
    if overtaken and period.end < today:
        return PeriodState.MISSING
    if due_on < today:
        return PeriodState.OVERDUE
    if period.end < today:
        return PeriodState.DUE
    return PeriodState.NOT_YET_DUE


@dataclass(frozen=True)
class FigureDue:
    """One figure an agreement expects for one period, as at ``today``."""

    agreement_id: int
    period: Period
    ids: Ids
    code: str  # the measure's code, "NI 117"
    target_ids: tuple[int, ...]  # the targets that need it
    entered: bool
    today: datetime.date
    overtaken: bool = False  # a later period's figure of the same measure, area, group is in

    @property
    def due_on(self) -> datetime.date:
        return due_date(self.period)

    @property
    def state(self) -> PeriodState:
        return state_of(
            entered=self.entered,
            period=self.period,
            due_on=self.due_on,
            today=self.today,
            overtaken=self.overtaken,
        )

    @property
    def is_owed(self) -> bool:
        """Due now or overdue: on someone's work list."""
        return self.state in (PeriodState.DUE, PeriodState.OVERDUE)


def figures_due(
    agreement: Agreement,
    *,
    today: datetime.date,
    user=None,
    keys: list[RowKey] | None = None,
) -> list[FigureDue]:
    """Every figure the agreement's targets expect (those ``user`` may write; everyone's
    when ``user`` is None), period by period in date order (of two periods ending
    together, the shorter first), each with whether it is in. ``keys``: ``return_keys``
    for the same agreement and user, when already read. One query beyond the keys."""
    keys = keys if keys is not None else return_keys(agreement, user=user, keys_only=True)
    return _figures({agreement.pk: (agreement, keys)}, today)


def figures_due_for(
    agreements: Iterable[Agreement], *, today: datetime.date, user=None
) -> list[FigureDue]:
    """``figures_due`` of several agreements, one after the other, in a constant number
    of queries whatever their number (``return_keys_for``, then one for the figures in):
    the work list, /my-commitments/ and the region view ask for many at once."""
    agreements = list(agreements)
    keys = return_keys_for(agreements, user=user)
    return _figures({a.pk: (a, keys[a.pk]) for a in agreements}, today)


def _figures(
    held: dict[int, tuple[Agreement, list[RowKey]]], today: datetime.date
) -> list[FigureDue]:
    """The figures each agreement's keys expect, in date order agreement by agreement.
    One query for the figures in, for every agreement at once."""
    schedules = {pk: _expected(agreement, keys) for pk, (agreement, keys) in held.items()}
    entered = _entered({ek for _, expected in schedules.values() for ek in expected})
    found = []
    for pk, (periods, expected) in schedules.items():
        latest: dict[Ids, datetime.date] = {}
        for label, ids in expected.keys() & entered:
            latest[ids] = max(latest.get(ids, periods[label].end), periods[label].end)
        mine = [
            FigureDue(
                agreement_id=pk,
                period=periods[label],
                ids=ids,
                code=owing[0].measure.code,
                target_ids=tuple(dict.fromkeys(k.target.pk for k in owing)),
                entered=(label, ids) in entered,
                today=today,
                overtaken=periods[label].end < latest.get(ids, datetime.date.min),
            )
            for (label, ids), owing in expected.items()
        ]
        mine.sort(key=lambda f: (f.period.end, -f.period.start.toordinal()))
        found.extend(mine)
    return found


def _expected(
    agreement: Agreement, keys: list[RowKey]
) -> tuple[dict[str, Period], dict[tuple[str, Ids], list[RowKey]]]:
    """The agreement's periods by label, and for each (period, figure) it expects the
    keys (targets) that need it."""
    years = [period_parse(year) for year in agreement.years]
    periods: dict[str, Period] = {}
    expected: dict[tuple[str, Ids], list[RowKey]] = defaultdict(list)
    for key in keys:
        for period in scheduled_periods(key.frequency, years):
            if key.reports_at(period):
                periods[period.label] = period
                expected[(period.label, key.ids)].append(key)
    return periods, expected


def period_state(states: Iterable[PeriodState]) -> PeriodState:
    """The state of a period from its figures': the first of ``PERIOD_ORDER`` held.

    >>> period_state([PeriodState.COMPLETE, PeriodState.MISSING]).value
    'missing'
    >>> period_state([PeriodState.MISSING, PeriodState.OVERDUE]).value
    'overdue'
    """
    held = set(states)
    return next((s for s in PERIOD_ORDER if s in held), PeriodState.COMPLETE)


@dataclass(frozen=True)
class OverdueCount:
    """The overdue figures among some ``FigureDue``: how many (each figure once, however
    many targets need it) and, per target, how many it needs. Every page that says how
    many figures are overdue says one of these: the hub, the dashboard, the region view,
    /my-commitments/ (rule M1)."""

    figures: int
    by_target: dict[int, int]

    @property
    def targets(self) -> int:
        return len(self.by_target)


def overdue_count(figures: Iterable[FigureDue]) -> OverdueCount:
    """Count the overdue figures (a figure two targets need counts once in ``figures``,
    and for each target in ``by_target``).

    >>> from localperf.calculations.periods import period_parse
    >>> late = dict(period=period_parse("2008/09"), code="NI 1", entered=False,
    ...             today=datetime.date(2009, 11, 30))
    >>> count = overdue_count([FigureDue(1, ids=(1, 1, 1), target_ids=(7, 8), **late),
    ...                        FigureDue(1, ids=(2, 1, 1), target_ids=(8,), **late)])
    >>> (count.figures, count.by_target, count.targets)
    (2, {7: 1, 8: 2}, 2)
    """
    counted = 0
    by_target: dict[int, int] = defaultdict(int)
    for figure in figures:
        if figure.state is PeriodState.OVERDUE:
            counted += 1
            for target_id in figure.target_ids:
                by_target[target_id] += 1
    return OverdueCount(figures=counted, by_target=dict(by_target))


def overdue_by_agreement(figures: Iterable[FigureDue]) -> dict[int, OverdueCount]:
    """``overdue_count`` of each agreement among ``figures`` (``figures_due_for``'s)."""
    grouped: dict[int, list[FigureDue]] = defaultdict(list)
    for figure in figures:
        grouped[figure.agreement_id].append(figure)
    return {pk: overdue_count(found) for pk, found in grouped.items()}


def _entered(expected: set[tuple[str, Ids]]) -> set[tuple[str, Ids]]:
    """Of the expected (period, figure) pairs, those with a current figure: one query."""
    if not expected:
        return set()
    rows = (
        Observation.objects.current()
        .filter(
            period__label__in={label for label, _ in expected},
            measure_id__in={ids[0] for _, ids in expected},
            area_id__in={ids[1] for _, ids in expected},
        )
        .values_list("period__label", "measure_id", "area_id", "population_group_id")
    )
    return {(label, tuple(ids)) for label, *ids in rows} & expected
