"""Value axes: a round step and round ends covering the figures, ticks with labels
written as a chart writes figures, and the small geometry shared by every chart
(a missing figure, a point's coordinates, a label's width)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass


def nice_step(span: float, ticks: int = 5) -> float:
    """A round step (1, 2 or 5 times a power of ten) giving about ``ticks`` ticks.

    >>> nice_step(100), nice_step(7), nice_step(0.3), nice_step(0)
    (20.0, 2.0, 0.1, 1.0)
    """
    if span <= 0 or not math.isfinite(span):
        return 1.0
    raw = span / max(ticks, 1)
    power = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 5):
        if raw <= multiple * power * (1 + 1e-9):
            return float(round(multiple * power, 12))
    return float(round(10 * power, 12))


def axis_label(value: float) -> str:
    """A figure as a chart writes it: thousands separated, no trailing zeros.

    >>> axis_label(1500.0), axis_label(2.5), axis_label(-0.25), axis_label(-0.0)
    ('1,500', '2.5', '-0.25', '0')
    """
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.4f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def point_label(value: float) -> str:
    """A figure written beside a point or in a chart's description: at most two decimal
    places, as the tables beside the chart write it (an axis may need more).

    >>> point_label(16403.8512), point_label(17700.0), point_label(2.5)
    ('16,403.85', '17,700', '2.5')
    """
    return axis_label(round(value, 2))


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True)
class Scale:
    """Values ``low`` to ``high`` (round numbers, ``step`` apart) onto ``bottom`` to ``top``."""

    low: float
    high: float
    step: float
    top: float
    bottom: float

    @classmethod
    def covering(cls, values: Iterable[float], top: float, bottom: float, ticks: int) -> Scale:
        values = list(values)
        low, high = min(values), max(values)
        step = nice_step(high - low or abs(high) or 1.0, ticks)
        low, high = math.floor(low / step) * step, math.ceil(high / step) * step
        if high <= low:
            high = low + step
        return cls(low, high, step, top, bottom)

    def y(self, value: float) -> float:
        return self.top + (self.bottom - self.top) * (
            1 - (value - self.low) / (self.high - self.low)
        )

    def ticks(self) -> tuple[Tick, ...]:
        count = round((self.high - self.low) / self.step)
        values = (round(self.low + k * self.step, 10) for k in range(count + 1))
        return tuple(Tick(self.y(v), axis_label(v)) for v in values)


def finite(value: float | None) -> float | None:
    """A figure to draw, or None for a missing one (None, NaN, infinite)."""
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def xy(x: float, y: float) -> str:
    return f"{x:.1f},{y:.1f}"


def text_width(text: str, font_size: float) -> float:
    """Roughly how wide a label is drawn: enough to keep labels from overlapping."""
    return 0.6 * font_size * len(text)
