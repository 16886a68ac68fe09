"""The one charting module (``localperf.charts``): where it puts each figure, what it
draws for it, and that the markup is safe on a page and printable by WeasyPrint. Every
screen's chart goes through these functions, so these tests stand for all of them; the
screens' own tests check that each page shows its chart beside its table."""

from __future__ import annotations

import io
import math
import xml.etree.ElementTree as ET

import pytest
from django.template import Context, Template
from pypdf import PdfReader
from weasyprint import HTML

from localperf import charts
from localperf.charts import BarValue, ChartPeriod, Reference
from localperf.charts.scales import text_width

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    """The markup as XML: also proves it is well formed, as WeasyPrint needs."""
    return ET.fromstring(svg)


def points(text: str) -> list[tuple[float, float]]:
    return [tuple(float(n) for n in pair.split(",")) for pair in text.split()]


def by_tag(root: ET.Element, tag: str) -> list[ET.Element]:
    return list(root.iter(SVG + tag))


# --- where the figures go ---------------------------------------------------------------


def test_figures_are_placed_on_a_round_scale_with_periods_evenly_spaced():
    # On the page frame the plot runs x 76 → 616, y 24 (top) → 264 (bottom).
    chart = charts.line_chart(
        [ChartPeriod("H1", 10, 12), ChartPeriod("H2", 15, None), ChartPeriod("H3", 20, 14)]
    )
    assert [(m.x, m.y) for m in chart.profile] == [(76, 264), (346, 144), (616, 24)]
    # 12 lies a fifth of the way up the 10 → 20 scale; the missing figure keeps its place.
    assert [(m.label, m.x, round(m.y, 1)) for m in chart.actual] == [
        ("H1", 76, 216.0),
        ("H3", 616, 168.0),
    ]
    assert [t.label for t in chart.y_ticks] == ["10", "12", "14", "16", "18", "20"]
    assert [t.label for t in chart.x_ticks] == ["H1", "H2", "H3"]


def test_the_plot_leaves_room_for_the_first_and_last_period_labels():
    chart = charts.line_chart([ChartPeriod("2008/09 Q1", 1, 1), ChartPeriod("2010/11 Q4", 2, 2)])
    half = text_width("2010/11 Q4", charts.PAGE.font_size) / 2
    assert chart.actual[-1].x == chart.right and chart.right + half <= charts.PAGE.width
    assert chart.actual[0].x == chart.left and chart.left - half >= 0


def test_a_single_period_is_drawn_in_the_middle_and_a_flat_series_still_has_a_scale():
    chart = charts.line_chart([ChartPeriod("2008/09", 5, 5)])
    assert chart.actual[0].x == (chart.left + chart.right) / 2
    low, high = chart.y_ticks[0], chart.y_ticks[-1]
    assert float(low.label) <= 5 <= float(high.label) and low.label != high.label


def test_missing_and_unusable_figures_are_left_out_and_nothing_to_draw_is_none():
    chart = charts.line_chart(
        [ChartPeriod("a", math.nan, 1), ChartPeriod("b", None, math.inf), ChartPeriod("c", 2, 3)]
    )
    assert [m.label for m in chart.profile] == ["c"]
    assert [m.label for m in chart.actual] == ["a", "c"]
    assert (
        charts.line_chart([ChartPeriod("a", None, None), ChartPeriod("b", math.nan, None)]) is None
    )
    assert charts.line_chart([]) is None
    assert charts.bar_chart([BarValue("Kent", math.nan)]) is None


def test_figures_given_as_decimals_are_drawn_like_floats():
    from decimal import Decimal

    chart = charts.line_chart([ChartPeriod("a", Decimal("1.5"), Decimal("2"))])
    assert [m.value for m in chart.profile + chart.actual] == [1.5, 2.0]


def test_confidence_intervals_are_whiskers_and_a_band_over_consecutive_periods():
    # rule D7: survey figures carry confidence intervals
    chart = charts.line_chart(
        [
            ChartPeriod("2008", 50, 52, 49, 55),
            ChartPeriod("2009", 51, 53, 50, 56),
            ChartPeriod("2010", 52, None),
            ChartPeriod("2011", 53, 54, 51, 57),
        ]
    )
    assert [i.label for i in chart.intervals] == ["2008", "2009", "2011"]
    assert all(i.top < i.bottom for i in chart.intervals)  # upper limit drawn higher
    # One band, over 2008–2009: the 2011 interval stands alone, as a whisker only.
    (band,) = chart.bands
    first, second = chart.intervals[:2]
    assert points(band) == [
        (round(first.x, 1), round(first.top, 1)),
        (round(second.x, 1), round(second.top, 1)),
        (round(second.x, 1), round(second.bottom, 1)),
        (round(first.x, 1), round(first.bottom, 1)),
    ]


