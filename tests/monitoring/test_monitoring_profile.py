"""Profiles from trajectories, with hand-computed figures (rules A5, M1, D2)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from localperf.calculations.measures import Accumulation
from localperf.calculations.periods import period_parse
from localperf.calculations.profile import Trajectory, profile_for

quick = settings(database=None, deadline=None)

SNAPSHOT = Accumulation.SNAPSHOT
CUMULATIVE = Accumulation.CUMULATIVE

# rule A5: a baseline and a target for each year of the agreement
SATISFACTION = Trajectory.of(
    baseline=50, targets={"2008/09": 54, "2009/10": 58, "2010/11": 60}
)  # baseline year not given: the year before 2008/09


def profile(trajectory, label, accumulation=SNAPSHOT):
    return profile_for(trajectory, period_parse(label), accumulation)


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        # year 1 runs from the baseline, 50, to 54
        ("2008/09 Q1", 51.0),
        ("2008/09 Q2", 52.0),
        ("2008/09 Q3", 53.0),
        ("2008/09 Q4", 54.0),
        ("2008/09 H1", 52.0),
        ("2008/09 H2", 54.0),
        # later years run from the previous year's target
        ("2009/10 Q1", 55.0),
        ("2009/10 Q3", 57.0),
        ("2010/11 Q1", 58.5),
        ("2010/11 H1", 59.0),
        ("2010/11 Q3", 59.5),
        ("2010/11 Q4", 60.0),
    ],
)
def test_snapshot_profile_interpolates_in_time(label, expected):
    assert profile(SATISFACTION, label) == pytest.approx(expected)


def test_snapshot_profile_of_a_falling_target():
    # lower is better: 200 at baseline, 180 by March 2009
    falling = Trajectory.of(baseline=200, targets={"2008/09": 180, "2009/10": 170})
    assert profile(falling, "2008/09 Q1") == pytest.approx(195.0)
    assert profile(falling, "2008/09 Q3") == pytest.approx(185.0)
    assert profile(falling, "2009/10 H1") == pytest.approx(175.0)


HOMES = Trajectory.of(targets={"2008/09": 400, "2009/10": 480})


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("2008/09 Q1", 100.0),
        ("2008/09 Q2", 200.0),
        ("2008/09 Q3", 300.0),
        ("2008/09 Q4", 400.0),
        ("2008/09 H1", 200.0),
        ("2009/10 Q1", 120.0),
        ("2009/10 H1", 240.0),
        ("2009/10 H2", 480.0),
        ("2009/10", 480.0),
    ],
)
def test_cumulative_profile_is_the_year_to_date_share_of_the_annual_target(label, expected):
    assert profile(HOMES, label, CUMULATIVE) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("2008/09", 54.0),
        ("Place Survey 2008", 54.0),  # autumn 2008 lies in 2008/09
        ("2006/07-2008/09", 54.0),
        ("2008", 54.0),  # calendar 2008 ends in 2008/09
        # rules A3, D3: an academic year meets the agreement year of its own name (the
        # results of summer 2009 meet the 2008/09 target), not the year it ends in.
        ("2008/09 academic", 54.0),
        ("2010/11", 60.0),
    ],
)
def test_whole_year_figures_take_the_target_of_the_year_containing_their_end(label, expected):
    for accumulation in Accumulation:
        assert profile(SATISFACTION, label, accumulation) == expected


def test_place_survey_baseline_starts_the_line_at_the_end_of_the_survey():
    # rule D7: the autumn 2008 survey is the baseline for 2009/10 and 2010/11
    survey = Trajectory.of(
        baseline=26,
        baseline_period="Place Survey 2008",
        targets={"2009/10": 30, "2010/11": 34},
    )
    # 31 Dec 2008 → 31 Mar 2010 is fifteen months; 30 Jun 2009 is six of them
    assert profile(survey, "2009/10 Q1") == pytest.approx(26 + 4 * 6 / 15)
    assert profile(survey, "2009/10 Q3") == pytest.approx(26 + 4 * 12 / 15)
    assert profile(survey, "2010/11 H1") == pytest.approx(32.0)
    assert profile(survey, "Place Survey 2010") == 34.0  # the final figure (FAQ 30)
    assert profile(survey, "2008/09 Q4") is None  # before the first target year


def test_older_baseline_spreads_the_first_step_over_the_longer_gap():
    old = Trajectory.of(baseline=40, baseline_period="2006/07", targets={"2008/09": 48})
    # 31 Mar 2007 → 30 Sep 2008 is 18 of the 24 months to 31 Mar 2009
    assert profile(old, "2008/09 H1") == pytest.approx(46.0)


def test_placeholder_target_has_no_profile():
    # rule D2: a deferred indicator holds a placeholder in year one
    deferred = Trajectory.of(targets={"2008/09": None, "2009/10": 40, "2010/11": 44})
    assert profile(deferred, "2008/09 Q2") is None
    assert profile(deferred, "2008/09") is None
    assert profile(deferred, "2008/09 H1", CUMULATIVE) is None
    # with no known level at 31 March 2009, a snapshot line cannot be drawn …
    assert profile(deferred, "2009/10 Q1") is None
    # … but a cumulative share and the annual figure can
    assert profile(deferred, "2009/10 Q1", CUMULATIVE) == pytest.approx(10.0)
    assert profile(deferred, "2009/10") == 40.0
    assert profile(deferred, "2010/11 Q2") == pytest.approx(42.0)


def test_deferred_indicator_with_first_outturn_as_baseline():
    # rule A5: the baseline is confirmed at the annual review from the 2008/09 outturn
    deferred = Trajectory.of(
        baseline=36,
        baseline_period="2008/09",
        targets={"2008/09": None, "2009/10": 40},
    )
    assert profile(deferred, "2008/09 Q4") is None
    assert profile(deferred, "2009/10 Q1") == pytest.approx(37.0)


def test_unknown_baseline_leaves_year_one_snapshot_unprofiled():
    unknown = Trajectory.of(baseline=None, targets={"2008/09": 54, "2009/10": 58})
    assert profile(unknown, "2008/09 Q2") is None
    assert profile(unknown, "2008/09 Q2", CUMULATIVE) == pytest.approx(27.0)
    assert profile(unknown, "2009/10 Q2") == pytest.approx(56.0)


@pytest.mark.parametrize("label", ["2007/08 Q4", "2011/12 Q1", "2011/12", "Place Survey 2012"])
def test_periods_outside_the_trajectory_have_no_profile(label):
    assert profile(SATISFACTION, label) is None


def test_trajectory_rejects_targets_not_per_financial_year_or_repeated():
    with pytest.raises(ValueError, match="per financial year"):
        Trajectory.of(targets={"2008/09 Q1": 10})
    with pytest.raises(ValueError, match="each year once"):
        Trajectory.of(targets={"2008/09": 10, "2008-09": 11})
    years = SATISFACTION.targets
    with pytest.raises(ValueError, match="order"):
        Trajectory(baseline=50, baseline_period=None, targets=(years[1], years[0]))


def test_trajectory_accessors():
    assert SATISFACTION.final_year == period_parse("2010/11")
    assert SATISFACTION.final_target == 60
    assert SATISFACTION.target_for(period_parse("2009/10")) == 58
    assert SATISFACTION.baseline_date() == period_parse("2007/08").end
    assert not SATISFACTION.is_placeholder_for(period_parse("2008/09"))
    assert not SATISFACTION.is_placeholder_for(period_parse("2011/12"))
    empty = Trajectory.of(targets={})
    assert empty.final_year is None and empty.final_target is None
    assert empty.baseline_date() is None


values = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)


@quick
@given(baseline=values, first=values, second=values)
def test_snapshot_quarters_step_evenly_from_start_to_target(baseline, first, second):
    trajectory = Trajectory.of(baseline=baseline, targets={"2008/09": first, "2009/10": second})
    for start, target, year in ((baseline, first, "2008/09"), (first, second, "2009/10")):
        quarters = [profile(trajectory, f"{year} Q{n}") for n in (1, 2, 3, 4)]
        expected = [start + (target - start) * n / 4 for n in (1, 2, 3, 4)]
        assert quarters == pytest.approx(expected, rel=1e-9, abs=1e-6)


@quick
@given(target=values)
def test_cumulative_halves_and_quarters_agree(target):
    trajectory = Trajectory.of(targets={"2009/10": target})
    q1 = profile(trajectory, "2009/10 Q1", CUMULATIVE)
    assert profile(trajectory, "2009/10 H1", CUMULATIVE) == pytest.approx(2 * q1)
    assert profile(trajectory, "2009/10 Q3", CUMULATIVE) == pytest.approx(3 * q1)
    assert profile(trajectory, "2009/10 H2", CUMULATIVE) == target
