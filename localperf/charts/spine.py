"""The spine chart of an area profile: one row per measure, the range of every area's
figures drawn as a light bar with the middle half (lower to upper quartile) darker,
England's figure as a black line and the area's figure as a dot coloured by how it
compares with England. Each row has its own scale (the measures' units differ), turned
so that better is always to the right where a measure's polarity is known; the table
beside the chart gives the figures."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from .markup import BLACK, BLUE, GREY, LIGHT_BLUE, MID_GREY, ORANGE, RED, WHITE, Markup
from .markup import heading as _heading
from .markup import text as _text
from .scales import axis_label

ROW, TOP, LABEL_WIDTH, FONT = 24, 34, 280, 13
# Compared with England: better (blue), worse (red), similar or not judged (white).
VERDICT_FILL = {"better": BLUE, "worse": RED, "higher": ORANGE, "lower": ORANGE}


@dataclass(frozen=True)
class SpineRow:
    label: str
    value: float
    minimum: float
    lower_quartile: float
    upper_quartile: float
    maximum: float
    england: float | None
    higher_is_better: bool | None  # None: no polarity, drawn low to high
    verdict: str = ""  # "better", "worse", "similar", "higher", "lower", or ""


def spine_chart_svg(
    rows: Sequence[SpineRow], *, title: str, id: str, description: str, width: int = 760
) -> Markup | None:
    """The rows as an SVG image; None without rows.

    >>> row = SpineRow("NI 117", 5, 4, 5.75, 8.25, 10, 6.9, False, "better")
    >>> svg = spine_chart_svg([row], title="Kent", id="spine", description="One measure.")
    >>> svg.count("<circle"), f'fill="{BLUE}"' in svg, ">NI 117</text>" in svg
    (1, True, True)
    """
    if not rows:
        return None
    left, right = LABEL_WIDTH, width - 20
    height = TOP + ROW * len(rows) + 10
    parts = [
        f'<svg role="img" aria-labelledby="{escape(id)}-title {escape(id)}-desc" '
        f'xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        'focusable="false">',
        _heading(id, title, description),
        _text(left, 14, "Worse", FONT - 2),
        _text(right, 14, "Better", FONT - 2, "end"),
    ]
    for index, row in enumerate(rows):
        y = TOP + index * ROW
        values = [row.minimum, row.maximum, row.value] + (
            [row.england] if row.england is not None else []
        )
        low, high = min(values), max(values)
        span = (high - low) or 1.0
        flip = row.higher_is_better is False

        def x(value: float, low=low, span=span, flip=flip) -> float:
            share = (value - low) / span
            return left + (right - left) * (1 - share if flip else share)

        x0, x1 = sorted((x(row.minimum), x(row.maximum)))
        q0, q1 = sorted((x(row.lower_quartile), x(row.upper_quartile)))
        parts.append(_text(left - 8, y + ROW * 0.65, row.label, FONT, "end"))
        parts.append(
            f'<rect x="{x0:.1f}" y="{y + 5}" width="{max(x1 - x0, 0.5):.1f}" height="{ROW - 10}" '
            f'fill="{LIGHT_BLUE}"><title>Range {axis_label(row.minimum)} to '
            f"{axis_label(row.maximum)}</title></rect>"
        )
        parts.append(
            f'<rect x="{q0:.1f}" y="{y + 5}" width="{max(q1 - q0, 0.5):.1f}" height="{ROW - 10}" '
            f'fill="{MID_GREY}"><title>Middle half {axis_label(row.lower_quartile)} to '
            f"{axis_label(row.upper_quartile)}</title></rect>"
        )
        if row.england is not None:
            e = x(row.england)
            parts.append(
                f'<line x1="{e:.1f}" x2="{e:.1f}" y1="{y + 2}" y2="{y + ROW - 2}" '
                f'stroke="{BLACK}" stroke-width="2"><title>England '
                f"{axis_label(row.england)}</title></line>"
            )
        fill = VERDICT_FILL.get(row.verdict, WHITE)
        parts.append(
            f'<circle cx="{x(row.value):.1f}" cy="{y + ROW / 2:.1f}" r="6" fill="{fill}" '
            f'stroke="{GREY}" stroke-width="1.5"><title>{escape(row.label)}: '
            f"{axis_label(row.value)}{', ' + escape(row.verdict) if row.verdict else ''}"
            "</title></circle>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))
