"""Rates for combined areas and intervals for proportions (rules A6, N1, D7, M5)."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from localperf.calculations.direction import Direction, direction_of_travel
from localperf.calculations.measures import Polarity
from localperf.calculations.rates import (
    combined_rate,
    proportion_estimate,
    wilson_interval,
)

quick = settings(database=None, deadline=None)

parts = st.lists(st.tuples(st.integers(0, 10**6), st.integers(1, 10**7)), min_size=1, max_size=30)


@quick
@given(parts)
def test_national_rate_is_the_sum_of_numerators_over_the_sum_of_denominators(parts):
    # rules A6, N1
    numerators = sum(n for n, _ in parts)
    denominators = sum(d for _, d in parts)
    assert combined_rate(parts) == pytest.approx(numerators / denominators * 100)
    assert combined_rate(parts, per=1000) == pytest.approx(numerators / denominators * 1000)


@quick
@given(parts)
def test_combined_rate_lies_between_the_parts(parts):
    rates = [n / d * 100 for n, d in parts]
    combined = combined_rate(parts)
    assert min(rates) - 1e-9 <= combined <= max(rates) + 1e-9


def test_combined_rate_is_not_the_mean_of_rates_when_denominators_differ():
    # 30 of 100 (30%) and 10 of 900 (1.1%): 40 of 1000 is 4%, not 15.6%
    parts = [(30, 100), (10, 900)]
    mean_of_rates = (30 / 100 * 100 + 10 / 900 * 100) / 2
    assert combined_rate(parts) == pytest.approx(4.0)
    assert mean_of_rates == pytest.approx(15.5556, abs=1e-4)
    assert combined_rate(parts) != pytest.approx(mean_of_rates)


def test_combined_rate_of_equal_denominators_is_the_mean():
    assert combined_rate([(30, 100), (10, 100)]) == pytest.approx(20.0)


def test_no_rate_without_a_denominator():
    assert combined_rate([]) is None
    assert combined_rate([(0, 0), (0, 0)]) is None
    with pytest.raises(ValueError, match="negative"):
        combined_rate([(5, -10)])


def test_wilson_interval_hand_computed():
    # p = 0.5, n = 100, z = 1.96: centre 0.5, half width
    # 1.96 / 1.038416 × √(0.0025 + 0.038416 / 400) = 0.096170
    low, high = wilson_interval(50, 100)
    assert low == pytest.approx(40.383, abs=1e-3)
    assert high == pytest.approx(59.617, abs=1e-3)


def test_wilson_interval_at_the_edges_stays_within_0_and_100():
    low, high = wilson_interval(0, 20)
    assert low == 0.0
    # z² / (n + z²) = 3.8416 / 23.8416
    assert high == pytest.approx(3.8416 / 23.8416 * 100)
    low, high = wilson_interval(20, 20)
    assert high == 100.0
    assert low == pytest.approx(20 / 23.8416 * 100)


@pytest.mark.parametrize(("numerator", "denominator"), [(1, 0), (-1, 10), (11, 10)])
def test_wilson_interval_rejects_impossible_proportions(numerator, denominator):
    with pytest.raises(ValueError):
        wilson_interval(numerator, denominator)


@quick
@given(st.integers(1, 10**6).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_wilson_interval_contains_the_proportion(pair):
    numerator, denominator = pair
    low, high = wilson_interval(numerator, denominator)
    estimate = proportion_estimate(numerator, denominator)
    assert 0.0 <= low <= estimate.value <= high <= 100.0
    assert (estimate.lower, estimate.upper) == pytest.approx((low, high))


def test_larger_samples_give_narrower_intervals():
    small = wilson_interval(30, 100)
    large = wilson_interval(300, 1000)
    assert large[1] - large[0] < small[1] - small[0]
    assert math.isclose(sum(large) / 2, 30, abs_tol=0.2)


def test_survey_change_within_the_interval_is_no_significant_change():
    # rule M5: 52% and 50% of 1,100 residents: intervals about ±3 points overlap
    before = proportion_estimate(550, 1100)
    after = proportion_estimate(572, 1100)
    higher = Polarity.HIGHER_IS_BETTER
    assert direction_of_travel(after, before, higher) is Direction.NO_SIGNIFICANT_CHANGE
    # 60% against 50% lies well beyond them
    assert direction_of_travel(proportion_estimate(660, 1100), before, higher) is (
        Direction.IMPROVING
    )
