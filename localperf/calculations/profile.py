"""The profile of a target: the value expected for any period, from its trajectory
(rule A5: a baseline and a target for each year; rule M1: the proforma's "profile").

Method. A trajectory is a baseline (a value and the period it describes) and
one target per financial year. The profile of a period is found from the
financial year containing the period's end:

* That year has no target in the trajectory, or its target is a placeholder
  (not yet set, rule D2): no profile (None).
* A period that is a whole year's figure — a financial year, a survey round,
  a rolling three-year period, a calendar or academic year — or a quarter or
  half year ending on 31 March: the year's target itself, not interpolated.
  Thus "Place Survey 2010" (autumn 2010) is judged against the 2010/11 target.
* A quarter or half year ending earlier in the year:

  - CUMULATIVE measure (a count built up from 1 April; part-year actuals are
    year-to-date): the annual target × the fraction of the year elapsed at
    the period's end. Q1 0.25, H1 0.5, Q3 0.75.
  - SNAPSHOT measure (a level or rate): a straight line in time from the
    last known point before the period's end to this year's target at 31
    March. The last known point is the previous year's target at its 31
    March, or, in the first year, the baseline at the end of its period (the
    31 March before the first target year when the baseline's period is not
    given). So in year one Q1 = baseline + 0.25 × (target − baseline); a
    Place Survey baseline (31 December 2008) leads to a target at 31 March
    2010 over fifteen months. If that last point is a placeholder or the
    baseline is unknown: None.

Time is measured in calendar months (see ``periods.year_fraction_elapsed``),
so quarters are exact quarters of a year. Profiles are not rounded.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise

from .measures import Accumulation
from .periods import (
    Period,
    PeriodKind,
    laa_year_of,
    months_elapsed,
    period_parse,
    year_fraction_elapsed,
)

PART_YEAR_KINDS = frozenset({PeriodKind.QUARTER, PeriodKind.HALF_YEAR})


@dataclass(frozen=True)
class Trajectory:
    """A baseline and the annual targets, in financial-year order.

    ``targets`` pairs each financial year with its target, None for a
    placeholder. ``baseline_period`` None means the baseline describes the
    financial year before the first target year. Build one with ``of``.
    """

    baseline: float | None
    baseline_period: Period | None
    targets: tuple[tuple[Period, float | None], ...]

    def __post_init__(self) -> None:
        years = [year for year, _ in self.targets]
        for year in years:
            if year.kind is not PeriodKind.FINANCIAL_YEAR:
                raise ValueError(f"targets are set per financial year, not for {year.label!r}")
        if any(later.start <= earlier.start for earlier, later in pairwise(years)):
            raise ValueError("targets must be in financial-year order, each year once")

    @classmethod
    def of(
        cls,
        *,
        targets: Mapping[str | Period, float | None],
        baseline: float | None = None,
        baseline_period: str | Period | None = None,
    ) -> Trajectory:
        """A trajectory from labels or periods, in any order.

        >>> t = Trajectory.of(baseline=50, targets={"2009/10": 58, "2008/09": 54})
        >>> [(year.label, value) for year, value in t.targets]
        [('2008/09', 54), ('2009/10', 58)]
        """
        pairs = [(_as_period(year), value) for year, value in targets.items()]
        pairs.sort(key=lambda pair: pair[0].start)
        return cls(
            baseline=baseline,
            baseline_period=None if baseline_period is None else _as_period(baseline_period),
            targets=tuple(pairs),
        )

    @property
    def years(self) -> tuple[Period, ...]:
        return tuple(year for year, _ in self.targets)

    def covers(self, year: Period) -> bool:
        return year in self.years

    def target_for(self, year: Period) -> float | None:
        """The year's target; None for a placeholder or a year outside the trajectory."""
        return dict(self.targets).get(year)

    def is_placeholder_for(self, year: Period) -> bool:
        """The year is in the trajectory but its target is not yet set (rule D2)."""
        return self.covers(year) and self.target_for(year) is None

    @property
    def final_year(self) -> Period | None:
        return self.targets[-1][0] if self.targets else None

    @property
    def final_target(self) -> float | None:
        return self.targets[-1][1] if self.targets else None

    def baseline_date(self) -> date | None:
        """When the baseline stands: the end of its period, or the eve of the first year."""
        if self.baseline_period is not None:
            return self.baseline_period.end
        if not self.targets:
            return None
        return self.targets[0][0].start - timedelta(days=1)


def _as_period(value: str | Period) -> Period:
    return value if isinstance(value, Period) else period_parse(value)


def _known_points(trajectory: Trajectory) -> dict[date, float | None]:
    """Dated points the snapshot line runs between: the baseline and each year's target."""
    points: dict[date, float | None] = {}
    baseline_date = trajectory.baseline_date()
    if baseline_date is not None:
        points[baseline_date] = trajectory.baseline
    for year, target in trajectory.targets:
        # A set target outranks a baseline on the same day; a placeholder does not,
        # so a deferred indicator's line starts from its first outturn.
        if target is not None or year.end not in points:
            points[year.end] = target
    return points


def profile_for(trajectory: Trajectory, period: Period, accumulation: Accumulation) -> float | None:
    """The profile (expected value) of the target for ``period``.

    >>> t = Trajectory.of(baseline=50, targets={"2008/09": 54, "2009/10": 58})
    >>> quarters = [period_parse(f"2008/09 Q{n}") for n in (1, 2, 3, 4)]
    >>> [profile_for(t, q, Accumulation.SNAPSHOT) for q in quarters]
    [51.0, 52.0, 53.0, 54.0]
    >>> counts = Trajectory.of(targets={"2008/09": 400})
    >>> profile_for(counts, period_parse("2008/09 H1"), Accumulation.CUMULATIVE)
    200.0
    """
    year = laa_year_of(period)
    target = trajectory.target_for(year)
    if target is None:
        return None
    if period.kind not in PART_YEAR_KINDS or period.end == year.end:
        return float(target)
    if accumulation is Accumulation.CUMULATIVE:
        return target * year_fraction_elapsed(period, year)
    return _snapshot_between(trajectory, period.end, year.end, target)


def _snapshot_between(
    trajectory: Trajectory, when: date, target_date: date, target: float
) -> float | None:
    points = _known_points(trajectory)
    earlier = [day for day in points if day <= when]
    if not earlier:
        return None
    start = max(earlier)
    start_value = points[start]
    if start_value is None:
        return None
    fraction = months_elapsed(start, when) / months_elapsed(start, target_date)
    return start_value + (target - start_value) * fraction
