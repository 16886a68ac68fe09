"""The checks on every row: each problem names the line, the column and the reason, and a
mistyped code comes with the nearest valid one."""

import pytest

from localperf.indicators.models import Indicator
from localperf.observations.importing.parse import parse_file
from localperf.observations.importing.reference import dimensions_load
from localperf.observations.importing.results import ERROR, WARNING, Problem
from localperf.observations.importing.validate import observations_check
from localperf.observations.models import IndicatorRules
from localperf.observations.rights import FigureRights
from localperf.places.models import Area
from tests.observations.helpers import csv_of, measure, row

pytestmark = pytest.mark.django_db


def check(*rows: str, rights=None) -> tuple[list[Problem], int]:
    """(every problem, the number of valid rows)."""
    checked = observations_check(parse_file(csv_of(*rows)), dimensions_load(), rights=rights)
    problems = [Problem(*r) for r in checked.problems.iter_rows()]
    return problems, checked.valid().height


def errors(*rows: str, rights=None) -> list[tuple[int, str]]:
    return [(p.line, p.column) for p in check(*rows, rights=rights)[0] if p.severity == ERROR]


def only(*rows: str) -> Problem:
    problems = [p for p in check(*rows)[0] if p.severity == ERROR]
    assert len(problems) == 1, problems
    return problems[0]


def test_a_clean_row_has_no_problem():
    problems, valid = check(row(numerator=151, denominator=200))
    assert problems == [] and valid == 1


def test_an_area_is_accepted_by_gss_or_older_ons_code():
    problems, valid = check(row(area="E06000001"), row(area="00EC"), row(area=" e06000003 "))
    assert problems == [] and valid == 3


def test_measure_codes_are_read_in_any_spacing_and_case():
    problems, valid = check(row(measure="ni157a"), row(measure="NI-157 B"), row(measure="NI 195"))
    assert problems == [] and valid == 3


@pytest.mark.parametrize(
    ("cells", "column", "suggestion"),
    [
        ({"measure": "NI 157x"}, "measure", "NI 157a"),
        # One keystroke from NI 195 and from NI 195a (rule D4): a tie goes to the code of
        # the same length (calculations.nearest).
        ({"measure": "NI 1955"}, "measure", "NI 195a"),
        ({"measure": "NI 1966"}, "measure", "NI 196"),
        ({"area": "E06O00001"}, "area", "E06000001"),
        ({"area": "00E8"}, "area", "00EB"),
        ({"area": "Hartlepool"}, "area", "E06000001"),
        ({"period": "2008/9"}, "period", "2008/09"),
        ({"measure": "NI 1", "period": "Palce Survey 2008"}, "period", "Place Survey 2008"),
        ({"group": "age:16-25"}, "group", "age:16-24"),
        ({"status": "finall"}, "status", "final"),
    ],
)
def test_a_mistyped_code_is_rejected_with_the_nearest_valid_one(cells, column, suggestion):
    problem = only(row(**cells))
    assert (problem.line, problem.column, problem.suggestion) == (2, column, suggestion)


def test_every_problem_in_a_row_is_reported_not_just_the_first():
    found = errors(row(measure="NI 999", area="X", period="soon", value="lots"))
    assert found == [(2, "measure"), (2, "area"), (2, "period"), (2, "value")]


def test_required_cells_cannot_be_blank():
    found = errors(row(measure=" ", area="", period="", value="", note="no figures yet"))
    assert found == [(2, "measure"), (2, "area"), (2, "period"), (2, "value")]


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("45%", "% sign"),
        ("1,234", "thousands"),
        ("abc", "is not a number"),
        ("NaN", "finite"),
        ("inf", "finite"),
        ("1e400", "finite"),
    ],
)
def test_a_value_that_is_not_a_finite_number_is_rejected(value, words):
    problem = only(row(measure="NI 195", value=value))
    assert problem.column == "value" and words in problem.message


def test_a_percentage_lies_between_0_and_100():
    found = errors(
        row(value="100.5"),
        row(value="-1", area="E06000002"),
        row(value="100", area="E06000003"),
        row(value="0", area="E06000004"),
    )
    assert found == [(2, "value"), (3, "value")]
    assert "between 0 and 100" in only(row(value="101")).message


def test_a_numerator_cannot_exceed_the_denominator_of_a_proportion():
    problem = only(row(numerator=201, denominator=200))
    assert problem.column == "numerator" and "larger than the denominator" in problem.message


def test_a_rate_may_have_a_numerator_above_its_denominator():
    # NI 120a is a rate per 100,000: not a proportion.
    assert errors(row(measure="NI 120a", value=700, numerator=70, denominator=10)) == []


def test_confidence_limits_must_surround_the_value():  # rule D7
    survey = {"measure": "NI 1", "period": "Place Survey 2008"}
    assert errors(row(**survey, value=50, ci_lower=45, ci_upper=55)) == []
    assert only(row(**survey, value=60, ci_lower=45, ci_upper=55)).column == "value"
    assert only(row(**survey, value=50, ci_lower=55, ci_upper=45)).column == "ci_lower"
    assert only(row(**survey, value=50, ci_lower=45)).column == "ci_upper"


