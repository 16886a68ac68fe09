"""% variance and risk rating, the proforma's last two rows (rule M1)."""

import math
from datetime import date

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from localperf.calculations.measures import Polarity
from localperf.calculations.rag import (
    DEFAULT_RAG_RULES,
    PERFORMANCE_RATINGS,
    RagRule,
    Rating,
    rate,
    target_status,
)
from localperf.calculations.variance import percent_variance, round_half_away

quick = settings(database=None, deadline=None)

HIGHER = Polarity.HIGHER_IS_BETTER
LOWER = Polarity.LOWER_IS_BETTER

values = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)
# A profile within a hair of zero makes the variance overflow (None); real profiles are not.
profiles = values.filter(lambda v: abs(v) >= 1e-3)
polarities = st.sampled_from([HIGHER, LOWER])


# --- variance ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actual", "profile", "polarity", "expected"),
    [
        (55, 50, HIGHER, 10.0),
        (55, 50, LOWER, -10.0),  # above profile on a lower-is-better measure: worse
        (45, 50, LOWER, 10.0),
        (47.5, 50, HIGHER, -5.0),
        (47.5, 50, None, -5.0),  # no polarity: raw direction, not judged
        (52.5, 50, None, 5.0),
        (-8, -10, HIGHER, 20.0),  # a negative profile still divides by its size
        (-12, -10, LOWER, 20.0),
        (1, 3, HIGHER, -66.7),  # rounded to one decimal place
        (94.96, 100, HIGHER, -5.0),  # −5.04 shows, and is rated, as −5.0
    ],
)
def test_percent_variance_hand_computed(actual, profile, polarity, expected):
    assert percent_variance(actual, profile, polarity) == expected


def test_unrounded_variance_on_request():
    assert percent_variance(94.96, 100, HIGHER, places=None) == pytest.approx(-5.04)
    assert percent_variance(1, 3, HIGHER, places=2) == -66.67


@pytest.mark.parametrize(
    ("actual", "profile"),
    [(None, 50), (50, None), (None, None), (3, 0), (0, 0), (math.inf, 50), (math.nan, 50)],
)
def test_no_variance_without_a_figure_or_with_a_zero_profile(actual, profile):
    assert percent_variance(actual, profile, HIGHER) is None


def test_rounding_is_half_away_from_zero_and_never_negative_zero():
    assert round_half_away(2.25, 1) == 2.3
    assert round_half_away(-2.25, 1) == -2.3
    assert round_half_away(0.05, 1) == 0.1
    assert math.copysign(1, round_half_away(-0.04, 1)) == 1.0
    assert round_half_away(math.inf, 1) == math.inf


@quick
@given(profile=values, polarity=st.sampled_from([HIGHER, LOWER, None]))
def test_zero_variance_when_actual_equals_profile(profile, polarity):
    assume(profile != 0)
    variance = percent_variance(profile, profile, polarity)
    assert variance == 0.0
    assert math.copysign(1, variance) == 1.0  # shown as 0.0, not −0.0
    assert rate(variance) is Rating.GREEN


@quick
@given(actual=values, profile=profiles, polarity=polarities)
def test_reversing_polarity_reverses_the_verdict(actual, profile, polarity):
    variance = percent_variance(actual, profile, polarity)
    assert percent_variance(actual, profile, polarity.reversed()) == -variance


@quick
@given(actual=values, profile=profiles, polarity=polarities)
def test_mirroring_the_values_reverses_the_verdict(actual, profile, polarity):
    variance = percent_variance(actual, profile, polarity)
    assert percent_variance(-actual, -profile, polarity) == -variance
    # both at once: the same verdict
    assert percent_variance(-actual, -profile, polarity.reversed()) == variance


@quick
@given(actual=values, profile=profiles, polarity=polarities)
def test_positive_variance_always_means_better_than_profile(actual, profile, polarity):
    variance = percent_variance(actual, profile, polarity, places=None)
    better = actual > profile if polarity is HIGHER else actual < profile
    if variance > 0:
        assert better
    if better:
        assert variance > 0


# --- default RAG rules -------------------------------------------------------------


@pytest.mark.parametrize(
    ("variance", "rating"),
    [
        (12.0, Rating.GREEN),
        (0.0, Rating.GREEN),  # on profile
        (-0.1, Rating.AMBER),
        (-5.0, Rating.AMBER),  # the tolerance itself
        (-5.1, Rating.RED),  # just beyond it
        (-5.000001, Rating.RED),
        (-80.0, Rating.RED),
        (None, Rating.NOT_RATED),
        (math.nan, Rating.NOT_RATED),
    ],
)
def test_default_rules_at_the_boundaries(variance, rating):
    assert rate(variance) is rating


