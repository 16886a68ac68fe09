"""The one-indicator chart, drawn on the server as SVG: one bar per area in rank order,
with the quartiles, the median and England as lines. The page always shows the data
table beside it; the chart repeats the table, it never replaces it."""

from __future__ import annotations

from dataclasses import dataclass

from localperf.national.selectors import IndicatorPicture

WIDTH = 640
HEIGHT = 260
LEFT = 56  # room for the axis labels
TOP = 12
BOTTOM = 24
PLOT_HEIGHT = HEIGHT - TOP - BOTTOM
# GOV.UK colours; presentation attributes, since the CSP allows no inline styles.
BLUE, ORANGE, GREY, BLACK, RED = "#1d70b8", "#f47738", "#505a5f", "#0b0c0c", "#d4351c"


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    highlighted: bool


@dataclass(frozen=True)
class Line:
    y: float
    label: str
    colour: str
    dash: str


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: int
    bottom: float
    bars: list[Bar]
    lines: list[Line]
    ticks: list[Tick]


def _scale(low: float, high: float):
    span = (high - low) or 1.0

    def y(value: float) -> float:
        return round(TOP + PLOT_HEIGHT * (1 - (value - low) / span), 1)

    return y


def picture_chart(picture: IndicatorPicture) -> Chart | None:
    """None when there is nothing to draw."""
    if not picture.areas or picture.distribution is None:
        return None
    d = picture.distribution
    low = min(0.0, d.minimum)
    high = max(d.maximum, picture.england.estimate.value if picture.england.estimate else d.maximum)
    y = _scale(low, high)
    step = (WIDTH - LEFT) / len(picture.areas)
    bars = []
    for index, area in enumerate(picture.areas):
        top, base = y(max(area.value, 0.0)), y(min(area.value, 0.0))
        bars.append(
            Bar(
                x=round(LEFT + index * step, 2),
                y=top,
                width=round(max(step * 0.8, 0.5), 2),
                height=round(max(base - top, 0.5), 1),
                label=f"{area.name}: {area.value:g}",
                highlighted=area.in_comparator,
            )
        )
    lines = [
        Line(y(d.lower_quartile), f"Lower quartile {d.lower_quartile:.4g}", GREY, "4 3"),
        Line(y(d.median), f"Median {d.median:.4g}", BLACK, ""),
        Line(y(d.upper_quartile), f"Upper quartile {d.upper_quartile:.4g}", GREY, "4 3"),
    ]
    if picture.england.estimate is not None:
        value = picture.england.estimate.value
        lines.append(Line(y(value), f"England {value:.4g}", RED, "8 3"))
    ticks = [Tick(y(v), f"{v:.4g}") for v in (low, (low + high) / 2, high)]
    return Chart(WIDTH, HEIGHT, LEFT, TOP + PLOT_HEIGHT, bars, lines, ticks)
