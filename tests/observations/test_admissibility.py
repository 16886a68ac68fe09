"""Which periods, area levels and values an indicator admits (rule D5, D7, D8)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from localperf.calculations.nearest import edit_distance, nearest
from localperf.observations.admissibility import (
    DEFAULT_AREA_TYPES,
    admitted,
    default_period_kinds,
    unit_range,
)
from localperf.observations.importing.progress import progress_bar
from localperf.observations.models import PeriodKindChoice

quick = settings(database=None, deadline=None)
frequencies = st.sampled_from(
    ["annual", "quarterly", "half_yearly", "biennial_survey", "rolling_three_year", "other"]
)


@quick
@given(frequencies, st.sampled_from(["", "Place Survey", "Tellus"]), st.text(max_size=20))
def test_every_indicator_admits_at_least_one_known_period_kind(frequency, survey, department):
    kinds = default_period_kinds(frequency, survey, department)
    assert kinds and kinds <= set(PeriodKindChoice.values)


def test_place_survey_indicators_take_survey_rounds_only():  # rule D7
    assert default_period_kinds("annual", "Place Survey", "CLG") == {"survey_round"}


def test_quarterly_indicators_take_quarters_and_years():  # rule D5
    assert default_period_kinds("quarterly", "", "Home Office") == {"quarter", "financial_year"}


def test_an_override_replaces_the_default_levels():  # rule D8
    assert admitted(["police_force_area"], DEFAULT_AREA_TYPES) == {"police_force_area"}
    assert "police_force_area" not in DEFAULT_AREA_TYPES
    assert admitted(None, DEFAULT_AREA_TYPES) == DEFAULT_AREA_TYPES


@quick
@given(st.text(max_size=60))
def test_a_unit_range_is_never_empty(unit):
    bounds = unit_range(unit)
    if bounds.lowest is not None and bounds.highest is not None:
        assert bounds.lowest <= bounds.highest
    assert bounds.describe()
    if bounds.proportion:
        assert (bounds.lowest, bounds.highest) == (0.0, 100.0)


@quick
@given(st.text(max_size=12), st.text(max_size=12))
def test_edit_distance_is_symmetric_and_zero_only_for_equal_texts(a, b):
    limit = 30
    assert edit_distance(a, b, limit) == edit_distance(b, a, limit)
    assert (edit_distance(a, b, limit) == 0) == (a == b)


@quick
@given(st.lists(st.text(min_size=1, max_size=8), min_size=1, max_size=10))
def test_a_valid_code_is_its_own_nearest(codes):
    for code in codes:
        assert nearest(code, codes) == code


@quick
@given(st.integers(0, 100))
def test_the_progress_bar_is_always_the_same_width(percent):
    assert len(progress_bar(percent, "")) == len(progress_bar(0, ""))
