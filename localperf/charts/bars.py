"""Bar charts: one figure per area (an indicator across areas), in the order given,
with reference lines across them (quartiles, the median, England's figure)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from .markup import BARS, BLACK, BLUE, GREY, MID_GREY, ORANGE, Frame, Markup
from .markup import heading as _heading
from .markup import svg_open as _svg_open
from .markup import text as _text
from .scales import Scale, Tick, axis_label, finite


@dataclass(frozen=True)
class BarValue:
    """One bar to draw: what it is, its figure, and whether to pick it out in colour."""

    label: str
    value: float
    highlighted: bool = False


@dataclass(frozen=True)
class Reference:
    """A line across the bars at ``value`` (a quartile, the median, England's figure)."""

    label: str
    value: float
    colour: str = BLACK
    dash: str = ""


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    highlighted: bool


@dataclass(frozen=True)
class Rule:
    y: float
    label: str
    colour: str
    dash: str


@dataclass(frozen=True)
class BarChart:
    frame: Frame
    bars: tuple[Bar, ...]
    rules: tuple[Rule, ...]
    y_ticks: tuple[Tick, ...]
    baseline: float  # where zero is drawn

    @property
    def left(self) -> float:
        return self.frame.left

    @property
    def right(self) -> float:
        return self.frame.width - self.frame.right


def bar_chart(
    values: Sequence[BarValue], references: Sequence[Reference] = (), *, frame: Frame = BARS
) -> BarChart | None:
    """A bar per value in the order given, up from zero (down for a negative figure),
    and a line per reference; None when no bar has a figure. The value axis always
    includes zero, so that bar lengths compare.

    >>> c = bar_chart([BarValue("A", 4), BarValue("B", 2, True)], [Reference("Median", 3)])
    >>> [b.height > 0 for b in c.bars], c.bars[0].height > c.bars[1].height
    ([True, True], True)
    >>> c.bars[0].y < c.rules[0].y < c.bars[1].y  # the median (3) between the tops (4, 2)
    True
    """
    bars = [(v, finite(v.value)) for v in values]
    bars = [(v, value) for v, value in bars if value is not None]
    rules = [(r, finite(r.value)) for r in references]
    rules = [(r, value) for r, value in rules if value is not None]
    if not bars:
        return None
    scale = Scale.covering(
        [0.0, *(value for _, value in bars), *(value for _, value in rules)],
        frame.top,
        frame.height - frame.bottom,
        frame.ticks,
    )
    zero = scale.y(0.0)
    step = (frame.width - frame.right - frame.left) / len(bars)
    drawn = []
    for index, (v, value) in enumerate(bars):
        top, base = min(scale.y(value), zero), max(scale.y(value), zero)
        drawn.append(
            Bar(
                x=frame.left + index * step + step * 0.1,
                y=top,
                width=max(step * 0.8, 0.5),
                height=max(base - top, 0.5),  # a zero still shows as a sliver
                label=f"{v.label}: {axis_label(value)}",
                highlighted=v.highlighted,
            )
        )
    return BarChart(
        frame=frame,
        bars=tuple(drawn),
        rules=tuple(Rule(scale.y(value), r.label, r.colour, r.dash) for r, value in rules),
        y_ticks=scale.ticks(),
        baseline=zero,
    )


def bar_chart_svg(
    chart: BarChart, *, title: str, id: str, description: str, fluid: bool = True
) -> Markup:
    """The bars as an SVG image. Each bar and line carries its own ``<title>`` (its
    label and figure) for a pointer's tooltip; the ``description`` says what the bars
    and lines are. ``id`` as for ``line_chart_svg``.

    >>> c = bar_chart([BarValue("Kent", 5), BarValue("Essex", 7, True)], [Reference("Median", 6)])
    >>> svg = bar_chart_svg(c, title="NI 117", id="bars", description="Two areas.")
    >>> svg.count("<rect"), "<title>Kent: 5</title>" in svg, f'fill="{ORANGE}"' in svg
    (2, True, True)
    """
    frame, fs = chart.frame, chart.frame.font_size
    parts = [_svg_open(frame, id, fluid), _heading(id, title, description)]
    for tick in chart.y_ticks:
        parts.append(
            f'<line x1="{chart.left}" x2="{chart.right}" y1="{tick.position:.1f}" '
            f'y2="{tick.position:.1f}" stroke="{MID_GREY}" stroke-width="0.5"/>'
        )
        parts.append(_text(chart.left - 6, tick.position, tick.label, fs, "end", fs * 0.35))
    parts += [
        f'<rect x="{b.x:.2f}" y="{b.y:.1f}" width="{b.width:.2f}" height="{b.height:.1f}" '
        f'fill="{ORANGE if b.highlighted else BLUE}"><title>{escape(b.label)}</title></rect>'
        for b in chart.bars
    ]
    parts.append(
        f'<line x1="{chart.left}" x2="{chart.right}" y1="{chart.baseline:.1f}" '
        f'y2="{chart.baseline:.1f}" stroke="{GREY}" stroke-width="1"/>'
    )
    for rule in chart.rules:
        dash = f' stroke-dasharray="{escape(rule.dash)}"' if rule.dash else ""
        parts.append(
            f'<line x1="{chart.left}" x2="{chart.right}" y1="{rule.y:.1f}" y2="{rule.y:.1f}" '
            f'stroke="{escape(rule.colour)}" stroke-width="2"{dash}>'
            f"<title>{escape(rule.label)}</title></line>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))
