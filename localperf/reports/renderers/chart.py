"""A small SVG line chart of one target: profile against actual, period by period.

The chart is decoration for sighted readers; the figures are always in the table beside
it, so the SVG carries a text title and is otherwise hidden from assistive technology.
"""

from __future__ import annotations

from html import escape

from localperf.reports.renderers import figure

WIDTH, HEIGHT = 420, 170
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 14, 34


def _scale(values: list[float]) -> tuple[float, float]:
    low, high = min(values), max(values)
    if low == high:
        low, high = low - 1, high + 1
    pad = (high - low) * 0.1
    return low - pad, high + pad


def target_chart(series: list[dict], *, title: str) -> str:
    """The SVG markup (no XML declaration), or "" when there is nothing to draw.

    >>> svg = target_chart(
    ...     [{"period": "2008/09", "profile": 49.0, "actual": 48.5},
    ...      {"period": "2009/10", "profile": 48.0, "actual": None}], title="NI 112")
    >>> svg.startswith("<svg"), svg.count("<polyline"), "2009/10" in svg
    (True, 1, True)
    >>> target_chart([{"period": "2008/09", "profile": None, "actual": None}], title="x")
    ''
    """
    points = [p for p in series if p["profile"] is not None or p["actual"] is not None]
    if not points:
        return ""
    values = [v for p in points for v in (p["profile"], p["actual"]) if v is not None]
    low, high = _scale(values)
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = inner_w / max(len(points) - 1, 1)

    def x(i: int) -> float:
        return LEFT + (i * step if len(points) > 1 else inner_w / 2)

    def y(v: float) -> float:
        return TOP + inner_h * (1 - (v - low) / (high - low))

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="report-chart" width="{WIDTH}" '
        f'height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" aria-hidden="true" focusable="false">',
        f"<title>{escape(title)}: profile and actual</title>",
        f'<line x1="{LEFT}" y1="{TOP + inner_h}" x2="{WIDTH - RIGHT}" y2="{TOP + inner_h}" '
        'stroke="#505a5f" stroke-width="1"/>',
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + inner_h}" stroke="#505a5f" '
        'stroke-width="1"/>',
        f'<text x="{LEFT - 4}" y="{TOP + 4}" font-size="9" text-anchor="end">{figure(high)}</text>',
        f'<text x="{LEFT - 4}" y="{TOP + inner_h}" font-size="9" text-anchor="end">'
        f"{figure(low)}</text>",
    ]
    for i, p in enumerate(points):
        parts.append(
            f'<text x="{x(i):.1f}" y="{HEIGHT - BOTTOM + 14}" font-size="9" '
            f'text-anchor="middle">{escape(p["period"])}</text>'
        )
    for key, colour, dash in (("profile", "#505a5f", "4 3"), ("actual", "#1d70b8", "")):
        line = [(x(i), y(p[key])) for i, p in enumerate(points) if p[key] is not None]
        if len(line) > 1:
            path = " ".join(f"{a:.1f},{b:.1f}" for a, b in line)
            extra = f' stroke-dasharray="{dash}"' if dash else ""
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"{extra}/>'
            )
        for a, b in line:
            parts.append(f'<circle cx="{a:.1f}" cy="{b:.1f}" r="3" fill="{colour}"/>')
    legend_y = HEIGHT - 6
    parts.append(
        f'<line x1="{LEFT}" y1="{legend_y - 3}" x2="{LEFT + 18}" y2="{legend_y - 3}" '
        'stroke="#505a5f" stroke-width="2" stroke-dasharray="4 3"/>'
        f'<text x="{LEFT + 22}" y="{legend_y}" font-size="9">Profile</text>'
        f'<line x1="{LEFT + 70}" y1="{legend_y - 3}" x2="{LEFT + 88}" y2="{legend_y - 3}" '
        'stroke="#1d70b8" stroke-width="2"/>'
        f'<text x="{LEFT + 92}" y="{legend_y}" font-size="9">Actual</text>'
    )
    parts.append("</svg>")
    return "".join(parts)
