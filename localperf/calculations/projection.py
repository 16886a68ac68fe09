"""Projected outturn at the end of the agreement, from the trend so far (rule M3:
judge by trends and trajectories as well as snapshots).

Method: an ordinary least-squares straight line through the (time, value)
points, time being each value's period end date measured in years of 365.25
days from the earliest point; the line is read off at the agreement's end date
(normally 31 March 2011). With fewer than two distinct dates there is no trend
and no projection (None). Points with no value are skipped.

Which points: ``trend_points`` — the baseline at its date, and the figures for
periods ending after that date (a trajectory starts at its baseline: a figure from
before it, or for the baseline period itself, is history the line does not run
through), up to the period judged.

Feed it values of one kind: snapshot levels, or annual figures of a cumulative
measure — not year-to-date figures, which restart every April and would make
any trend saw-toothed.

``likely_to_meet`` compares the projection with the final year's target in the
polarity's direction; reaching the target exactly counts as meeting it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from .measures import Polarity

DAYS_PER_YEAR = 365.25


@dataclass(frozen=True)
class Trend:
    """A straight line: ``value_at(origin) == intercept``, rising ``slope_per_year``."""

    origin: date
    intercept: float
    slope_per_year: float

    def value_at(self, when: date) -> float:
        years = (when.toordinal() - self.origin.toordinal()) / DAYS_PER_YEAR
        return self.intercept + self.slope_per_year * years


def linear_trend(points: Iterable[tuple[date, float | None]]) -> Trend | None:
    """The least-squares line through the points; None with fewer than two dates.

    >>> trend = linear_trend([(date(2009, 3, 31), 50.0), (date(2010, 3, 31), 54.0)])
    >>> round(trend.value_at(date(2011, 3, 31)), 6)
    58.0
    """
    known = [(when, value) for when, value in points if value is not None]
    if len({when for when, _ in known}) < 2:
        return None
    origin = min(when for when, _ in known)
    xs = [(when.toordinal() - origin.toordinal()) / DAYS_PER_YEAR for when, _ in known]
    ys = [float(value) for _, value in known]
    mean_x = sum(xs) / len(xs)
    mean_y = sum(ys) / len(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread
    return Trend(origin=origin, intercept=mean_y - slope * mean_x, slope_per_year=slope)


def trend_points(
    *,
    baseline: float | None,
    baseline_date: date | None,
    figures: Iterable[tuple[date, float | None]],
    until: date,
) -> list[tuple[date, float | None]]:
    """The points of the projection made at the end of the period ending ``until``:
    the baseline, when it stands on or before ``until``, and each figure (period end,
    value) ending after ``baseline_date`` and on or before ``until``. With no baseline
    date every figure up to ``until`` counts.

    >>> figures = [(date(2007, 3, 31), 40.0), (date(2008, 3, 31), 49.0), (date(2009, 3, 31), 52.0)]
    >>> trend_points(baseline=50.0, baseline_date=date(2008, 3, 31), figures=figures,
    ...              until=date(2010, 3, 31))
    [(datetime.date(2008, 3, 31), 50.0), (datetime.date(2009, 3, 31), 52.0)]
    """
    points: list[tuple[date, float | None]] = []
    if baseline is not None and baseline_date is not None and baseline_date <= until:
        points.append((baseline_date, baseline))
    points.extend(
        (when, value)
        for when, value in figures
        if when <= until and (baseline_date is None or when > baseline_date)
    )
    return points


def projected_outturn(
    points: Iterable[tuple[date, float | None]], agreement_end: date
) -> float | None:
    """The trend's value at ``agreement_end``; None when there is no trend."""
    trend = linear_trend(points)
    return None if trend is None else trend.value_at(agreement_end)


def likely_to_meet(
    projected: float | None, final_target: float | None, polarity: Polarity | None
) -> bool | None:
    """Whether the projection reaches the final target; None when it cannot be said.

    >>> likely_to_meet(58.0, 56.0, Polarity.HIGHER_IS_BETTER)
    True
    >>> likely_to_meet(58.0, 56.0, Polarity.LOWER_IS_BETTER)
    False
    """
    if projected is None or final_target is None or polarity is None:
        return None
    if polarity is Polarity.HIGHER_IS_BETTER:
        return projected >= final_target
    return projected <= final_target
