"""Direction of travel and confidence intervals (rules M3, M5, D6, D7, A10)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from localperf.calculations.direction import Direction, direction_of_travel
from localperf.calculations.estimates import Estimate, clears_baseline_interval
from localperf.calculations.measures import Polarity

quick = settings(database=None, deadline=None)

HIGHER = Polarity.HIGHER_IS_BETTER
LOWER = Polarity.LOWER_IS_BETTER

IMPROVING = Direction.IMPROVING
WORSENING = Direction.WORSENING
STEADY = Direction.NO_SIGNIFICANT_CHANGE
NOT_COMPARABLE = Direction.NOT_COMPARABLE


@pytest.mark.parametrize(
    ("current", "previous", "polarity", "expected"),
    [
        # rule M5, D7: survey figures move only when their intervals part
        (Estimate(56, 54, 58), Estimate(50, 47, 53), HIGHER, IMPROVING),
        (Estimate(56, 54, 58), Estimate(50, 47, 53), LOWER, WORSENING),
        (Estimate(44, 42, 46), Estimate(50, 47, 53), HIGHER, WORSENING),
        (Estimate(55, 52, 58), Estimate(50, 47, 53), HIGHER, STEADY),  # 52–53 shared
        (Estimate(56, 53, 59), Estimate(50, 47, 53), HIGHER, STEADY),  # touching at 53
        (Estimate(50, 47, 53), Estimate(50, 47, 53), LOWER, STEADY),
        # a survey figure against a point value: the point must lie outside the interval
        (Estimate(52, 49, 55), Estimate(50), HIGHER, STEADY),
        (Estimate(52, 51, 53), Estimate(50), HIGHER, IMPROVING),
        # administrative figures: any real change counts
        (Estimate(50.1), Estimate(50), HIGHER, IMPROVING),
        (Estimate(48), Estimate(50), LOWER, IMPROVING),
        (Estimate(52), Estimate(50), LOWER, WORSENING),
        (Estimate(50), Estimate(50), HIGHER, STEADY),
        (Estimate(0.1 + 0.2), Estimate(0.3), HIGHER, STEADY),  # floating-point noise
    ],
)
def test_direction_of_travel_hand_worked(current, previous, polarity, expected):
    assert direction_of_travel(current, previous, polarity) is expected


def test_definition_change_breaks_comparison():
    # rule D6
    assert (
        direction_of_travel(Estimate(70), Estimate(50), HIGHER, definition_changed=True)
        is NOT_COMPARABLE
    )


@pytest.mark.parametrize(
    ("current", "previous", "polarity"),
    [
        (None, Estimate(50), HIGHER),
        (Estimate(50), None, HIGHER),
        (Estimate(60), Estimate(50), None),
    ],
)
def test_not_comparable_without_both_figures_or_a_polarity(current, previous, polarity):
    assert direction_of_travel(current, previous, polarity) is NOT_COMPARABLE


def test_labels():
    assert [d.label for d in Direction] == [
        "Improving",
        "Worsening",
        "No significant change",
        "Not comparable",
    ]


def test_estimate_checks_its_interval():
    with pytest.raises(ValueError, match="outside its interval"):
        Estimate(60, 47, 53)
    with pytest.raises(ValueError, match="both limits"):
        Estimate(50, 47, None)
    assert Estimate(50).bounds == (50, 50)
    assert not Estimate(50).has_interval


@pytest.mark.parametrize(
    ("target", "polarity", "expected"),
    [
        (56, HIGHER, True),
        (53, HIGHER, False),  # at the upper limit is not beyond it
        (52, HIGHER, False),
        (46, LOWER, True),
        (47, LOWER, False),
    ],
)
def test_survey_target_should_clear_the_baseline_interval(target, polarity, expected):
    # rule A10
    assert clears_baseline_interval(target, Estimate(50, 47, 53), polarity) is expected


def test_baseline_interval_check_needs_an_interval_and_a_polarity():
    assert clears_baseline_interval(56, Estimate(50), HIGHER) is None
    assert clears_baseline_interval(56, Estimate(50, 47, 53), None) is None


# --- properties ------------------------------------------------------------------

finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)
widths = st.floats(min_value=0, max_value=1e4, allow_nan=False)
polarities = st.sampled_from([HIGHER, LOWER])


@st.composite
def estimates(draw):
    """An estimate, with an interval or without."""
    value = draw(finite)
    if draw(st.booleans()):
        return Estimate(value, value - draw(widths), value + draw(widths))
    return Estimate(value)


@st.composite
def overlapping_pairs(draw):
    """Two survey estimates whose intervals share the point ``common``."""
    common = draw(finite)
    pair = []
    for _ in range(2):
        lower = common - draw(widths)
        upper = common + draw(widths)
        value = draw(st.floats(min_value=lower, max_value=upper, allow_nan=False))
        pair.append(Estimate(value, lower, upper))
    return pair


def mirrored(estimate: Estimate) -> Estimate:
    if not estimate.has_interval:
        return Estimate(-estimate.value)
    return Estimate(-estimate.value, -estimate.upper, -estimate.lower)


@quick
@given(overlapping_pairs(), polarities)
def test_overlapping_intervals_give_no_significant_change(pair, polarity):
    # rules M5, D7
    current, previous = pair
    assert direction_of_travel(current, previous, polarity) is STEADY


@quick
@given(estimates(), estimates(), polarities)
def test_reversing_polarity_reverses_the_verdict(current, previous, polarity):
    verdict = direction_of_travel(current, previous, polarity)
    assert direction_of_travel(current, previous, polarity.reversed()) is verdict.reversed()


@quick
@given(estimates(), estimates(), polarities)
def test_mirroring_the_values_reverses_the_verdict(current, previous, polarity):
    verdict = direction_of_travel(current, previous, polarity)
    assert direction_of_travel(mirrored(current), mirrored(previous), polarity) is (
        verdict.reversed()
    )
    # both at once: the same verdict
    assert (
        direction_of_travel(mirrored(current), mirrored(previous), polarity.reversed()) is verdict
    )


@quick
@given(estimates(), estimates(), polarities)
def test_swapping_the_two_figures_reverses_the_verdict(current, previous, polarity):
    verdict = direction_of_travel(current, previous, polarity)
    assert direction_of_travel(previous, current, polarity) is verdict.reversed()


@quick
@given(estimates(), estimates(), polarities)
def test_a_definition_change_always_breaks_comparison(current, previous, polarity):
    # rule D6
    assert (
        direction_of_travel(current, previous, polarity, definition_changed=True) is NOT_COMPARABLE
    )


@quick
@given(estimates(), polarities)
def test_a_figure_compared_with_itself_has_not_moved(estimate, polarity):
    assert direction_of_travel(estimate, estimate, polarity) is STEADY
