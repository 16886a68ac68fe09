"""Ranked bars: one labelled horizontal bar per row, in the order given (best or most
first), with reference lines across them (England, a quartile) and each bar's figure
written at its end. For lists people read by name: areas ranked on an indicator,
indicators by how many agreements chose them. The label of every bar is drawn, so the
chart reads without a pointer; its table beside it holds the same figures."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from .markup import BLACK, BLUE, FONT_FAMILY, MID_GREY, ORANGE, Markup
from .markup import heading as _heading
from .markup import text as _text
from .scales import Scale, axis_label, finite

ROW = 22  # height of one row
LABEL_WIDTH = 250  # room for the labels on the left
VALUE_ROOM = 70  # room right of the longest bar for its figure
TOP, BOTTOM = 30, 26  # room for the lines' names above, the axis below
FONT = 14
LABEL_CHARACTERS = 32


@dataclass(frozen=True)
class RankedValue:
    """One row: its label, its figure, and the fill of its bar (blue unless said)."""

    label: str
    value: float
    colour: str = BLUE
    note: str = ""  # said in the bar's tooltip after its figure (e.g. "better than England")


@dataclass(frozen=True)
class Line:
    """A line down the chart at ``value``, named in its key."""

    label: str
    value: float
    colour: str = BLACK
    dash: str = ""


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARACTERS else label[: LABEL_CHARACTERS - 1] + "…"


def ranked_bars_svg(
    rows: Sequence[RankedValue],
    *,
    title: str,
    id: str,
    description: str,
    lines: Sequence[Line] = (),
    width: int = 680,
    label_width: int = LABEL_WIDTH,
    figure: Callable[[float], str] = axis_label,
) -> Markup | None:
    """The rows as an SVG image, or None when no row has a figure. The value axis
    includes zero, so bar lengths compare; a negative figure's bar runs left of zero.

    >>> svg = ranked_bars_svg(
    ...     [RankedValue("Kent", 5), RankedValue("Essex", 7, ORANGE)],
    ...     title="NI 117", id="ranked", description="Two areas.", lines=[Line("England", 6)])
    >>> svg.count("<rect"), ">Kent</text>" in svg, f'fill="{ORANGE}"' in svg, "England 6" in svg
    (2, True, True, True)
    >>> ranked_bars_svg([], title="t", id="x", description="d") is None
    True
    """
    drawn = [(r, finite(r.value)) for r in rows]
    drawn = [(r, v) for r, v in drawn if v is not None]
    if not drawn:
        return None
    marks = [(line, finite(line.value)) for line in lines]
    marks = [(line, v) for line, v in marks if v is not None]
    height = TOP + ROW * len(drawn) + BOTTOM
    # A narrow chart (half a column) takes a narrower label room, so it is drawn less
    # scaled down and its text still reads at about the page's size.
    left, right = label_width, width - VALUE_ROOM
    # Scale maps values onto "top" → "bottom"; here low values sit left, high right.
    scale = Scale.covering([0.0, *(v for _, v in drawn), *(v for _, v in marks)], right, left, 4)
    zero = scale.y(0.0)
    parts = [
        f'<svg role="img" aria-labelledby="{escape(id)}-title {escape(id)}-desc" '
        f'xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'font-family="{FONT_FAMILY}" focusable="false">',
        _heading(id, title, description),
    ]
    for tick in scale.ticks():
        parts.append(
            f'<line x1="{tick.position:.1f}" x2="{tick.position:.1f}" y1="{TOP - 4}" '
            f'y2="{height - BOTTOM}" stroke="{MID_GREY}" stroke-width="0.5"/>'
        )
        parts.append(
            _text(tick.position, height - BOTTOM + FONT + 2, tick.label, FONT - 2, "middle")
        )
    for index, (row, value) in enumerate(drawn):
        y = TOP + index * ROW
        x0, x1 = sorted((zero, scale.y(value)))
        words = f"{row.label}: {figure(value)}" + (f", {row.note}" if row.note else "")
        parts.append(_text(left - 8, y + ROW * 0.7, _short(row.label), FONT, "end"))
        parts.append(
            f'<rect x="{x0:.1f}" y="{y + 3}" width="{max(x1 - x0, 0.5):.1f}" height="{ROW - 6}" '
            f'fill="{escape(row.colour)}"><title>{escape(words)}</title></rect>'
        )
        parts.append(_text(max(x1, zero) + 4, y + ROW * 0.7, figure(value), FONT - 1))
    for number, (line, value) in enumerate(marks):
        x = scale.y(value)
        dash = f' stroke-dasharray="{escape(line.dash)}"' if line.dash else ""
        parts.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{TOP - 6}" y2="{height - BOTTOM}" '
            f'stroke="{escape(line.colour)}" stroke-width="2"{dash}>'
            f"<title>{escape(line.label)} {figure(value)}</title></line>"
        )
        # Each line's name on its own level above the bars, so two close lines stay legible.
        level = 11 + 10 * (number % 2)
        parts.append(_text(x, level, f"{line.label} {figure(value)}", FONT - 3, "middle"))
    parts.append(
        f'<line x1="{zero:.1f}" x2="{zero:.1f}" y1="{TOP - 4}" y2="{height - BOTTOM}" '
        f'stroke="{BLACK}" stroke-width="1"/>'
    )
    parts.append("</svg>")
    return Markup("".join(parts))


__all__ = ["Line", "RankedValue", "ranked_bars_svg", "BLUE", "ORANGE"]
