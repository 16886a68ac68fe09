"""Projected outturn from the trend so far (rule M3)."""

import random
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from localperf.calculations.measures import Polarity
from localperf.calculations.projection import (
    DAYS_PER_YEAR,
    likely_to_meet,
    linear_trend,
    projected_outturn,
    trend_points,
)

quick = settings(database=None, deadline=None)

AGREEMENT_END = date(2011, 3, 31)
HIGHER = Polarity.HIGHER_IS_BETTER
LOWER = Polarity.LOWER_IS_BETTER


def test_two_year_ends_extend_in_a_straight_line():
    # 50 → 54 over a year; each of these years has 365 days, so a third gives 58
    points = [(date(2009, 3, 31), 50.0), (date(2010, 3, 31), 54.0)]
    assert projected_outturn(points, AGREEMENT_END) == pytest.approx(58.0)


def test_least_squares_through_three_points():
    # x = 0, 1, 2 (equal steps of 365 days), y = 10, 12, 17:
    # mean x 1, mean y 13, slope = ((-1)(-3) + 0 + (1)(4)) / 2 = 3.5 per step,
    # so at x = 3: 13 + 3.5 × 2 = 20.
    points = [(date(2008, 3, 31), 10.0), (date(2009, 3, 31), 12.0), (date(2010, 3, 31), 17.0)]
    trend = linear_trend(points)
    assert trend.origin == date(2008, 3, 31)
    assert trend.slope_per_year == pytest.approx(3.5 * DAYS_PER_YEAR / 365)
    assert trend.intercept == pytest.approx(13 - 3.5)
    assert projected_outturn(points, AGREEMENT_END) == pytest.approx(20.0)


def test_order_of_points_does_not_matter():
    points = [(date(2008, 3, 31), 10.0), (date(2009, 3, 31), 12.0), (date(2010, 3, 31), 17.0)]
    shuffled = points[:]
    random.Random(4).shuffle(shuffled)
    assert projected_outturn(shuffled, AGREEMENT_END) == pytest.approx(20.0)


def test_missing_values_are_skipped():
    points = [(date(2009, 3, 31), 50.0), (date(2009, 9, 30), None), (date(2010, 3, 31), 54.0)]
    assert projected_outturn(points, AGREEMENT_END) == pytest.approx(58.0)


def test_a_figure_before_the_baseline_does_not_move_the_projection():
    # rule M3: the line starts at the baseline (2007/08, 50); 2005/06 and 2006/07 figures,
    # and one for the baseline year itself, are history before the trajectory
    recent = [(date(2009, 3, 31), 54.0)]
    old = [(date(2006, 3, 31), 10.0), (date(2007, 3, 31), 90.0), (date(2008, 3, 31), 47.0)]
    baseline = {"baseline": 50.0, "baseline_date": date(2008, 3, 31), "until": date(2009, 3, 31)}
    with_history = trend_points(**baseline, figures=old + recent)
    assert with_history == [(date(2008, 3, 31), 50.0), (date(2009, 3, 31), 54.0)]
    assert projected_outturn(with_history, AGREEMENT_END) == pytest.approx(62.0)
    assert with_history == trend_points(**baseline, figures=recent)


def test_without_a_baseline_date_every_figure_so_far_counts():
    figures = [(date(2008, 3, 31), 50.0), (date(2009, 3, 31), 54.0), (date(2010, 3, 31), 1.0)]
    points = trend_points(
        baseline=None, baseline_date=None, figures=figures, until=date(2009, 3, 31)
    )
    assert points == figures[:2]
    assert projected_outturn(points, AGREEMENT_END) == pytest.approx(62.0)


@pytest.mark.parametrize(
    "points",
    [
        [],
        [(date(2009, 3, 31), 50.0)],
        [(date(2009, 3, 31), 50.0), (date(2009, 3, 31), 52.0)],  # one date: no slope
        [(date(2009, 3, 31), 50.0), (date(2010, 3, 31), None)],
    ],
)
def test_no_projection_from_fewer_than_two_dates(points):
    assert linear_trend(points) is None
    assert projected_outturn(points, AGREEMENT_END) is None


@quick
@given(
    intercept=st.floats(-1e4, 1e4),
    slope=st.floats(-1e3, 1e3),
    offsets=st.lists(st.integers(0, 3 * 365), min_size=2, max_size=12, unique=True),
)
def test_points_on_a_line_project_along_it(intercept, slope, offsets):
    start = date(2008, 4, 1)
    points = [(start + timedelta(days=d), intercept + slope * d / DAYS_PER_YEAR) for d in offsets]
    expected = intercept + slope * (AGREEMENT_END - start).days / DAYS_PER_YEAR
    assert projected_outturn(points, AGREEMENT_END) == pytest.approx(expected, abs=1e-6, rel=1e-6)


@pytest.mark.parametrize(
    ("projected", "target", "polarity", "expected"),
    [
        (58.0, 56.0, HIGHER, True),
        (56.0, 56.0, HIGHER, True),  # reaching the target exactly meets it
        (55.9, 56.0, HIGHER, False),
        (58.0, 56.0, LOWER, False),
        (56.0, 56.0, LOWER, True),
        (50.0, 56.0, LOWER, True),
        (None, 56.0, HIGHER, None),
        (58.0, None, HIGHER, None),
        (58.0, 56.0, None, None),
    ],
)
def test_likely_to_meet(projected, target, polarity, expected):
    assert likely_to_meet(projected, target, polarity) is expected
