"""A line chart or a sparkline as SVG: axes, the profile and actual lines (a line per
run, so a year-to-date series shows a line per year), intervals, a key, and a
description written from the figures."""

from __future__ import annotations

from .lines import LineChart
from .markup import BLACK, BLUE, GREY, LIGHT_BLUE, MID_GREY, SVG_NS, WHITE, Frame, Markup
from .markup import heading as _heading
from .markup import svg_open as _svg_open
from .markup import text as _text
from .scales import axis_label, text_width, xy

# Said with every year-to-date chart: in its description and as its caption.
RUNNING_TOTAL_NOTE = (
    "Year-to-date figures: each year's running total starts again in April, so each "
    "financial year is drawn as a line of its own."
)


def running_total_note(chart: LineChart | None) -> str:
    """The caption to print with a chart of running totals; blank for any other.

    >>> from .lines import ChartPeriod, line_chart
    >>> running_total_note(line_chart([ChartPeriod("Q1", 1, 1, run="2009/10")]))[:19]
    'Year-to-date figure'
    >>> running_total_note(line_chart([ChartPeriod("Q1", 1, 1)]))
    ''
    """
    return RUNNING_TOTAL_NOTE if chart is not None and chart.year_to_date else ""


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
    if chart.year_to_date:
        text += RUNNING_TOTAL_NOTE + " "
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
            parts.append(_profile_line(xy(x, mid) + " " + xy(x + 2 * fs, mid), frame.line))
            parts.append(_hollow(x + fs, mid, frame))
        elif kind == "actual":
            parts.append(_actual_line(xy(x, mid) + " " + xy(x + 2 * fs, mid), frame.line))
            parts.append(_dot(x + fs, mid, frame))
        else:
            parts.append(
                f'<rect x="{x:.1f}" y="{mid - fs * 0.5:.1f}" width="{2 * fs}" height="{fs}" '
                f'fill="{LIGHT_BLUE}" stroke="{BLUE}" stroke-width="1"/>'
            )
        parts.append(_text(x + 2.5 * fs, y, name, fs))
        x += 2.5 * fs + text_width(name, fs) + 1.5 * fs
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
    the width of their container; others (for print) have a fixed size. A year-to-date
    chart says so in its title and description.

    >>> from .lines import ChartPeriod, line_chart
    >>> c = line_chart([ChartPeriod("2008/09", 10, 12), ChartPeriod("2009/10", 20, 18)])
    >>> svg = line_chart_svg(c, title="NI 1 <x>", id="chart")
    >>> svg.startswith('<svg role="img" aria-labelledby="chart-title chart-desc"')
    True
    >>> "NI 1 &lt;x&gt;" in svg, svg.count("<polyline"), svg.__html__() is svg
    (True, 4, True)
    """
    frame, fs = chart.frame, chart.frame.font_size
    if chart.year_to_date:
        title += " (year to date: a line per year)"
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
    parts += [_profile_line(points, frame.line) for points in chart.profile_lines]
    parts += [_hollow(m.x, m.y, frame) for m in chart.profile]
    parts += [_actual_line(points, frame.line) for points in chart.actual_lines]
    parts += [_dot(m.x, m.y, frame) for m in chart.actual]
    parts += _key(chart, profile_name, actual_name)
    parts.append("</svg>")
    return Markup("".join(parts))


def sparkline_svg(chart: LineChart) -> Markup:
    """A sparkline, hidden from screen readers: its row says the same in words.

    >>> from .lines import ChartPeriod, sparkline
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
    parts += [
        f'<polyline points="{points}" fill="none" stroke="{GREY}" '
        'stroke-width="1.5" stroke-dasharray="4 2"/>'
        for points in chart.profile_lines
    ]
    parts += [_actual_line(points, frame.line) for points in chart.actual_lines]
    parts += [_dot(m.x, m.y, frame) for m in chart.actual]
    parts.append("</svg>")
    return Markup("".join(parts))
