"""Charts people read: the site's font at readable sizes, ratings in their colours with
words, a target's baseline, trajectory, figures, end target, projection and confidence
band marked, and sparklines that draw a line inside their box (rules M1, M3, D7)."""

from __future__ import annotations

import re

from localperf import charts
from localperf.charts import Baseline, ChartPeriod

SERIES = [
    ChartPeriod("2008/09", 0.85, 1.0, rating="red", rating_label="Off track"),
    ChartPeriod("2009/10", 0.8, 0.82, 0.78, 0.86, rating="amber", rating_label="Slightly behind"),
    ChartPeriod("2010/11", 0.75, None),
]


def target_chart() -> str:
    drawn = charts.line_chart(
        SERIES, baseline=Baseline("2007/08", 0.9, 0.88, 0.92), projection=0.7, to_the_end=True
    )
    return charts.line_chart_svg(drawn, title="NI 15", id="c")


def test_the_chart_is_in_the_sites_font_at_readable_sizes():
    svg = target_chart()
    root = svg[: svg.index(">")]
    assert "font-family=\"'GDS Transport', arial, sans-serif\"" in root
    sizes = {int(size) for size in re.findall(r'font-size="(\d+)"', svg)}
    # Drawn 640 units wide and shown at least 600 pixels wide in the main column.
    assert min(sizes) * 600 / charts.PAGE.width >= 14, sizes
    assert charts.PRINT.font_size >= 13  # the report's charts, drawn at their own size


def test_figures_are_coloured_by_rating_and_the_latest_says_it_in_words():
    svg = target_chart()
    assert f'fill="{charts.RED}"' in svg and f'fill="{charts.YELLOW}"' in svg
    assert ">0.82 Slightly behind</text>" in svg
    assert "green on track, yellow slightly behind, red off track" in svg  # the description


def test_a_target_chart_marks_baseline_trajectory_figures_end_target_projection_and_band():
    svg = target_chart()
    assert ">Baseline 0.9</text>" in svg and "<rect" in svg  # the baseline's square
    assert ">Target 0.75</text>" in svg  # the end target, ringed
    assert ">Projected 0.7</text>" in svg and 'stroke-dasharray="2 4"' in svg
    assert 'stroke-dasharray="6 4"' in svg  # the trajectory
    assert f'fill="{charts.LIGHT_BLUE}"' in svg  # the confidence band (or its key)
    for name in ("Baseline", "End target", "Projected outturn", "Confidence interval"):
        assert f">{name}</text>" in svg  # in the key
    description = re.search(r"<desc[^>]*>(.*?)</desc>", svg)[1]
    assert "Baseline: 2007/08, 0.9." in description and "Target for 2010/11: 0.75." in description


def test_a_sparkline_draws_a_line_from_the_baseline_inside_its_box():
    drawn = charts.sparkline(SERIES[:1], baseline=Baseline("2007/08", 0.9))
    svg = charts.sparkline_svg(drawn)
    assert svg.count("<polyline") >= 1  # not one dot
    xs = [float(x) for x in re.findall(r'c?x[12]?="([\d.]+)"', svg)]
    xs += [float(p.split(",")[0]) for p in re.findall(r"([\d.]+,[\d.]+)", svg)]
    width = charts.SPARK.width
    assert all(charts.SPARK.dot <= x <= width - charts.SPARK.dot for x in xs), (xs, width)
    # One figure with no baseline is still a short line, not a lone dot.
    alone = charts.sparkline_svg(charts.sparkline([ChartPeriod("Place Survey 2008", None, 51.5)]))
    assert alone.count("<polyline") == 1
