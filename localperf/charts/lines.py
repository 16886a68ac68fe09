"""Every chart of the service, drawn on the server as SVG: a target's trajectory against
its actual figures (with confidence intervals), the dashboard's sparklines, and the bars
of one indicator across areas. The screens (monitoring, public site, national picture)
and the printed reports (WeasyPrint) all draw with this one module.

Why here, at the top of the package and not in an app: drawing needs no model, no
query and no Django, and four apps draw. A module below every app lets each of them
import it without one app depending on another (``public`` on ``monitoring``, say),
and keeps it as easy to test as ``calculations``; an import contract in
``.importlinter`` holds it there (no Django, no app).

Numbers in, markup out, in two steps: the geometry (``line_chart``, ``sparkline``,
``bar_chart``: coordinates, ticks and labels, testable without parsing SVG), then the
markup (``line_chart_svg``, ``sparkline_svg``, ``bar_chart_svg``). The markup is
``Markup``, a ``str`` whose every text was escaped here, so templates print it as it is.

What every chart keeps to:

- It never stands alone: the page or the report shows the same figures in a table beside
  it. Full charts are ``role="img"`` with a ``<title>`` and a ``<desc>`` (ids from the
  caller, unique on the page) saying what is drawn and the latest figure; sparklines
  are hidden from screen readers, since their row says the same in words.
- Colours and line styles are SVG presentation attributes, never ``style``: the Content
  Security Policy forbids inline styles, and WeasyPrint reads attributes too. Profile or
  target: grey dashed line, hollow circles. Actual: blue line, filled dots. Confidence
  intervals: blue whiskers and a light blue band. A key is drawn inside the SVG, so the
  printed report needs nothing else to read the chart.
- Nothing WeasyPrint cannot draw: text is placed with ``dy`` (no ``dominant-baseline``),
  and no CSS, script or external reference.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape

# GOV.UK colours.
BLUE, BLACK, GREY, MID_GREY = "#1d70b8", "#0b0c0c", "#505a5f", "#b1b4b6"
LIGHT_BLUE, ORANGE, RED, WHITE = "#d2e2f1", "#f47738", "#d4351c", "#ffffff"

SVG_NS = "http://www.w3.org/2000/svg"


class Markup(str):
    """SVG markup that may go into a page as it is: every text in it was escaped when it
    was built here. Django's templates (and ``format_html``) honour ``__html__``, so this
    module needs no Django to hand them safe markup."""

    __slots__ = ()

    def __html__(self) -> Markup:
        return self


@dataclass(frozen=True)
class Frame:
    """A drawing's size, the room kept around the plot (for axis labels and the key),
    about how many value ticks, and the size of its text, dots and lines."""

    width: int
    height: int
    top: int
    right: int
    bottom: int
    left: int
    ticks: int = 5
    font_size: int = 13
    dot: float = 5.0
    line: float = 3.0


# A chart on a page (scaled to the column's width by the page's CSS), one in a printed
# report (A4 landscape, beside the proforma table), and a dashboard row's sparkline.
PAGE = Frame(640, 320, 20, 20, 72, 70)
PRINT = Frame(420, 190, 12, 12, 48, 48, ticks=4, font_size=9, dot=3.0, line=2.0)
SPARK = Frame(120, 36, 4, 6, 4, 6, ticks=2, font_size=0, dot=2.5, line=2.0)
BARS = Frame(640, 260, 12, 0, 24, 56, ticks=4, font_size=12)


# --- scales -----------------------------------------------------------------------------


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


def _finite(value: float | None) -> float | None:
    """A figure to draw, or None for a missing one (None, NaN, infinite)."""
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def _xy(x: float, y: float) -> str:
    return f"{x:.1f},{y:.1f}"


def _text_width(text: str, font_size: float) -> float:
    """Roughly how wide a label is drawn: enough to keep labels from overlapping."""
    return 0.6 * font_size * len(text)


# --- line charts: profile (or target) against actual figures ---------------------------


@dataclass(frozen=True)
class ChartPeriod:
    """One period's figures, as a chart needs them: ``profile`` is the trajectory (on the
    public site, the target), ``actual`` the figure returned."""

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
    """A confidence interval, drawn as a whisker at ``x`` from ``top`` to ``bottom``."""

    x: float
    top: float
    bottom: float
    label: str


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

    @property
    def top(self) -> float:
        return self.frame.top

    @property
    def bottom(self) -> float:
        return self.frame.height - self.frame.bottom

    @property
    def profile_points(self) -> str:
        return " ".join(_xy(m.x, m.y) for m in self.profile)

    @property
    def actual_points(self) -> str:
        return " ".join(_xy(m.x, m.y) for m in self.actual)


def line_chart(periods: Sequence[ChartPeriod], *, frame: Frame = PAGE) -> LineChart | None:
    """Where each period's profile, actual and interval go; None with nothing to draw.
    Periods are evenly spaced, oldest first, and keep their place when they have no
    figure; the value axis runs from a round number below the lowest figure to one
    above the highest.

    >>> c = line_chart([ChartPeriod("2008/09", 10, 12, 11, 13), ChartPeriod("2009/10", 20, None)])
    >>> [m.label for m in c.profile], [m.value for m in c.actual]
    (['2008/09', '2009/10'], [12.0])
    >>> c.actual[0].y > c.profile[1].y  # 12 is drawn below 20
    True
    """
    clean = [
        ChartPeriod(
            p.label, _finite(p.profile), _finite(p.actual), _finite(p.ci_lower), _finite(p.ci_upper)
        )
        for p in periods
    ]
    values = [
        v for p in clean for v in (p.profile, p.actual, p.ci_lower, p.ci_upper) if v is not None
    ]
    if not values:
        return None
    # Room for half the widest period label past each end, so none is cut off.
    half_label = _text_width(max((p.label for p in clean), key=len), frame.font_size) / 2 + 2
    plot_left = max(frame.left, half_label)
    plot_right = frame.width - max(frame.right, half_label)
    scale = Scale.covering(values, frame.top, frame.height - frame.bottom, frame.ticks)
    gap = (plot_right - plot_left) / max(len(clean) - 1, 1)

    def x(i: int) -> float:
        return plot_left + (i * gap if len(clean) > 1 else (plot_right - plot_left) / 2)

    def marks(figures: list[float | None]) -> tuple[Mark, ...]:
        return tuple(
            Mark(x(i), scale.y(v), v, clean[i].label)
            for i, v in enumerate(figures)
            if v is not None
        )

    intervals = [
        (i, Interval(x(i), scale.y(p.ci_upper), scale.y(p.ci_lower), p.label))
        for i, p in enumerate(clean)
        if p.ci_lower is not None and p.ci_upper is not None
    ]
    # Label every k-th period when every label would not fit.
    widest = max(_text_width(p.label, frame.font_size) for p in clean) + frame.font_size
    every = max(1, math.ceil(widest / gap)) if len(clean) > 1 and frame.font_size else 1
    return LineChart(
        frame=frame,
        periods=tuple(p.label for p in clean),
        profile=marks([p.profile for p in clean]),
        actual=marks([p.actual for p in clean]),
        intervals=tuple(interval for _, interval in intervals),
        bands=_bands(intervals),
        x_ticks=tuple(Tick(x(i), p.label) for i, p in enumerate(clean) if i % every == 0),
        y_ticks=scale.ticks(),
        left=plot_left,
        right=plot_right,
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
        " ".join([_xy(i.x, i.top) for i in run] + [_xy(i.x, i.bottom) for i in reversed(run)])
        for run in runs
        if len(run) > 1
    )


def sparkline(periods: Sequence[ChartPeriod]) -> LineChart | None:
    """A table row's small chart: no axes, no key, just the two lines.

    >>> s = sparkline([ChartPeriod("a", 1, 1), ChartPeriod("b", 2, 3)])
    >>> (s.frame.width, s.frame.height, len(s.actual))
    (120, 36, 2)
    """
    return line_chart(periods, frame=SPARK)


def _describe(chart: LineChart, profile_name: str, actual_name: str) -> str:
    what = (
        f"{profile_name} as a dashed grey line with hollow circles and {actual_name.lower()} "
        "as a solid blue line with dots"
    )
    if chart.intervals:
        what += ", with confidence intervals as blue whiskers and a light blue band"
    span = (
        chart.periods[0]
        if len(chart.periods) == 1
        else f"{chart.periods[0]} to {chart.periods[-1]}"
    )
    text = f"{what}, for {span}. "
    if chart.actual:
        last = chart.actual[-1]
        profile = next((m for m in chart.profile if m.label == last.label), None)
        text += f"Latest {actual_name.lower()}: {last.label}, {axis_label(last.value)}"
        if profile is not None:
            text += f" against {profile_name.lower()} {axis_label(profile.value)}"
        text += ". "
    else:
        text += f"No {actual_name.lower()} yet. "
    return text + "The same figures are in the table with this chart."


def _svg_open(frame: Frame, id: str, fluid: bool) -> str:
    size = 'width="100%"' if fluid else f'width="{frame.width}" height="{frame.height}"'
    return (
        f'<svg role="img" aria-labelledby="{escape(id)}-title {escape(id)}-desc" '
        f'xmlns="{SVG_NS}" viewBox="0 0 {frame.width} {frame.height}" {size} focusable="false">'
    )


def _heading(id: str, title: str, description: str) -> str:
    return (
        f'<title id="{escape(id)}-title">{escape(title)}</title>'
        f'<desc id="{escape(id)}-desc">{escape(description)}</desc>'
    )


def _text(x: float, y: float, text: str, fs: int, anchor: str = "start", dy: float = 0) -> str:
    shift = f' dy="{dy:g}"' if dy else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}"{shift} text-anchor="{anchor}" font-size="{fs}" '
        f'fill="{BLACK}">{escape(text)}</text>'
    )


def _profile_line(points: str, width: float) -> str:
    return (
        f'<polyline points="{points}" fill="none" stroke="{GREY}" stroke-width="{width * 0.7:g}" '
        'stroke-dasharray="6 4"/>'
    )


def _actual_line(points: str, width: float) -> str:
    return f'<polyline points="{points}" fill="none" stroke="{BLUE}" stroke-width="{width:g}"/>'


def _hollow(x: float, y: float, frame: Frame) -> str:
    return (
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{frame.dot * 0.8:g}" fill="{WHITE}" '
        f'stroke="{GREY}" stroke-width="{frame.line * 0.7:g}"/>'
    )


def _dot(x: float, y: float, frame: Frame) -> str:
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{frame.dot:g}" fill="{BLUE}"/>'


def _key(chart: LineChart, profile_name: str, actual_name: str) -> list[str]:
    """The key along the foot of the chart: a sample of each thing drawn and its name."""
    frame = chart.frame
    fs = frame.font_size
    y = frame.height - fs * 0.6
    x = chart.left
    parts = []
    entries = [("profile", profile_name), ("actual", actual_name)]
    if chart.intervals:
        entries.append(("interval", "Confidence interval"))
    for kind, name in entries:
        mid = y - fs * 0.35
        if kind == "profile":
            parts.append(_profile_line(_xy(x, mid) + " " + _xy(x + 2 * fs, mid), frame.line))
            parts.append(_hollow(x + fs, mid, frame))
        elif kind == "actual":
            parts.append(_actual_line(_xy(x, mid) + " " + _xy(x + 2 * fs, mid), frame.line))
            parts.append(_dot(x + fs, mid, frame))
        else:
            parts.append(
                f'<rect x="{x:.1f}" y="{mid - fs * 0.5:.1f}" width="{2 * fs}" height="{fs}" '
                f'fill="{LIGHT_BLUE}" stroke="{BLUE}" stroke-width="1"/>'
            )
        parts.append(_text(x + 2.5 * fs, y, name, fs))
        x += 2.5 * fs + _text_width(name, fs) + 1.5 * fs
    return parts


def line_chart_svg(
    chart: LineChart,
    *,
    title: str,
    id: str,
    profile_name: str = "Profile",
    actual_name: str = "Actual",
    fluid: bool = True,
) -> Markup:
    """The chart as an SVG image with its title, a description written from the figures,
    axes, the two lines, the intervals and a key. ``id`` names the title and description
    (``<id>-title``, ``<id>-desc``) and must be unique on the page. ``fluid`` charts take
    the width of their container; others (for print) have a fixed size.

    >>> c = line_chart([ChartPeriod("2008/09", 10, 12), ChartPeriod("2009/10", 20, 18)])
    >>> svg = line_chart_svg(c, title="NI 1 <x>", id="chart")
    >>> svg.startswith('<svg role="img" aria-labelledby="chart-title chart-desc"')
    True
    >>> "NI 1 &lt;x&gt;" in svg, svg.count("<polyline"), svg.__html__() is svg
    (True, 4, True)
    """
    frame, fs = chart.frame, chart.frame.font_size
    parts = [
        _svg_open(frame, id, fluid),
        _heading(id, title, _describe(chart, profile_name, actual_name)),
    ]
    for tick in chart.y_ticks:
        parts.append(
            f'<line x1="{chart.left:.1f}" x2="{chart.right:.1f}" y1="{tick.position:.1f}" '
            f'y2="{tick.position:.1f}" stroke="{MID_GREY}" stroke-width="1"/>'
        )
        parts.append(_text(chart.left - 8, tick.position, tick.label, fs, "end", fs * 0.35))
    for tick in chart.x_ticks:
        parts.append(_text(tick.position, chart.bottom + fs * 1.6, tick.label, fs, "middle"))
    parts.append(
        f'<line x1="{chart.left:.1f}" x2="{chart.right:.1f}" y1="{chart.bottom}" '
        f'y2="{chart.bottom}" stroke="{BLACK}" stroke-width="1"/>'
    )
    parts += [
        f'<polygon points="{band}" fill="{LIGHT_BLUE}" stroke="none"/>' for band in chart.bands
    ]
    parts += [
        f'<line x1="{i.x:.1f}" x2="{i.x:.1f}" y1="{i.top:.1f}" y2="{i.bottom:.1f}" '
        f'stroke="{BLUE}" stroke-width="1.5"/>'
        for i in chart.intervals
    ]
    if len(chart.profile) > 1:
        parts.append(_profile_line(chart.profile_points, frame.line))
    parts += [_hollow(m.x, m.y, frame) for m in chart.profile]
    if len(chart.actual) > 1:
        parts.append(_actual_line(chart.actual_points, frame.line))
    parts += [_dot(m.x, m.y, frame) for m in chart.actual]
    parts += _key(chart, profile_name, actual_name)
    parts.append("</svg>")
    return Markup("".join(parts))


def sparkline_svg(chart: LineChart) -> Markup:
    """A sparkline, hidden from screen readers: its row says the same in words.

    >>> svg = sparkline_svg(sparkline([ChartPeriod("a", 1, 1), ChartPeriod("b", 2, 3)]))
    >>> 'aria-hidden="true"' in svg, svg.count("<polyline"), svg.count("<circle")
    (True, 2, 2)
    """
    frame = chart.frame
    parts = [
        f'<svg class="app-sparkline" xmlns="{SVG_NS}" width="{frame.width}" '
        f'height="{frame.height}" viewBox="0 0 {frame.width} {frame.height}" '
        'aria-hidden="true" focusable="false">'
    ]
    if len(chart.profile) > 1:
        parts.append(
            f'<polyline points="{chart.profile_points}" fill="none" stroke="{GREY}" '
            'stroke-width="1.5" stroke-dasharray="4 2"/>'
        )
    if len(chart.actual) > 1:
        parts.append(_actual_line(chart.actual_points, frame.line))
    parts += [_dot(m.x, m.y, frame) for m in chart.actual]
    parts.append("</svg>")
    return Markup("".join(parts))


# --- bar charts: one figure per area, with reference lines -----------------------------


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
    bars = [(v, _finite(v.value)) for v in values]
    bars = [(v, value) for v, value in bars if value is not None]
    rules = [(r, _finite(r.value)) for r in references]
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