def test_period_labels_are_thinned_when_they_would_overlap():
    periods = [ChartPeriod(f"{2000 + i}/{i + 1:02d} Q{i % 4 + 1}", i, i) for i in range(24)]
    chart = charts.line_chart(periods)
    labels = [t.label for t in chart.x_ticks]
    assert labels[0] == periods[0].label and 1 < len(labels) < 24
    gaps = [b.position - a.position for a, b in zip(chart.x_ticks, chart.x_ticks[1:], strict=False)]
    assert min(gaps) >= text_width(periods[0].label, charts.PAGE.font_size)
    # On print, with smaller text, more of them fit than none and fewer than all.
    assert len(charts.line_chart(periods, frame=charts.PRINT).x_ticks) < 24


# --- what is drawn ----------------------------------------------------------------------


def test_the_trajectory_chart_draws_each_figure_with_a_title_description_and_key():
    chart = charts.line_chart(
        [ChartPeriod("2008/09", 10, 12, 11, 13), ChartPeriod("2009/10", 20, 18, 17, 19)]
    )
    svg = charts.line_chart_svg(chart, title="NI 16 <Kent> & co", id="t-7")
    root = parse(svg)
    assert root.get("role") == "img" and root.get("aria-labelledby") == "t-7-title t-7-desc"
    assert root.find(SVG + "title").text == "NI 16 <Kent> & co"  # escaped in the markup
    desc = root.find(SVG + "desc").text
    assert "Latest actual: 2009/10, 18 against profile 20" in desc
    assert "confidence intervals" in desc and "table" in desc
    lines = by_tag(root, "polyline")
    # The profile and actual lines, then the key's two samples.
    assert points(lines[0].get("points")) == points(chart.profile_points)
    assert lines[0].get("stroke-dasharray") and lines[0].get("stroke") == charts.GREY
    assert points(lines[1].get("points")) == points(chart.actual_points)
    assert lines[1].get("stroke") == charts.BLUE and not lines[1].get("stroke-dasharray")
    dots = [c for c in by_tag(root, "circle") if c.get("fill") == charts.BLUE]
    hollow = [c for c in by_tag(root, "circle") if c.get("fill") == charts.WHITE]
    assert [(float(c.get("cx")), float(c.get("cy"))) for c in dots[:2]] == [
        (round(m.x, 1), round(m.y, 1)) for m in chart.actual
    ]
    assert len(dots) == 3 and len(hollow) == 3  # two periods each, and one in the key
    whiskers = [w for w in by_tag(root, "line") if w.get("stroke") == charts.BLUE]
    assert len(whiskers) == 2 and len(by_tag(root, "polygon")) == 1
    texts = [t.text for t in by_tag(root, "text")]
    for label in ("2008/09", "2009/10", "10", "20", "Profile", "Actual", "Confidence interval"):
        assert label in texts


def test_the_public_words_name_the_target_and_a_single_point_draws_no_line():
    chart = charts.line_chart([ChartPeriod("2008/09", 40, 41), ChartPeriod("2009/10", 42, None)])
    svg = charts.line_chart_svg(
        chart, title="t", id="chart", profile_name="Target", actual_name="Published figure"
    )
    root = parse(svg)
    assert "Latest published figure: 2008/09, 41 against target 40" in root.find(SVG + "desc").text
    # The target's line and its key; one published figure is a dot, not a line.
    lines = by_tag(root, "polyline")
    assert len(lines) == 3 and points(lines[0].get("points")) == points(chart.profile_points)
    assert {"Target", "Published figure"} <= {t.text for t in by_tag(root, "text")}
    assert "Confidence interval" not in svg
    assert root.get("width") == "100%"


def test_a_printed_chart_has_a_fixed_size_and_nothing_weasyprint_or_the_csp_refuses():
    chart = charts.line_chart(
        [ChartPeriod("2008/09", 49, 48.5), ChartPeriod("2009/10", 48, None)], frame=charts.PRINT
    )
    svg = charts.line_chart_svg(chart, title="NI 112 Teenage conceptions", id="x", fluid=False)
    root = parse(svg)
    assert (root.get("width"), root.get("height")) == ("420", "230")
    for element in root.iter():
        assert not {"style", "dominant-baseline", "href", "class"} & set(element.attrib)
    assert "<script" not in svg


