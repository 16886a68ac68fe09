"""A line chart or a sparkline as SVG: axes, the profile and actual lines (a line per
run, so a year-to-date series shows a line per year), intervals, a key, and a
description written from the figures."""

from __future__ import annotations

from .lines import LineChart, Mark
from .markup import (
    BLACK,
    BLUE,
    GREY,
    LIGHT_BLUE,
    MID_GREY,
    RATING_COLOURS,
    SVG_NS,
    WHITE,
    YELLOW,
    Frame,
    Markup,
)
from .markup import heading as _heading
from .markup import svg_open as _svg_open
from .markup import text as _text
from .scales import point_label, text_width, xy

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
    if chart.intervals or chart.baseline_interval:
        what += ", with confidence intervals as blue whiskers and a light blue band"
    if any(m.rating in RATING_COLOURS for m in chart.actual):
        what += (
            " (each figure coloured by its rating: green on track, yellow slightly behind, "
            "red off track)"
        )
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
        text += f"Latest {actual_name.lower()}: {last.label}, {point_label(last.value)}"
        if profile is not None:
            text += f" against {profile_name.lower()} {point_label(profile.value)}"
        text += ". "
        if last.rating_label:
            text = text[:-2] + f", {last.rating_label.lower()}. "
    else:
        text += f"No {actual_name.lower()} yet. "
    if chart.baseline is not None:
        text += f"Baseline: {chart.baseline.label}, {point_label(chart.baseline.value)}. "
    if chart.end_target is not None:
        end = chart.end_target
        text += f"Target for {end.label}: {point_label(end.value)}. "
    if chart.projection is not None:
        text += f"Projected outturn: {point_label(chart.projection.value)}. "
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


def _dot(x: float, y: float, frame: Frame, rating: str = "") -> str:
    """An actual figure: blue, or its rating's colour (yellow outlined, to be seen)."""
    fill = RATING_COLOURS.get(rating, BLUE)
    outline = f' stroke="{BLACK}" stroke-width="1"' if fill == YELLOW else ""
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{frame.dot:g}" fill="{fill}"{outline}/>'


def _square(x: float, y: float, frame: Frame) -> str:
    side = frame.dot * 1.8
    return (
        f'<rect x="{x - side / 2:.1f}" y="{y - side / 2:.1f}" width="{side:g}" '
        f'height="{side:g}" fill="{BLACK}"/>'
    )


def _diamond(x: float, y: float, frame: Frame) -> str:
    r = frame.dot * 1.3
    points = " ".join(xy(px, py) for px, py in ((x, y - r), (x + r, y), (x, y + r), (x - r, y)))
    return f'<polygon points="{points}" fill="{WHITE}" stroke="{BLACK}" stroke-width="2"/>'


def _ring(x: float, y: float, frame: Frame) -> str:
    return (
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{frame.dot * 1.9:g}" fill="none" '
        f'stroke="{BLACK}" stroke-width="2"/>'
    )


def _projection_line(start: Mark, end: Mark) -> str:
    return (
        f'<line x1="{start.x:.1f}" y1="{start.y:.1f}" x2="{end.x:.1f}" y2="{end.y:.1f}" '
        f'stroke="{BLACK}" stroke-width="2" stroke-dasharray="2 4"/>'
    )


def _beside(chart: LineChart, mark: Mark, words: str, *, right: bool) -> str:
    """Words level with a marked figure, to its right or its left."""
    fs = chart.frame.font_size
    shift = fs * 1.1
    if right:
        return _text(mark.x + shift, mark.y, words, fs, "start", fs * 0.35, bold=True)
    return _text(mark.x - shift, mark.y, words, fs, "end", fs * 0.35, bold=True)


def _label(chart: LineChart, mark: Mark, words: str, above: bool = True) -> str:
    """Words above (or below) a marked figure, kept off the value axis's labels and
    inside the drawing's right end."""
    fs = chart.frame.font_size
    half = text_width(words, fs) / 2
    anchor, x = "middle", mark.x
    if mark.x + half > chart.frame.width - 2:
        anchor, x = "end", mark.x + fs * 0.6
    elif mark.x - half < chart.left:
        anchor, x = "start", mark.x + fs * 0.6  # clear of the value axis's labels
    y = mark.y - fs * 0.9 if above else mark.y + fs * 1.6
    return _text(x, y, words, fs, anchor, bold=True)


