"""The national picture's statistics: quartiles, ranks, bands and the England comparison
(rules N1, M7). Quartiles are checked against DuckDB's ``quantile_cont``, an
independent implementation of the same stated method."""

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from localperf.calculations.estimates import Estimate
from localperf.calculations.measures import Polarity
from localperf.calculations.national import (
    Comparison,
    compared_with,
    distribution_of,
    quantile,
    quartile_band,
    ranks,
)

quick = settings(database=None, deadline=None, max_examples=60)
finite = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)
polarities = st.sampled_from(list(Polarity))


def test_hand_computed_quartiles_of_ten_areas():
    # rule N1: positions 0.25 × 9 = 2.25, 4.5 and 6.75 in the sorted list
    values = [31, 12, 45, 27, 50, 18, 39, 22, 41, 35]  # sorted: 12 18 22 27 31 35 39 41 45 50
    d = distribution_of(values)
    assert (d.count, d.minimum, d.maximum) == (10, 12.0, 50.0)
    assert d.lower_quartile == pytest.approx(22 + 0.25 * (27 - 22))
    assert d.median == pytest.approx(33.0)
    assert d.upper_quartile == pytest.approx(39 + 0.75 * (41 - 39))


def test_no_values_have_no_distribution():
    assert distribution_of([]) is None
    with pytest.raises(ValueError, match="no values"):
        quantile([], 0.5)
    with pytest.raises(ValueError, match="between 0 and 1"):
        quantile([1.0], 1.5)


@quick
@given(st.lists(finite, min_size=1, max_size=40))
def test_quartiles_match_duckdb_quantile_cont(values):
    # rule N1: the stated method is DuckDB's continuous quantile
    d = distribution_of(values)
    expected = duckdb.execute(
        "select quantile_cont(v, [0.25, 0.5, 0.75]) from unnest(?::double[]) t(v)", [values]
    ).fetchone()[0]
    assert [d.lower_quartile, d.median, d.upper_quartile] == pytest.approx(
        expected, rel=1e-9, abs=1e-6
    )
    assert d.minimum <= d.lower_quartile <= d.median <= d.upper_quartile <= d.maximum


def test_ties_share_the_best_rank_and_the_next_rank_skips():
    # rule N1
    result = ranks(
        {"Kent": 61.0, "Camden": 58.0, "Manchester": 58.0, "Hull": 40.0}, Polarity.HIGHER_IS_BETTER
    )
    assert result == {"Kent": 1, "Camden": 2, "Manchester": 2, "Hull": 4}


@quick
@given(
    st.dictionaries(st.text(min_size=1, max_size=4), st.integers(-50, 50), min_size=1), polarities
)
def test_a_rank_is_one_more_than_the_number_of_strictly_better_areas(values, polarity):
    result = ranks(values, polarity)
    for key, value in values.items():
        better = sum(1 for other in values.values() if (other - value) * polarity.sign > 0)
        assert result[key] == better + 1


@quick
@given(st.dictionaries(st.integers(), st.integers(-50, 50), min_size=1), polarities)
def test_reversing_polarity_and_mirroring_values_keeps_every_rank(values, polarity):
    mirrored = {key: -value for key, value in values.items()}
    assert ranks(mirrored, polarity.reversed()) == ranks(values, polarity)


@quick
@given(st.lists(st.integers(-1000, 1000), min_size=1, max_size=30), polarities)
def test_a_better_value_is_never_in_a_worse_band(values, polarity):
    d = distribution_of(values)
    best_first = sorted(values, key=lambda v: -v * polarity.sign)
    bands = [quartile_band(v, d, polarity) for v in best_first]
    assert bands == sorted(bands)
    assert set(bands) <= {1, 2, 3, 4}
    assert quartile_band(best_first[0], d, polarity) == 1


def test_england_comparison_respects_confidence_intervals():
    # rules M7, D7: overlapping intervals are not a significant difference
    england = Estimate(52.0, 51.0, 53.0)
    up = Polarity.HIGHER_IS_BETTER
    assert compared_with(Estimate(56.0, 53.5, 58.5), england, up) is Comparison.SIGNIFICANTLY_BETTER
    assert compared_with(Estimate(56.0, 52.5, 59.5), england, up) is Comparison.SIMILAR
    assert compared_with(Estimate(45.0, 42.0, 48.0), england, up) is Comparison.SIGNIFICANTLY_WORSE
    # Without a polarity: plainly higher or lower (issue 15), never better or worse.
    assert compared_with(Estimate(45.0), england, None) is Comparison.SIGNIFICANTLY_LOWER
    assert compared_with(Estimate(52.5), england, None) is Comparison.SIMILAR
    assert compared_with(None, england, up) is Comparison.NOT_COMPARABLE


@quick
@given(finite, finite, st.floats(0, 100), st.floats(0, 100), polarities)
def test_mirroring_the_comparison_reverses_the_verdict(
    local, england, half_width, england_half, polarity
):
    a = Estimate(local, local - half_width, local + half_width)
    b = Estimate(england, england - england_half, england + england_half)
    verdict = compared_with(a, b, polarity)
    flipped = compared_with(
        Estimate(-local, -local - half_width, -local + half_width),
        Estimate(-england, -england - england_half, -england + england_half),
        polarity.reversed(),
    )
    assert verdict is flipped