def test_a_printed_chart_prints_its_axis_and_key_in_a_pdf():
    chart = charts.line_chart(
        [ChartPeriod("2008/09", 49, 48.5), ChartPeriod("2009/10", 48, 47.2)], frame=charts.PRINT
    )
    svg = charts.line_chart_svg(chart, title="NI 112", id="x", fluid=False)
    pdf = HTML(string=f"<!DOCTYPE html><html><body><p>Before</p>{svg}</body></html>").write_pdf()
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    for expected in ("Before", "2008/09", "2009/10", "Profile", "Actual", "48.5"):
        assert expected in text
    assert "NI 112" not in text  # the title and description are for screen readers


def test_a_sparkline_is_two_lines_hidden_from_screen_readers():
    chart = charts.sparkline(
        [ChartPeriod("a", 1, 1), ChartPeriod("b", 2, None), ChartPeriod("c", 3, 4)]
    )
    root = parse(charts.sparkline_svg(chart))
    assert root.get("aria-hidden") == "true" and root.get("class") == "app-sparkline"
    (profile, actual) = by_tag(root, "polyline")
    assert points(profile.get("points")) == points(chart.profile_points)
    assert points(actual.get("points")) == points(chart.actual_points)
    assert len(by_tag(root, "circle")) == 2
    assert not by_tag(root, "text")  # no axes, no key


def test_markup_prints_as_it_is_in_a_template_and_other_text_is_still_escaped():
    chart = charts.line_chart([ChartPeriod("<b>", 1, 2)])
    svg = charts.line_chart_svg(chart, title="<script>", id="c")
    html = Template("{{ svg }}{{ other }}").render(Context({"svg": svg, "other": "<i>"}))
    assert html.startswith("<svg role=") and "&lt;script&gt;" in html and "<script>" not in html
    assert "&lt;b&gt;" in html and html.endswith("&lt;i&gt;")


# --- bars across areas ------------------------------------------------------------------


def test_bars_rise_from_zero_in_order_with_reference_lines_at_their_figures():
    chart = charts.bar_chart(
        [BarValue("Kent", 8), BarValue("Essex", 4, highlighted=True), BarValue("Luton", -2)],
        [Reference("Median", 4), Reference("England", 6, charts.RED, "8 3")],
    )
    kent, essex, luton = chart.bars
    assert kent.x < essex.x < luton.x and kent.width == essex.width
    assert kent.y + kent.height == pytest.approx(chart.baseline)  # up from zero
    assert kent.height == pytest.approx(2 * essex.height)
    assert luton.y == pytest.approx(chart.baseline) and luton.height == pytest.approx(
        essex.height / 2
    )
    median, england = chart.rules
    assert median.y == pytest.approx(essex.y) and england.y < median.y
    assert [t.label for t in chart.y_ticks] == ["-5", "0", "5", "10"]
    root = parse(charts.bar_chart_svg(chart, title="NI 117", id="p", description="Three areas."))
    rects = by_tag(root, "rect")
    assert [r.find(SVG + "title").text for r in rects] == ["Kent: 8", "Essex: 4", "Luton: -2"]
    assert [r.get("fill") for r in rects] == [charts.BLUE, charts.ORANGE, charts.BLUE]
    rules = [line for line in by_tag(root, "line") if line.find(SVG + "title") is not None]
    assert [(r.find(SVG + "title").text, r.get("stroke-dasharray")) for r in rules] == [
        ("Median", None),
        ("England", "8 3"),
    ]
    assert root.find(SVG + "desc").text == "Three areas."


def test_the_value_axis_of_bars_always_includes_zero():
    chart = charts.bar_chart([BarValue("a", 50), BarValue("b", 52)])
    assert chart.y_ticks[0].label == "0"
    assert chart.bars[0].height == pytest.approx(chart.bars[1].height * 50 / 52)


def test_scale_helpers():
    assert [charts.nice_step(s) for s in (100, 7, 0.3, 0, math.inf)] == [20, 2, 0.1, 1, 1]
    assert [charts.axis_label(v) for v in (1500.0, 2.5, -0.25, -0.0, 0.12345)] == [
        "1,500",
        "2.5",
        "-0.25",
        "0",
        "0.1235",
    ]
