"""Cumulative (year-to-date) measures are right everywhere (rules M1, M2, M3): the profile
of a quarter is the share of the year's target to date; a running total is compared
with the same point of the previous year, so growth within a year is no dip; a year
without an annual return is assessed on its Q4 running total, by the engine and the
kernel alike; and every chart draws each year's running total as a line of its own,
and says so. On generated frames and on the demonstration data (Kent's NI 111, a
quarterly year-to-date count where lower is better)."""

from __future__ import annotations

import base64
import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from localperf import charts
from localperf.accounts.models import User
from localperf.agreements.models import Agreement
from localperf.calculations import (
    Accumulation,
    Direction,
    Polarity,
    Rating,
    Trajectory,
    period_parse,
    profile_for,
)
from localperf.calculations.year_to_date import annual_figure, with_annual_figures
from localperf.monitoring import engine, selectors
from localperf.monitoring.charting import chart_periods
from localperf.monitoring.services import assessments_recompute
from localperf.observations.importing.services import observation_correct
from localperf.observations.models import Observation
from localperf.reports import selectors as report_selectors
from localperf.reports.services import report_create
from tests.monitoring.test_monitoring_engine import ID_OF, frames

AS_AT = datetime.date(2009, 11, 30)
SVG = "{http://www.w3.org/2000/svg}"


# --- the kernel and the engine ------------------------------------------------------------


def test_the_profile_of_a_quarter_is_the_share_of_the_years_target_to_date():
    # rules M1, A5: a running total is expected to reach a quarter of the year's target by
    # June, half by September …, and the whole by March; a level moves on a straight line
    trajectory = Trajectory.of(baseline=1800, targets={"2008/09": 1790, "2009/10": 1730})
    quarters = [period_parse(f"2009/10 Q{n}") for n in (1, 2, 3, 4)]
    year_to_date = [profile_for(trajectory, q, Accumulation.CUMULATIVE) for q in quarters]
    assert year_to_date == [432.5, 865.0, 1297.5, 1730.0]
    assert profile_for(trajectory, period_parse("2009/10 H1"), Accumulation.CUMULATIVE) == 865.0
    assert profile_for(trajectory, period_parse("2009/10"), Accumulation.CUMULATIVE) == 1730.0
    levels = [profile_for(trajectory, q, Accumulation.SNAPSHOT) for q in quarters]
    assert levels == [1775.0, 1760.0, 1745.0, 1730.0]
    # A year whose target is still to be set has no profile for its quarters either.
    unset = Trajectory.of(targets={"2009/10": None})
    assert profile_for(unset, quarters[0], Accumulation.CUMULATIVE) is None


def test_the_annual_figure_of_a_running_total_is_its_q4_figure_unless_a_return_exists():
    # rule M1: the Q4 running total is the whole year's count
    q4, h2, year = (period_parse(x) for x in ("2008/09 Q4", "2008/09 H2", "2008/09"))
    assert annual_figure(year, {q4: 1754.2, h2: 1750.0}, Accumulation.CUMULATIVE) == 1754.2
    assert annual_figure(year, {h2: 1750.0}, Accumulation.CUMULATIVE) == 1750.0
    assert annual_figure(year, {q4: 1754.2, year: 1760.0}, Accumulation.CUMULATIVE) == 1760.0
    assert annual_figure(year, {q4: 1754.2}, Accumulation.SNAPSHOT) is None
    assert with_annual_figures({q4: 1.0}, Accumulation.SNAPSHOT) == {q4: 1.0}


def _engine_rows(figures: dict, accumulation: Accumulation) -> dict[str, dict]:
    case = {
        "polarity": Polarity.LOWER_IS_BETTER,
        "accumulation": accumulation,
        "versions": [
            (
                datetime.date(2008, 4, 1),
                Trajectory.of(baseline=1800, targets={"2008/09": 1790, "2009/10": 1730}),
                False,
            )
        ],
        "figures": figures,
        "scheduled": ["2008/09 Q4", "2009/10 H1"],
        "today": datetime.date(2010, 12, 1),
    }
    result = engine.assessments_frame(**frames(case), today=case["today"])
    label_of = {pk: label for label, pk in ID_OF.items()}
    return {label_of[row["period_id"]]: row for row in result.iter_rows(named=True)}


