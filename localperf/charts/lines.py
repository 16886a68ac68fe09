"""Where a line chart's figures go: a target's profile (or target) against its actual
figures, with confidence intervals, on evenly spaced periods; and the dashboard's
sparkline, the same geometry in a small frame.

A line joins the figures of one *run*. A series of levels is one run. A year-to-date
series (a cumulative measure's running totals) gives each period the financial year
whose running total it is (``ChartPeriod.run``), and each year is a run of its own: the
line breaks every April instead of falling from the year's total to the first quarter.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby

from .markup import PAGE, SPARK, Frame
from .scales import Scale, Tick, finite, text_width, xy


@dataclass(frozen=True)
class ChartPeriod:
    """One period's figures, as a chart needs them: ``profile`` is the trajectory (on the
    public site, the target), ``actual`` the figure returned. ``run``: for a year-to-date
    series, the year whose running total the figures are (say "2009/10"); blank for a
    series of levels, drawn as one line."""

    label: str
    profile: float | None
    actual: float | None
    ci_lower: float | None = None
    ci_upper: float | None = None
    run: str = ""
    rating: str = ""  # a rating's value ("green", "amber", "red"…), to colour the figure
    rating_label: str = ""  # its words ("On track"), written beside the latest figure


@dataclass(frozen=True)
class Baseline:
    """The figure a target starts from, at its own period (before the first on the
    chart, or one of them), with its confidence limits when it carries them."""

    label: str
    value: float | None
    lower: float | None = None
    upper: float | None = None


@dataclass(frozen=True)
class Mark:
    x: float
    y: float
    value: float
    label: str
    run: str = ""
    rating: str = ""
    rating_label: str = ""


@dataclass(frozen=True)
class Interval:
    """A confidence interval, drawn as a whisker at ``x`` from ``top`` to ``bottom``."""

    x: float
    top: float
    bottom: float
    label: str


def runs_of(marks: Sequence[Mark]) -> tuple[tuple[Mark, ...], ...]:
    """The marks a line joins, in order: consecutive marks of the same run.

    >>> marks = [Mark(0, 0, 1, "Q4", "2008/09"), Mark(1, 0, 1, "Q1", "2009/10"),
    ...          Mark(2, 0, 2, "Q2", "2009/10")]
    >>> [[m.label for m in run] for run in runs_of(marks)]
    [['Q4'], ['Q1', 'Q2']]
    """
    return tuple(tuple(group) for _, group in groupby(marks, key=lambda m: m.run))


def _points(marks: Sequence[Mark]) -> str:
    return " ".join(xy(m.x, m.y) for m in marks)


@dataclass(frozen=True)
class LineChart:
    frame: Frame
    periods: tuple[str, ...]
    profile: tuple[Mark, ...]
    actual: tuple[Mark, ...]
    intervals: tuple[Interval, ...]
    bands: tuple[str, ...]  # polygons' points, one per run of consecutive intervals
    x_ticks: tuple[Tick, ...]  # thinned out when the labels would overlap
    y_ticks: tuple[Tick, ...]
    left: float  # the plot's left and right edges
    right: float
    baseline: Mark | None = None
    baseline_interval: Interval | None = None
    projection: Mark | None = None  # the projected outturn, at the last period
    ends_at_the_end: bool = False  # the periods run to the end of the agreement

    @property
    def end_target(self) -> Mark | None:
        """The target at the end of the agreement: the last period's profile, when the
        chart runs to the end (a report's chart stops at the period reported on)."""
        if not self.ends_at_the_end or not self.profile:
            return None
        return self.profile[-1] if self.periods[-1] == self.profile[-1].label else None

    @property
    def projection_from(self) -> Mark | None:
        """Where the projection's line starts: the latest figure (or the baseline)."""
        return self.actual[-1] if self.actual else self.baseline

    @property
    def top(self) -> float:
        return self.frame.top

    @property
    def bottom(self) -> float:
        return self.frame.height - self.frame.bottom

    @property
    def year_to_date(self) -> bool:
        """The series is running totals, drawn as a line per year."""
        return any(m.run for m in (*self.profile, *self.actual))

    @property
    def profile_points(self) -> str:
        return _points(self.profile)

    @property
    def actual_points(self) -> str:
        return _points(self.actual)

    @property
    def profile_lines(self) -> tuple[str, ...]:
        """The points of each profile line to draw (a run of two marks or more)."""
        return tuple(_points(run) for run in runs_of(self.profile) if len(run) > 1)

    @property
    def actual_lines(self) -> tuple[str, ...]:
        return tuple(_points(run) for run in runs_of(self.actual) if len(run) > 1)


def line_chart(
    periods: Sequence[ChartPeriod],
    *,
    frame: Frame = PAGE,
    baseline: Baseline | None = None,
    projection: float | None = None,
    to_the_end: bool = False,
) -> LineChart | None:
    """Where each period's profile, actual and interval go; None with nothing to draw.
    Periods are evenly spaced, oldest first, and keep their place when they have no
    figure; the value axis runs from a round number below the lowest figure to one
    above the highest.

    >>> c = line_chart([ChartPeriod("2008/09", 10, 12, 11, 13), ChartPeriod("2009/10", 20, None)])
    >>> [m.label for m in c.profile], [m.value for m in c.actual]
    (['2008/09', '2009/10'], [12.0])
    >>> c.actual[0].y > c.profile[1].y  # 12 is drawn below 20
    True

    A ``baseline`` at a period before the first is drawn at a place of its own at the
    start; a ``projection`` (the projected outturn) at the last period:

    >>> c = line_chart([ChartPeriod("2008/09", 10, 12)], baseline=Baseline("2007/08", 9),
    ...                projection=15, to_the_end=True)
    >>> c.periods, c.baseline.x < c.actual[0].x == c.projection.x, c.end_target.value
    (('2007/08', '2008/09'), True, 10.0)
    """
    clean = [
        ChartPeriod(
            p.label,
            finite(p.profile),
            finite(p.actual),
            finite(p.ci_lower),
            finite(p.ci_upper),
            p.run,
            p.rating,
            p.rating_label,
        )
        for p in periods
    ]
    start = None
    if baseline is not None and finite(baseline.value) is not None:
        start = Baseline(
            baseline.label, finite(baseline.value), finite(baseline.lower), finite(baseline.upper)
        )
        if start.label not in {p.label for p in clean}:
            clean.insert(0, ChartPeriod(start.label, None, None))
    projected = finite(projection)
    values = [
        v for p in clean for v in (p.profile, p.actual, p.ci_lower, p.ci_upper) if v is not None
    ]
    if start is not None:
        values += [v for v in (start.value, start.lower, start.upper) if v is not None]
    if projected is not None and values:
        values.append(projected)
    if not values:
        return None
    # Room for half the widest period label past each end, so none is cut off.
    half_label = text_width(max((p.label for p in clean), key=len), frame.font_size) / 2 + 2
    plot_left = max(frame.left, half_label)
    plot_right = frame.width - max(frame.right, half_label)
    scale = Scale.covering(values, frame.top, frame.height - frame.bottom, frame.ticks)
    gap = (plot_right - plot_left) / max(len(clean) - 1, 1)

    def x(i: int) -> float:
        return plot_left + (i * gap if len(clean) > 1 else (plot_right - plot_left) / 2)

    def marks(figures: list[float | None], rated: bool = False) -> tuple[Mark, ...]:
        return tuple(
            Mark(
                x(i),
                scale.y(v),
                v,
                clean[i].label,
                clean[i].run,
                clean[i].rating if rated else "",
                clean[i].rating_label if rated else "",
            )
            for i, v in enumerate(figures)
            if v is not None
        )

    labels = [p.label for p in clean]
    base_mark = base_interval = None
    if start is not None:
        at = x(labels.index(start.label))
        base_mark = Mark(at, scale.y(start.value), start.value, start.label)
        if start.lower is not None and start.upper is not None:
            base_interval = Interval(at, scale.y(start.upper), scale.y(start.lower), start.label)
    last = x(len(clean) - 1)

    intervals = [
        (i, Interval(x(i), scale.y(p.ci_upper), scale.y(p.ci_lower), p.label))
        for i, p in enumerate(clean)
        if p.ci_lower is not None and p.ci_upper is not None
    ]
    # Label every k-th period when every label would not fit.
    widest = max(text_width(p.label, frame.font_size) for p in clean) + frame.font_size
    every = max(1, math.ceil(widest / gap)) if len(clean) > 1 and frame.font_size else 1
    return LineChart(
        frame=frame,
        periods=tuple(p.label for p in clean),
        profile=marks([p.profile for p in clean]),
        actual=marks([p.actual for p in clean], rated=True),
        intervals=tuple(interval for _, interval in intervals),
        bands=_bands(intervals),
        x_ticks=tuple(Tick(x(i), p.label) for i, p in enumerate(clean) if i % every == 0),
        y_ticks=scale.ticks(),
        left=plot_left,
        right=plot_right,
        baseline=base_mark,
        baseline_interval=base_interval,
        projection=(
            Mark(last, scale.y(projected), projected, clean[-1].label)
            if projected is not None
            else None
        ),
        ends_at_the_end=to_the_end,
    )


def _bands(intervals: list[tuple[int, Interval]]) -> tuple[str, ...]:
    """A shaded polygon over each run of two or more periods in a row with an interval;
    a lone interval is its whisker alone."""
    runs: list[list[Interval]] = []
    previous = None
    for index, interval in intervals:
        if previous is not None and index == previous + 1:
            runs[-1].append(interval)
        else:
            runs.append([interval])
        previous = index
    return tuple(
        " ".join([xy(i.x, i.top) for i in run] + [xy(i.x, i.bottom) for i in reversed(run)])
        for run in runs
        if len(run) > 1
    )


def sparkline(
    periods: Sequence[ChartPeriod], *, baseline: Baseline | None = None
) -> LineChart | None:
    """A table row's small chart: no axes, no key, just the two lines; with the
    baseline, the actual line starts from it, so one figure is a line, not a dot.

    >>> s = sparkline([ChartPeriod("a", 1, 1), ChartPeriod("b", 2, 3)])
    >>> (s.frame.width, s.frame.height, len(s.actual))
    (100, 36, 2)
    """
    return line_chart(periods, frame=SPARK, baseline=baseline)
