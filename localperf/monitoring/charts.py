"""A target's charts as server-drawn SVG geometry: a small sparkline for the dashboard row
and the trajectory chart of the target page (profile against actuals, with each
figure's confidence interval as a band).

Pure: periods and numbers in, coordinates and axis labels out, so that the charts work
without JavaScript and under the strict CSP (colours are SVG presentation attributes).
A chart never stands alone: every page that draws one shows the same figures in a table
beside it, and the SVG carries a title and a description for screen readers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

# GOV.UK colours.
BLUE, BLACK, GREY, LIGHT_BLUE = "#1d70b8", "#0b0c0c", "#505a5f", "#d2e2f1"


@dataclass(frozen=True)
class ChartPeriod:
    """One period's figures, as a chart needs them."""

    label: str
    profile: float | None
    actual: float | None
    ci_lower: float | None = None
    ci_upper: float | None = None


@dataclass(frozen=True)
class Mark:
    x: float
    y: float
    value: float
    label: str


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True)
class Interval:
    """A confidence interval drawn as a whisker at ``x`` from ``top`` to ``bottom``."""

    x: float
    top: float
    bottom: float


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: float
    right: float
    top: float
    bottom: float
    profile: tuple[Mark, ...]
    actual: tuple[Mark, ...]
    intervals: tuple[Interval, ...]
    bands: tuple[str, ...]  # polygons' points, one per run of consecutive intervals
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]

    @property
    def profile_points(self) -> str:
        return _points(self.profile)

    @property
    def actual_points(self) -> str:
        return _points(self.actual)

    @property
    def last_actual(self) -> Mark | None:
        return self.actual[-1] if self.actual else None


def _points(marks: Sequence[Mark]) -> str:
    return " ".join(f"{m.x:.1f},{m.y:.1f}" for m in marks)


def nice_step(span: float, ticks: int = 5) -> float:
    """A round step (1, 2 or 5 times a power of ten) giving about ``ticks`` ticks.

    >>> nice_step(100), nice_step(7), nice_step(0.3), nice_step(0)
    (20.0, 2.0, 0.1, 1.0)
    """
    if span <= 0 or not math.isfinite(span):
        return 1.0
    raw = span / ticks
    power = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 5):
        if raw <= multiple * power * (1 + 1e-9):
            return float(round(multiple * power, 12))
    return float(round(10 * power, 12))


def axis_label(value: float) -> str:
    """A tick's figure: whole numbers without decimals, others without trailing zeros.

    >>> axis_label(1500.0), axis_label(2.5), axis_label(-0.25)
    ('1,500', '2.5', '-0.25')
    """
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.4f}".rstrip("0").rstrip(".")


def _values(periods: Sequence[ChartPeriod]) -> list[float]:
    found = []
    for p in periods:
        found += [v for v in (p.profile, p.actual, p.ci_lower, p.ci_upper) if v is not None]
    return [v for v in found if math.isfinite(v)]


def chart(
    periods: Sequence[ChartPeriod],
    *,
    width: int = 640,
    height: int = 300,
    margins: tuple[int, int, int, int] = (20, 20, 50, 70),  # top, right, bottom, left
    ticks: int = 5,
) -> Chart | None:
    """The geometry of a chart of profile and actuals per period; None with nothing to
    draw. Periods are evenly spaced, oldest first; the value axis starts at a round
    number below the lowest figure and ends at one above the highest.

    >>> c = chart([ChartPeriod("2008/09", 10, 12, 11, 13), ChartPeriod("2009/10", 20, None)])
    >>> [m.label for m in c.profile], [m.value for m in c.actual]
    (['2008/09', '2009/10'], [12])
    >>> c.actual[0].y > c.profile[1].y  # 12 is drawn below 20
    True
    >>> len(c.intervals), c.intervals[0].top < c.intervals[0].bottom
    (1, True)
    >>> chart([ChartPeriod("2008/09", None, None)]) is None
    True
    """
    values = _values(periods)
    if not periods or not values:
        return None
    top_margin, right_margin, bottom_margin, left_margin = margins
    low, high = min(values), max(values)
    step = nice_step(high - low or abs(high) or 1.0, ticks)
    low = math.floor(low / step) * step
    high = math.ceil(high / step) * step
    if high <= low:
        high = low + step
    plot_w = width - left_margin - right_margin
    plot_h = height - top_margin - bottom_margin
    gap = plot_w / max(len(periods) - 1, 1)

    def x(i: int) -> float:
        return left_margin + (i * gap if len(periods) > 1 else plot_w / 2)

    def y(v: float) -> float:
        return top_margin + plot_h * (1 - (v - low) / (high - low))

    def marks(attribute: str) -> tuple[Mark, ...]:
        return tuple(
            Mark(x(i), y(getattr(p, attribute)), getattr(p, attribute), p.label)
            for i, p in enumerate(periods)
            if getattr(p, attribute) is not None
        )

    intervals: list[tuple[int, Interval]] = [
        (i, Interval(x(i), y(p.ci_upper), y(p.ci_lower)))
        for i, p in enumerate(periods)
        if p.ci_lower is not None and p.ci_upper is not None
    ]
    count = round((high - low) / step)
    return Chart(
        width=width,
        height=height,
        left=left_margin,
        right=width - right_margin,
        top=top_margin,
        bottom=top_margin + plot_h,
        profile=marks("profile"),
        actual=marks("actual"),
        intervals=tuple(interval for _, interval in intervals),
        bands=_bands(intervals),
        x_ticks=tuple(Tick(x(i), p.label) for i, p in enumerate(periods)),
        y_ticks=tuple(
            Tick(y(low + k * step), axis_label(low + k * step)) for k in range(count + 1)
        ),
    )


def _bands(intervals: list[tuple[int, Interval]]) -> tuple[str, ...]:
    """A shaded polygon over each run of two or more periods in a row with an interval."""
    runs: list[list[Interval]] = []
    previous = None
    for index, interval in intervals:
        if previous is not None and index == previous + 1:
            runs[-1].append(interval)
        else:
            runs.append([interval])
        previous = index
    polygons = []
    for run in runs:
        if len(run) < 2:
            continue
        upper = [f"{i.x:.1f},{i.top:.1f}" for i in run]
        lower = [f"{i.x:.1f},{i.bottom:.1f}" for i in reversed(run)]
        polygons.append(" ".join(upper + lower))
    return tuple(polygons)


def sparkline(periods: Sequence[ChartPeriod]) -> Chart | None:
    """A small chart for a table row: no axes, just the two lines.

    >>> s = sparkline([ChartPeriod("a", 1, 1), ChartPeriod("b", 2, 3)])
    >>> (s.width, s.height, len(s.actual))
    (120, 36, 2)
    """
    return chart(periods, width=120, height=36, margins=(4, 6, 4, 6), ticks=2)
