"""One cell of the six-monthly report: profile, actual, % variance, rating (rule M1)."""

from datetime import date

import pytest

from localperf.calculations.measures import Accumulation, Polarity
from localperf.calculations.periods import period_parse
from localperf.calculations.profile import Trajectory
from localperf.calculations.proforma import assess
from localperf.calculations.rag import RagRule, Rating

SATISFACTION = Trajectory.of(baseline=50, targets={"2008/09": 54, "2009/10": 58})
HOMES = Trajectory.of(targets={"2008/09": 400, "2009/10": 480})


def cell(trajectory, label, actual, *, accumulation=Accumulation.SNAPSHOT, **options):
    options.setdefault("polarity", Polarity.HIGHER_IS_BETTER)
    options.setdefault("today", date(2009, 12, 1))
    return assess(
        trajectory=trajectory,
        period=period_parse(label),
        accumulation=accumulation,
        actual=actual,
        **options,
    )


def test_snapshot_half_year_behind_profile():
    result = cell(SATISFACTION, "2008/09 H1", 50.0)
    # profile 52; (50 − 52) / 52 = −3.85% → −3.8, within the 5% tolerance
    assert (result.profile, result.actual, result.variance) == (52.0, 50.0, -3.8)
    assert result.rating is Rating.AMBER
    assert result.period.label == "2008/09 H1"


def test_cumulative_quarter_ahead_of_profile():
    result = cell(HOMES, "2009/10 Q2", 250.0, accumulation=Accumulation.CUMULATIVE)
    # profile 480 × 0.5 = 240; 250 is 4.2% ahead
    assert (result.profile, result.variance, result.rating) == (240.0, 4.2, Rating.GREEN)


def test_lower_is_better_off_track():
    falling = Trajectory.of(baseline=200, targets={"2008/09": 180})
    result = cell(falling, "2008/09 Q2", 205.0, polarity=Polarity.LOWER_IS_BETTER)
    # profile 190; 205 is 7.9% worse
    assert (result.profile, result.variance, result.rating) == (190.0, -7.9, Rating.RED)


def test_placeholder_year_in_the_trajectory():
    # rule D2
    deferred = Trajectory.of(targets={"2008/09": None, "2009/10": 40})
    result = cell(deferred, "2008/09", 33.0)
    assert (result.profile, result.variance, result.rating) == (None, None, Rating.PLACEHOLDER)


def test_placeholder_by_the_callers_word():
    assert cell(SATISFACTION, "2009/10", 60.0, is_placeholder=True).rating is Rating.PLACEHOLDER


@pytest.mark.parametrize(
    ("due_date", "rating"),
    [
        (date(2010, 6, 30), Rating.NOT_YET_DUE),
        (date(2009, 11, 30), Rating.OVERDUE),
        (None, Rating.MISSING),  # 2008/09 ended long before 1 December 2009
    ],
)
def test_no_actual(due_date, rating):
    result = cell(SATISFACTION, "2008/09", None, due_date=due_date)
    assert result.profile == 54.0
    assert result.variance is None
    assert result.rating is rating


def test_running_period_without_a_due_date_is_not_yet_due():
    assert cell(SATISFACTION, "2009/10 Q4", None).rating is Rating.NOT_YET_DUE


def test_no_polarity_shows_the_raw_variance_but_does_not_rate():
    result = cell(SATISFACTION, "2008/09", 51.3, polarity=None)
    assert result.variance == -5.0
    assert result.rating is Rating.NOT_RATED


def test_custom_rules_reach_the_rating():
    strict = (RagRule(0.0, Rating.GREEN), RagRule(None, Rating.RED))
    assert cell(SATISFACTION, "2008/09 H1", 51.9, rules=strict).rating is Rating.RED