def _key(chart: LineChart, profile_name: str, actual_name: str) -> list[str]:
    """The key along the foot of the chart, in rows: a sample of each thing drawn and
    its name."""
    frame = chart.frame
    fs = frame.font_size
    # Only what is drawn: a survey target with no profile yet has no profile in its key.
    entries = [("profile", profile_name)] if chart.profile else []
    entries.append(("actual", actual_name))
    if chart.intervals or chart.baseline_interval:
        entries.append(("interval", "Confidence interval"))
    if chart.baseline is not None:
        entries.append(("baseline", "Baseline"))
    if chart.end_target is not None:
        entries.append(("target", "End target"))
    if chart.projection is not None:
        entries.append(("projection", "Projected outturn"))
    widths = [2.5 * fs + text_width(name, fs) + 1.5 * fs for _, name in entries]
    x, rows = chart.left, 1
    for width in widths:
        if x + width > frame.width and x > chart.left:
            x, rows = chart.left, rows + 1
        x += width
    y = frame.height - fs * 0.6 - (rows - 1) * fs * 1.5
    x = chart.left
    parts = []
    for (kind, name), width in zip(entries, widths, strict=True):
        if x + width > frame.width and x > chart.left:
            x, y = chart.left, y + fs * 1.5
        mid = y - fs * 0.35
        sample = Mark(x + fs, mid, 0, "")
        if kind == "profile":
            parts.append(_profile_line(xy(x, mid) + " " + xy(x + 2 * fs, mid), frame.line))
            parts.append(_hollow(x + fs, mid, frame))
        elif kind == "actual":
            parts.append(_actual_line(xy(x, mid) + " " + xy(x + 2 * fs, mid), frame.line))
            parts.append(_dot(x + fs, mid, frame))
        elif kind == "interval":
            parts.append(
                f'<rect x="{x:.1f}" y="{mid - fs * 0.5:.1f}" width="{2 * fs}" height="{fs}" '
                f'fill="{LIGHT_BLUE}" stroke="{BLUE}" stroke-width="1"/>'
            )
        elif kind == "baseline":
            parts.append(_square(x + fs, mid, frame))
        elif kind == "target":
            parts.append(_ring(x + fs, mid, frame))
        else:
            parts.append(_projection_line(Mark(x, mid, 0, ""), Mark(x + 2 * fs, mid, 0, "")))
            parts.append(_diamond(sample.x, sample.y, frame))
        parts.append(_text(x + 2.5 * fs, y, name, fs))
        x += width
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
    if chart.baseline_interval is not None:
        i = chart.baseline_interval
        parts.append(
            f'<line x1="{i.x:.1f}" x2="{i.x:.1f}" y1="{i.top:.1f}" y2="{i.bottom:.1f}" '
            f'stroke="{BLUE}" stroke-width="1.5"/>'
        )
    parts += [_profile_line(points, frame.line) for points in chart.profile_lines]
    parts += [_hollow(m.x, m.y, frame) for m in chart.profile]
    if chart.projection is not None and chart.projection_from is not None:
        parts.append(_projection_line(chart.projection_from, chart.projection))
    parts += [_actual_line(points, frame.line) for points in chart.actual_lines]
    if chart.baseline is not None:
        parts.append(_square(chart.baseline.x, chart.baseline.y, frame))
        words = f"Baseline {point_label(chart.baseline.value)}"
        parts.append(_beside(chart, chart.baseline, words, right=True))
    if chart.end_target is not None:
        end = chart.end_target
        parts.append(_ring(end.x, end.y, frame))
        parts.append(_beside(chart, end, f"Target {point_label(end.value)}", right=False))
    parts += [_dot(m.x, m.y, frame, m.rating) for m in chart.actual]
    if chart.actual:
        last = chart.actual[-1]
        rated = last.rating in RATING_COLOURS and last.rating_label
        words = point_label(last.value) + (f" {last.rating_label}" if rated else "")
        parts.append(_label(chart, last, words))
    if chart.projection is not None:
        parts.append(_diamond(chart.projection.x, chart.projection.y, frame))
        words = f"Projected {point_label(chart.projection.value)}"
        parts.append(_label(chart, chart.projection, words))
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
    if chart.baseline is not None and chart.actual:
        # The line from the baseline to the first figure: one figure reads as a change.
        first = chart.actual[0]
        parts.append(
            _actual_line(
                xy(chart.baseline.x, chart.baseline.y) + " " + xy(first.x, first.y),
                frame.line * 0.75,
            )
        )
        base = chart.baseline
        parts.append(
            f'<circle cx="{base.x:.1f}" cy="{base.y:.1f}" r="{frame.dot * 0.6:g}" fill="{BLACK}"/>'
        )
    parts += [_actual_line(points, frame.line) for points in chart.actual_lines]
    if len(chart.actual) == 1 and chart.baseline is None:
        # One figure alone: a short level line through it, so it reads as a figure.
        only = chart.actual[0]
        parts.append(
            _actual_line(xy(only.x - 8, only.y) + " " + xy(only.x + 8, only.y), frame.line)
        )
    parts += [_dot(m.x, m.y, frame, m.rating) for m in chart.actual]
    parts.append("</svg>")
    return Markup("".join(parts))