def test_the_period_kind_must_suit_the_indicator():  # rule D5, rule D7
    problem = only(row(measure="NI 1", period="2008/09"))
    assert problem.column == "period"
    assert "survey round" in problem.message and "rule D5" in problem.message
    assert only(row(measure="NI 195", period="Place Survey 2008")).column == "period"
    assert only(row(measure="NI 195", period="2008/09 Q1")).column == "period"
    assert errors(row(measure="NI 47", period="2006/07-2008/09", value=-3)) == []


def test_an_indicator_rule_can_allow_other_periods_and_area_levels():  # rule D8
    indicator = Indicator.objects.get(code="NI 195")
    assert errors(row(measure="NI 195", period="2008/09 Q2")) == [(2, "period")]
    assert errors(row(measure="NI 195", area="E12000001")) == []  # regions by default
    IndicatorRules.objects.create(
        indicator=indicator, period_kinds=["quarter"], area_types=["county", "unitary"]
    )
    assert errors(row(measure="NI 195", period="2008/09 Q2")) == []
    problem = only(row(measure="NI 195", period="2008/09 Q2", area="E12000001"))
    assert problem.column == "area" and "rule D8" in problem.message


def test_an_area_that_had_ended_cannot_have_figures_for_later_periods():
    ended = "E07000001"  # abolished in the April 2009 restructuring
    assert errors(row(measure="NI 195", area=ended, period="2008/09")) == []
    problem = only(row(measure="NI 195", area=ended, period="2009/10"))
    assert problem.column == "area" and "ended on 2009-03-31" in problem.message


def test_a_figure_before_a_new_area_existed_is_only_a_warning():
    problems, valid = check(row(measure="NI 195", area="E06000052", period="2007/08"))
    assert valid == 1
    assert [(p.column, p.severity) for p in problems] == [("area", WARNING)]


def test_a_deleted_indicator_is_refused_by_name():  # rule D1
    problem = only(row(measure="NI 31"))
    assert "deleted" in problem.message and "rule D1" in problem.message


def test_a_deferred_indicator_before_its_first_year_is_a_warning():  # rule D2
    problems, valid = check(row(measure="NI 199", period="2008/09", value=5))
    assert valid == 1
    assert [(p.column, p.severity) for p in problems] == [("period", WARNING)]


def test_a_measure_that_declares_its_breakdowns_refuses_others():  # rule D4
    nine_five = measure("NI 195")
    nine_five.disaggregations = ["sex"]
    nine_five.save()
    assert errors(row(measure="NI 195", group="sex:female")) == []
    assert errors(row(measure="NI 195", group="age:16-24")) == [(2, "group")]


def test_a_group_code_is_read_in_any_case_and_blank_is_the_whole_population():  # rule D4
    problems, valid = check(row(group="Age: 16-24"), row(group=""), row(group="sex:Female"))
    assert problems == [] and valid == 3


def test_the_same_figure_twice_is_rejected_on_both_lines_naming_the_other():
    problems, valid = check(row(group=""), row(group="all"), row(group="sex:male"))
    assert valid == 1
    assert [(p.line, p.column) for p in problems] == [(2, ""), (3, "")]
    assert "also on line 3" in problems[0].message
    assert "also on line 2" in problems[1].message


def test_sample_size_is_a_whole_number_the_store_can_hold():
    assert errors(row(sample_size="12.0")) == []
    assert errors(row(sample_size="12.5")) == [(2, "sample_size")]
    assert errors(row(sample_size="-1")) == [(2, "sample_size")]
    assert errors(row(sample_size="99999999999")) == [(2, "sample_size")]


def test_a_partner_may_send_only_its_own_measures_in_its_own_areas():
    # rule A9: the rights are (area, measure) pairs, tested against the whole file at once
    hartlepool = Area.objects.get(code="E06000001").pk
    rights = FigureRights(pairs=frozenset({(hartlepool, measure("NI 157a").pk)}), why="test")
    assert errors(row(measure="NI 157a"), rights=rights) == []
    problems = check(row(measure="NI 195"), row(area="E06000002"), rights=rights)[0]
    assert [(p.line, p.column, p.message) for p in problems] == [
        (2, "area", "You may not write figures for NI 195 in Hartlepool (E06000001): test."),
        (3, "area", "You may not write figures for NI 157a in Middlesbrough (E06000002): test."),
    ]


def test_a_long_note_is_rejected():
    assert errors(row(note="x" * 2001)) == [(2, "note")]


def test_a_note_with_a_control_character_is_rejected():
    assert errors(row(note="tab\tand newline are fine")) == []
    assert errors(row(note="unit separator \x1f")) == [(2, "note")]