def test_the_engine_assesses_a_year_on_its_q4_running_total():
    # rules M1, M3: variance, rating and direction for the year, as for any period
    rows = _engine_rows(
        {"2007/08": (1900.0, None, None), "2008/09 Q4": (1754.2, None, None)},
        Accumulation.CUMULATIVE,
    )
    year = rows["2008/09"]
    assert year["actual"] == 1754.2 and year["profile"] == 1790.0
    assert year["variance"] == 2.0 and year["rating"] == Rating.GREEN.value
    assert year["direction"] == Direction.IMPROVING.value  # fewer than 2007/08's 1,900
    # A level's Q4 is not the year's figure: no row for the year.
    levels = _engine_rows({"2008/09 Q4": (1754.2, None, None)}, Accumulation.SNAPSHOT)
    assert "2008/09" not in levels
    # An annual return is the year's figure, whatever Q4 said.
    returned = _engine_rows(
        {"2008/09 Q4": (1754.2, None, None), "2008/09": (1800.0, None, None)},
        Accumulation.CUMULATIVE,
    )
    assert returned["2008/09"]["actual"] == 1800.0
    assert returned["2008/09"]["rating"] == Rating.AMBER.value


def test_a_half_year_running_total_is_compared_with_the_same_half_last_year():
    # rule M3: like with like; H1 2009/10 grew from nothing, as every H1 does
    rows = _engine_rows(
        {"2008/09 H1": (900.0, None, None), "2009/10 H1": (870.0, None, None)},
        Accumulation.CUMULATIVE,
    )
    assert rows["2009/10 H1"]["direction"] == Direction.IMPROVING.value


# --- charts -----------------------------------------------------------------------------


YEAR_TO_DATE = [
    charts.ChartPeriod(label, profile, actual)
    for label, profile, actual in (
        ("2008/09 Q1", 447.5, 438.6),
        ("2008/09 Q2", 895.0, 877.1),
        ("2008/09 Q3", 1342.5, 1315.6),
        ("2008/09 Q4", 1790.0, 1754.2),
        ("2008/09", 1790.0, 1754.2),
        ("2009/10 Q1", 432.5, 423.8),
        ("2009/10 Q2", 865.0, 891.0),
        ("2009/10 Q3", 1297.5, None),
    )
]


def lines(svg: str, colour: str) -> list[list[str]]:
    """The points of each polyline of ``colour``, in the order drawn."""
    root = ET.fromstring(svg)
    return [
        line.get("points").split()
        for line in root.iter(SVG + "polyline")
        if line.get("stroke") == colour and len(line.get("points").split()) > 1
    ]


def test_a_year_to_date_chart_draws_a_line_per_year_and_says_so():
    # rules M1, M3: a running total restarts every April; one line would "fall" each April
    drawn = charts.line_chart(chart_periods(YEAR_TO_DATE, Accumulation.CUMULATIVE))
    assert [m.label for m in drawn.actual] == [
        "2008/09 Q1",
        "2008/09 Q2",
        "2008/09 Q3",
        "2008/09 Q4",
        "2009/10 Q1",
        "2009/10 Q2",
    ]  # the year's figure (its Q4) is in the table, not drawn twice
    svg = charts.line_chart_svg(drawn, title="NI 111", id="c")
    # A line per year for the actual figures and for the profile, then the key's sample.
    assert [len(p) for p in lines(svg, charts.BLUE)] == [4, 2, 2]  # 2008/09, 2009/10, key
    assert [len(p) for p in lines(svg, charts.GREY)] == [4, 3, 2]
    title = ET.fromstring(svg).find(SVG + "title").text
    assert title == "NI 111 (year to date: a line per year)"
    assert charts.RUNNING_TOTAL_NOTE in ET.fromstring(svg).find(SVG + "desc").text
    assert charts.running_total_note(drawn) == charts.RUNNING_TOTAL_NOTE
    spark = charts.sparkline_svg(
        charts.sparkline(chart_periods(YEAR_TO_DATE, Accumulation.CUMULATIVE))
    )
    assert spark.count(f'stroke="{charts.BLUE}"') == 2
    # A level is one line, with nothing said about running totals.
    level = charts.line_chart(chart_periods(YEAR_TO_DATE, Accumulation.SNAPSHOT))
    level_svg = charts.line_chart_svg(level, title="x", id="c")
    assert [len(p) for p in lines(level_svg, charts.BLUE)] == [7, 2]
    assert charts.running_total_note(level) == ""


# --- on the demonstration data ------------------------------------------------------------


@pytest.fixture
def kent(demo_for_the_module, settings):
    settings.LOCALPERF_AS_AT = AS_AT.isoformat()
    return Agreement.objects.select_related("area").get(area__code="E10000016")


