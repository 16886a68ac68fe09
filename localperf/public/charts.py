"""Line charts as server-drawn SVG geometry, so that they work without JavaScript.

Pure: periods and values in, coordinates and axis labels out. The template draws them
beside the data table that carries the same figures (charts never stand alone).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 70, 20, 20, 50


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    value: float
    label: str


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    left: int
    bottom_y: float
    right_x: float
    top: int
    target: tuple[Point, ...]
    actual: tuple[Point, ...]
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]

    @property
    def target_path(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.target)

    @property
    def actual_path(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.actual)


def nice_step(span: float, ticks: int = 5) -> float:
    """A round step (1, 2 or 5 times a power of ten) giving about ``ticks`` ticks.

    >>> nice_step(100), nice_step(7), nice_step(0.3)
    (20.0, 2.0, 0.1)
    """
    if span <= 0:
        return 1.0
    raw = span / ticks
    power = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 5, 10):
        if raw <= multiple * power:
            return float(round(multiple * power, 12))
    return float(10 * power)  # pragma: no cover


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0")


def line_chart(
    periods: Sequence[str],
    target: Sequence[float | None],
    actual: Sequence[float | None],
) -> LineChart | None:
    """Target and actual per period, on one scale; None when there is nothing to draw.

    >>> chart = line_chart(["2008/09", "2009/10"], [10, 20], [12, None])
    >>> [p.label for p in chart.target], [p.value for p in chart.actual]
    (['2008/09', '2009/10'], [12])
    >>> chart.actual[0].y > chart.target[1].y  # 12 is drawn below 20
    True
    """
    values = [v for v in (*target, *actual) if v is not None]
    if not periods or not values:
        return None
    low, high = min(values), max(values)
    step = nice_step(high - low or abs(high) or 1)
    low = math.floor(low / step) * step
    high = math.ceil(high / step) * step
    if high == low:
        high = low + step
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    gap = plot_w / max(len(periods) - 1, 1)

    def x(i: int) -> float:
        return LEFT + (i * gap if len(periods) > 1 else plot_w / 2)

    def y(v: float) -> float:
        return TOP + plot_h * (1 - (v - low) / (high - low))

    def points(series: Sequence[float | None]) -> tuple[Point, ...]:
        return tuple(
            Point(x(i), y(v), v, periods[i]) for i, v in enumerate(series) if v is not None
        )

    count = round((high - low) / step)
    return LineChart(
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        bottom_y=TOP + plot_h,
        right_x=WIDTH - RIGHT,
        top=TOP,
        target=points(target),
        actual=points(actual),
        x_ticks=tuple(Tick(x(i), label) for i, label in enumerate(periods)),
        y_ticks=tuple(Tick(y(low + k * step), _number(low + k * step)) for k in range(count + 1)),
    )