def test_first_matching_rule_wins():
    lenient_first = (
        RagRule(-10.0, Rating.AMBER),
        RagRule(0.0, Rating.GREEN),
        RagRule(None, Rating.RED),
    )
    # 5% ahead meets both of the first two rules; the first one listed decides
    assert rate(5.0, lenient_first) is Rating.AMBER
    assert rate(5.0, (lenient_first[1], lenient_first[0], lenient_first[2])) is Rating.GREEN
    assert rate(-20.0, lenient_first) is Rating.RED


def test_custom_stricter_rules():
    strict = (RagRule(2.0, Rating.GREEN), RagRule(0.0, Rating.AMBER), RagRule(None, Rating.RED))
    assert [rate(v, strict) for v in (2.0, 1.9, 0.0, -0.1)] == [
        Rating.GREEN,
        Rating.AMBER,
        Rating.AMBER,
        Rating.RED,
    ]


def test_rules_without_a_catch_all_leave_the_rest_unrated():
    assert rate(-7.0, DEFAULT_RAG_RULES[:2]) is Rating.NOT_RATED


def test_rules_only_rate_performance():
    with pytest.raises(ValueError, match="green, amber or red"):
        RagRule(0.0, Rating.OVERDUE)
    with pytest.raises(ValueError, match="finite"):
        RagRule(math.inf, Rating.GREEN)


def test_every_rating_has_a_distinct_plain_english_label_and_a_tag_colour():
    labels = {rating: rating.label for rating in Rating}
    assert labels == {
        Rating.GREEN: "On track",
        Rating.AMBER: "Slightly behind",
        Rating.RED: "Off track",
        Rating.NOT_YET_DUE: "Not yet due",
        Rating.OVERDUE: "Overdue",
        Rating.MISSING: "Missing",
        Rating.PLACEHOLDER: "Target not yet set",
        Rating.NOT_RATED: "Not rated",
    }
    assert [Rating.GREEN.colour, Rating.AMBER.colour, Rating.RED.colour] == [
        "green",
        "yellow",
        "red",
    ]
    assert Rating.RED.tag_class == "govuk-tag--red"
    # statuses that are not performance never borrow a RAG colour
    for rating in set(Rating) - PERFORMANCE_RATINGS:
        assert rating.colour not in {"green", "yellow", "red"}
        assert not rating.is_performance
    assert all(rating.is_performance for rating in PERFORMANCE_RATINGS)


# --- target status -------------------------------------------------------------------

TODAY = date(2009, 8, 1)


def status(**overrides):
    arguments = {
        "is_placeholder": False,
        "profile": 100.0,
        "actual": 100.0,
        "polarity": HIGHER,
        "today": TODAY,
        "due_date": None,
        "period_end": date(2009, 6, 30),
    }
    arguments.update(overrides)
    return target_status(**arguments)


@pytest.mark.parametrize(
    ("actual", "polarity", "rating"),
    [
        (100.0, HIGHER, Rating.GREEN),
        (104.0, HIGHER, Rating.GREEN),
        (95.0, HIGHER, Rating.AMBER),
        (94.96, HIGHER, Rating.AMBER),  # −5.04 rounds to the −5.0 shown
        (94.9, HIGHER, Rating.RED),
        (105.0, LOWER, Rating.AMBER),
        (105.1, LOWER, Rating.RED),
        (90.0, LOWER, Rating.GREEN),
    ],
)
def test_status_rates_the_variance_when_there_is_something_to_rate(actual, polarity, rating):
    assert status(actual=actual, polarity=polarity) is rating


def test_placeholder_comes_first():
    # rule D2: the target is not yet set, whatever data exist
    assert status(is_placeholder=True) is Rating.PLACEHOLDER
    assert status(is_placeholder=True, actual=None, profile=None) is Rating.PLACEHOLDER


def test_not_yet_due_until_and_including_the_due_date():
    assert status(actual=None, due_date=date(2009, 8, 2)) is Rating.NOT_YET_DUE
    assert status(actual=None, due_date=TODAY) is Rating.NOT_YET_DUE


def test_overdue_the_day_after_the_due_date():
    assert status(actual=None, due_date=date(2009, 7, 31)) is Rating.OVERDUE


def test_missing_when_no_due_date_is_known_and_the_period_is_over():
    assert status(actual=None, due_date=None) is Rating.MISSING
    assert status(actual=None, due_date=None, period_end=None) is Rating.MISSING


def test_not_yet_due_while_the_period_runs_and_no_due_date_is_known():
    assert status(actual=None, due_date=None, period_end=date(2009, 9, 30)) is Rating.NOT_YET_DUE


def test_not_rated_without_a_yardstick():
    assert status(polarity=None) is Rating.NOT_RATED
    assert status(profile=None) is Rating.NOT_RATED
    assert status(profile=0.0) is Rating.NOT_RATED


def test_status_uses_custom_rules():
    strict = (RagRule(2.0, Rating.GREEN), RagRule(None, Rating.RED))
    assert status(actual=101.0, rules=strict) is Rating.RED
