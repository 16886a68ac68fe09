"""Reporting periods: constructors, the label parser, neighbours, year fractions (rule D5)."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from localperf.calculations.measures import Accumulation
from localperf.calculations.periods import (
    MAX_YEAR,
    MIN_YEAR,
    Period,
    PeriodError,
    PeriodKind,
    academic_year,
    calendar_year,
    financial_year,
    financial_year_of,
    half_year,
    months_elapsed,
    period_parse,
    previous_comparable,
    previous_period,
    quarter,
    rolling_three_year,
    same_period_last_year,
    survey_round,
    year_fraction_elapsed,
)

quick = settings(database=None, deadline=None)

# From MIN_YEAR + 3 so that every period, rolling ones too, has a predecessor.
years = st.integers(min_value=MIN_YEAR + 3, max_value=MAX_YEAR)
periods = st.one_of(
    st.builds(financial_year, years),
    st.builds(quarter, years, st.integers(1, 4)),
    st.builds(half_year, years, st.integers(1, 2)),
    st.builds(survey_round, years),
    st.builds(rolling_three_year, years),
    st.builds(calendar_year, years),
    st.builds(academic_year, years),
)


@pytest.mark.parametrize(
    ("period", "label", "start", "end"),
    [
        (financial_year(2008), "2008/09", date(2008, 4, 1), date(2009, 3, 31)),
        (financial_year(1999), "1999/00", date(1999, 4, 1), date(2000, 3, 31)),
        (quarter(2008, 1), "2008/09 Q1", date(2008, 4, 1), date(2008, 6, 30)),
        (quarter(2008, 2), "2008/09 Q2", date(2008, 7, 1), date(2008, 9, 30)),
        (quarter(2008, 3), "2008/09 Q3", date(2008, 10, 1), date(2008, 12, 31)),
        (quarter(2008, 4), "2008/09 Q4", date(2009, 1, 1), date(2009, 3, 31)),
        (half_year(2009, 1), "2009/10 H1", date(2009, 4, 1), date(2009, 9, 30)),
        (half_year(2009, 2), "2009/10 H2", date(2009, 10, 1), date(2010, 3, 31)),
        (survey_round(2008), "Place Survey 2008", date(2008, 9, 1), date(2008, 12, 31)),
        (rolling_three_year(2008), "2006/07-2008/09", date(2006, 4, 1), date(2009, 3, 31)),
        (calendar_year(2008), "2008", date(2008, 1, 1), date(2008, 12, 31)),
        (academic_year(2008), "2008/09 academic", date(2008, 9, 1), date(2009, 8, 31)),
    ],
)
def test_constructors_give_the_documented_label_and_dates(period, label, start, end):
    assert (period.label, period.start, period.end) == (label, start, end)
    assert str(period) == label
    assert period_parse(label) == period


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2008-09", financial_year(2008)),
        ("2008/2009", financial_year(2008)),
        ("2008\u201309", financial_year(2008)),
        (" 2008 / 09 ", financial_year(2008)),
        ("q1 2008/09", quarter(2008, 1)),
        ("2008/09   q4", quarter(2008, 4)),
        ("2008-09Q3", quarter(2008, 3)),
        ("H2 2009/10", half_year(2009, 2)),
        ("place survey 2010", survey_round(2010)),
        ("2006/07\u20132008/09", rolling_three_year(2008)),
        ("2006/07 \u2013 2008/09", rolling_three_year(2008)),
        ("2006-07 - 2008-09", rolling_three_year(2008)),
        ("2006/07 to 2008/09", rolling_three_year(2008)),
        ("Academic year 2008/09", academic_year(2008)),
        ("2008/09 academic year", academic_year(2008)),
        ("2010", calendar_year(2010)),
    ],
)
def test_parser_accepts_common_variants(text, expected):
    assert period_parse(text) == expected


@pytest.mark.parametrize(
    ("label", "reason"),
    [
        ("2008/10", "2008 and 10 are not consecutive years"),
        ("2008/2010", "2008 and 2010 are not consecutive years"),
        ("2008/09 Q5", "no quarter 5"),
        ("2008/09 H3", "no half year 3"),
        ("2005/06-2008/09", "three consecutive financial years"),
        ("1850/51", "outside 1900"),
        ("Spring 2009", None),
        ("", None),
        ("Place Survey", None),
        ("2008/09 Q1 Q2", None),
        ("NI 195", None),
    ],
)
def test_parser_error_names_the_label_and_the_accepted_forms(label, reason):
    with pytest.raises(PeriodError) as caught:
        period_parse(label)
    message = str(caught.value)
    assert message.startswith(f"{label!r} is not a reporting period")
    assert "Accepted forms: financial year '2008/09'; quarter '2008/09 Q1'" in message
    assert "survey round 'Place Survey 2008'" in message
    assert caught.value.label == label
    if reason is not None:
        assert reason in message
    assert isinstance(caught.value, ValueError)


def test_parser_rejects_non_text_with_a_period_error():
    with pytest.raises(PeriodError, match="not text"):
        period_parse(2008)  # type: ignore[arg-type]


@quick
@given(periods)
def test_parser_round_trips_every_label(period):
    assert period_parse(period.label) == period
    assert period_parse(period.label.lower()) == period
    assert period_parse(f"  {period.label.upper()} ") == period


@quick
@given(st.text())
def test_parser_raises_only_period_error_on_arbitrary_text(text):
    try:
        result = period_parse(text)
    except PeriodError as error:
        assert repr(text) in str(error)
    else:
        assert isinstance(result, Period)


@quick
@given(st.text(alphabet="0123456789/-\u2013 QqHh", max_size=20))
def test_parser_raises_only_period_error_on_label_like_text(text):
    # Digits, separators and Q/H letters reach deep into the parser's branches.
    try:
        result = period_parse(text)
    except PeriodError:
        pass
    else:
        assert period_parse(result.label) == result


def test_period_cannot_end_before_it_starts():
    with pytest.raises(PeriodError):
        Period(PeriodKind.FINANCIAL_YEAR, date(2009, 4, 1), date(2009, 3, 31), "odd")


@pytest.mark.parametrize(
    ("day", "label"),
    [
        (date(2008, 4, 1), "2008/09"),
        (date(2009, 3, 31), "2008/09"),
        (date(2009, 4, 1), "2009/10"),
        (date(2008, 12, 31), "2008/09"),
    ],
)
def test_financial_year_of(day, label):
    assert financial_year_of(day).label == label


@pytest.mark.parametrize(
    ("label", "previous", "year_earlier"),
    [
        ("2009/10 Q1", "2008/09 Q4", "2008/09 Q1"),
        ("2009/10 Q3", "2009/10 Q2", "2008/09 Q3"),
        ("2009/10 H1", "2008/09 H2", "2008/09 H1"),
        ("2009/10 H2", "2009/10 H1", "2008/09 H2"),
        ("2009/10", "2008/09", "2008/09"),
        ("2007/08-2009/10", "2006/07-2008/09", "2006/07-2008/09"),
        ("2009", "2008", "2008"),
        ("2009/10 academic", "2008/09 academic", "2008/09 academic"),
    ],
)
def test_previous_period_and_same_period_last_year(label, previous, year_earlier):
    period = period_parse(label)
    assert previous_period(period).label == previous
    assert same_period_last_year(period).label == year_earlier


def test_previous_survey_round_is_two_years_back_and_has_no_round_a_year_earlier():
    # rule D7: the Place Survey is biennial
    assert previous_period(survey_round(2010)) == survey_round(2008)
    with pytest.raises(PeriodError, match="biennial"):
        same_period_last_year(survey_round(2010))


def test_previous_comparable_depends_on_accumulation():
    q2 = quarter(2009, 2)
    assert previous_comparable(q2, Accumulation.SNAPSHOT) == quarter(2009, 1)
    # Year-to-date counts restart each April: compare with the same quarter a year back.
    assert previous_comparable(q2, Accumulation.CUMULATIVE) == quarter(2008, 2)


def test_no_previous_period_before_the_first_year():
    with pytest.raises(PeriodError, match="no earlier period"):
        previous_period(financial_year(MIN_YEAR))
    with pytest.raises(PeriodError, match="no earlier period"):
        same_period_last_year(quarter(MIN_YEAR, 3))


@quick
@given(periods)
def test_neighbours_keep_the_kind_and_move_back(period):
    previous = previous_period(period)
    assert previous.kind == period.kind
    if period.kind in {PeriodKind.SURVEY_ROUND, PeriodKind.ROLLING_THREE_YEAR}:
        assert previous.start < period.start
    else:  # back to back: no gap, no overlap
        assert previous.end + timedelta(days=1) == period.start
    if period.kind is not PeriodKind.SURVEY_ROUND:
        year_earlier = same_period_last_year(period)
        assert year_earlier.kind == period.kind
        assert year_earlier.start == period.start.replace(year=period.start.year - 1)
        assert year_earlier.end == period.end.replace(year=period.end.year - 1)


def test_quarters_and_halves_are_exact_fractions_of_the_financial_year():
    year = financial_year(2008)
    quarters = [year_fraction_elapsed(quarter(2008, n), year) for n in (1, 2, 3, 4)]
    halves = [year_fraction_elapsed(half_year(2008, n), year) for n in (1, 2)]
    assert quarters == [0.25, 0.5, 0.75, 1.0]
    assert halves == [0.5, 1.0]


def test_year_fraction_elapsed_clamps_and_handles_other_kinds():
    year = financial_year(2008)
    assert year_fraction_elapsed(quarter(2007, 4), year) == 0.0
    assert year_fraction_elapsed(quarter(2009, 1), year) == 1.0
    assert year_fraction_elapsed(survey_round(2008), year) == 0.75  # ends 31 December
    assert year_fraction_elapsed(quarter(2009, 1), rolling_three_year(2010)) == pytest.approx(
        15 / 36
    )


def test_months_elapsed_counts_part_months_by_days():
    assert months_elapsed(date(2008, 3, 31), date(2008, 4, 15)) == 0.5
    assert months_elapsed(date(2008, 12, 31), date(2010, 3, 31)) == 15.0
