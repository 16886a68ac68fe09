"""Every chart of the service, drawn on the server as SVG: a target's trajectory against
its actual figures (with confidence intervals), the dashboard's sparklines, and the bars
of one indicator across areas. The screens (monitoring, public site, national picture)
and the printed reports (WeasyPrint) all draw with this one package.

Why here, at the top of the package and not in an app: drawing needs no model, no
query and no Django, and four apps draw. A package below every app lets each of them
import it without one app depending on another (``public`` on ``monitoring``, say),
and keeps it as easy to test as ``calculations``; an import contract in
``.importlinter`` holds it there (no Django, no app).

Numbers in, markup out, in two steps: the geometry (``line_chart``, ``sparkline``,
``bar_chart``: coordinates, ticks and labels, testable without parsing SVG), then the
markup (``line_chart_svg``, ``sparkline_svg``, ``bar_chart_svg``). The markup is
``Markup``, a ``str`` whose every text was escaped here, so templates print it as it is.

The rooms: ``markup`` (colours, frames, the safe-markup type and SVG pieces),
``scales`` (round value axes and labels), ``lines`` (where a line chart's figures go),
``line_svg`` (a line chart or sparkline as SVG) and ``bars`` (bar charts).

What every chart keeps to:

- It never stands alone: the page or the report shows the same figures in a table beside
  it. Full charts are ``role="img"`` with a ``<title>`` and a ``<desc>`` (ids from the
  caller, unique on the page) saying what is drawn and the latest figure; sparklines
  are hidden from screen readers, since their row says the same in words.
- Text is in the site's font (``FONT_FAMILY`` on the root) at sizes that read at 14
  pixels or more at the width a page draws the chart. A target's chart marks its
  baseline (black square), trajectory, figures (coloured by rating, the latest labelled
  with its rating in words), end target (ringed) and projected outturn (dotted line to
  a diamond). A sparkline runs from the baseline to the figures.
- Colours and line styles are SVG presentation attributes, never ``style``: the Content
  Security Policy forbids inline styles, and WeasyPrint reads attributes too. Profile or
  target: grey dashed line, hollow circles. Actual: blue line, filled dots. Confidence
  intervals: blue whiskers and a light blue band. A key is drawn inside the SVG, so the
  printed report needs nothing else to read the chart.
- A year-to-date series (a cumulative measure's running totals, which start again each
  April) is drawn as one line per year, never one line falling every April; the
  description says so, and ``running_total_note`` gives the caption to print with it.
- Nothing WeasyPrint cannot draw: text is placed with ``dy`` (no ``dominant-baseline``),
  and no CSS, script or external reference.
"""

from .bars import Bar, BarChart, BarValue, Reference, Rule, bar_chart, bar_chart_svg
from .line_svg import RUNNING_TOTAL_NOTE, line_chart_svg, running_total_note, sparkline_svg
from .lines import Baseline, ChartPeriod, Interval, LineChart, Mark, line_chart, sparkline
from .markup import (
    BARS,
    BLACK,
    BLUE,
    FONT_FAMILY,
    GREEN,
    GREY,
    LIGHT_BLUE,
    MID_GREY,
    ORANGE,
    PAGE,
    PRINT,
    RATING_COLOURS,
    RED,
    SPARK,
    SVG_NS,
    WHITE,
    YELLOW,
    Frame,
    Markup,
)
from .scales import Scale, Tick, axis_label, nice_step

__all__ = [
    "BARS",
    "BLACK",
    "BLUE",
    "FONT_FAMILY",
    "GREEN",
    "GREY",
    "LIGHT_BLUE",
    "MID_GREY",
    "ORANGE",
    "PAGE",
    "PRINT",
    "RATING_COLOURS",
    "RED",
    "RUNNING_TOTAL_NOTE",
    "SPARK",
    "SVG_NS",
    "WHITE",
    "YELLOW",
    "Bar",
    "Baseline",
    "BarChart",
    "BarValue",
    "ChartPeriod",
    "Frame",
    "Interval",
    "LineChart",
    "Mark",
    "Markup",
    "Reference",
    "Rule",
    "Scale",
    "Tick",
    "axis_label",
    "bar_chart",
    "bar_chart_svg",
    "line_chart",
    "line_chart_svg",
    "nice_step",
    "running_total_note",
    "sparkline",
    "sparkline_svg",
]