def ni111(agreement: Agreement) -> selectors.TargetProgress:
    return next(
        p
        for p in selectors.agreement_progress(agreement, today=AS_AT)
        if p.measure_code == "NI 111"
    )


@pytest.mark.django_db
def test_kents_running_total_is_compared_with_the_same_quarter_last_year(kent, client):
    # rules M2, M3: Q2 2009/10 (891) set against Q2 2008/09 (877.1), not Q1 2009/10 (423.8)
    progress = ni111(kent)
    assert progress.is_year_to_date and progress.period_label == "2009/10 Q2"
    assert progress.previous.period_label == "2008/09 Q2"
    assert progress.direction is Direction.WORSENING  # more first-time entrants than then
    client.force_login(User.objects.get(username="demo-pm-kent"))
    html = client.get(reverse("monitoring:dashboard", args=[kent.pk])).content.decode()
    dips = re.search(r'<div id="dips">(.*?)</div>', html, re.S).group(1)
    line = next(li for li in dips.split("<li>") if "NI 111" in li)
    assert "891, was 877.1 in 2008/09 Q2 (worsening" in line
    assert "in 2009/10 Q1" not in line


@pytest.mark.django_db
def test_a_growing_running_total_is_no_dip(kent, django_capture_on_commit_callbacks):
    # rules M2, M3: the total rises from Q1 to Q2 as every year; set against last year's Q2
    # it is better, and rated as last year's was (behind profile then and now)
    pm = User.objects.get(username="demo-pm-kent")
    target = ni111(kent).target
    for label, value in (("2008/09 Q2", 900.0), ("2009/10 Q2", 870.0)):
        figure = Observation.objects.current().get(
            measure__indicator__code="NI 111", area=kent.area, period__label=label
        )
        result = observation_correct(
            observation=figure, user=pm, reason="Recount by the youth offending team", value=value
        )
        assert result.status == "committed", result.message
    assessments_recompute(targets=[target], today=AS_AT)
    progress = ni111(kent)
    q1 = next(p for p in progress.series if p.period_label == "2009/10 Q1")
    assert q1.actual < progress.actual and q1.rating == Rating.GREEN  # it grew, was on track
    assert progress.rating == Rating.AMBER and progress.previous.rating == Rating.AMBER
    assert progress.direction is Direction.IMPROVING
    assert not progress.worsened
    assert "NI 111" not in {p.measure_code for p in selectors.dips([progress])}


@pytest.mark.django_db
def test_kents_2008_09_year_is_assessed_on_its_q4_running_total(kent):
    # rule M1: no annual return, so the year's figure is Q4's 1,754.2
    by_label = {p.period_label: p for p in ni111(kent).series}
    year = by_label["2008/09"]
    assert year.actual == by_label["2008/09 Q4"].actual == pytest.approx(1754.2)
    assert year.profile == 1790.0 and year.variance == 2.0 and year.rating == Rating.GREEN


def polylines(html: str, chart_id: str, colour: str) -> list[int]:
    svg = re.search(rf'<svg role="img" aria-labelledby="{chart_id}-title.*?</svg>', html, re.S)
    return [len(points) for points in lines(svg.group(0), colour)]


@pytest.mark.django_db
def test_every_chart_of_the_running_total_draws_a_line_per_year(kent, client):
    # rules M1, M2: the monitoring page, the public page and the report (its PDF's page)
    target = ni111(kent).target
    client.force_login(User.objects.get(username="demo-pm-kent"))
    page = client.get(reverse("monitoring:target", args=[kent.pk, target.pk])).content.decode()
    public = client.get(
        reverse("public:target", kwargs={"code": kent.area.code, "pk": target.pk})
    ).content.decode()
    for html in (page, public):
        assert polylines(html, "chart", charts.BLUE)[:2] == [4, 2]  # 2008/09, 2009/10
        assert 'id="chart-note"' in html and "running total starts again in April" in html
    report = kent.progress_reports.filter(period_label="2009/10 H1").first() or report_create(
        user=User.objects.get(username="demo-pm-kent"), agreement=kent, period_label="2009/10 H1"
    )
    view = report_selectors.report_view(report, today=AS_AT)
    html = render_to_string("reports/report_print.html", {"view": view, "content": view.content})
    # The PDF's charts are images of the same drawing (data URIs): read them as drawn.
    html = re.sub(
        r"data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)",
        lambda m: base64.b64decode(m.group(1)).decode(),
        html,
    )
    assert polylines(html, f"target-{target.pk}-chart", charts.BLUE)[:2] == [4, 2]
    assert "running total starts again in April" in html
