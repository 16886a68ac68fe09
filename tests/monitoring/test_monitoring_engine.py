"""The vectorised engine gives, row by row, what the pure calculations give (rules M1,
M3, M5, D7, A5, D2): generated targets, versions, trajectories and figures, compared
with ``profile_for``, ``percent_variance``, ``target_status``, ``direction_of_travel``,
``projected_outturn`` and ``likely_to_meet``. No database."""

from __future__ import annotations

import math
from datetime import date

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from localperf.calculations import (
    Accumulation,
    Estimate,
    Polarity,
    Trajectory,
    direction_of_travel,
    financial_year_of,
    likely_to_meet,
    percent_variance,
    period_parse,
    previous_comparable,
    profile_for,
    projected_outturn,
    target_status,
    trend_points,
)
from localperf.calculations.periods import PeriodError, PeriodKind
from localperf.calculations.rag import Rating
from localperf.calculations.schedule import due_date
from localperf.calculations.year_to_date import with_annual_figures
from localperf.monitoring import engine
from localperf.monitoring.inputs import periods_frame

checks = settings(
    database=None,
    deadline=None,
    max_examples=150,
    suppress_health_check=[HealthCheck.too_slow],
)

YEARS = ("2008/09", "2009/10", "2010/11")
AGREEMENT_START, AGREEMENT_END = date(2008, 4, 1), date(2011, 3, 31)
LABELS = (
    "2007/08",
    "2008/09 Q1",
    "2008/09 Q2",
    "2008/09 H1",
    "2008/09 Q3",
    "2008/09 Q4",
    "2008/09",
    "Place Survey 2008",
    "2009/10 Q1",
    "2009/10 H1",
    "2009/10 H2",
    "2009/10",
    "2010/11 Q2",
    "2010/11",
    "Place Survey 2010",
)
PERIODS = {label: (i + 1, period_parse(label)) for i, label in enumerate(LABELS)}
ID_OF = {label: pk for label, (pk, _) in PERIODS.items()}

# Quarters of a value make exact ties in the variance; other floats make the rest.
values = st.one_of(
    st.integers(-4000, 4000).map(lambda n: n / 4),
    st.floats(-1e5, 1e5, allow_nan=False, allow_infinity=False),
)
maybe = st.one_of(st.none(), values)


@st.composite
def trajectories(draw):
    baseline_period = draw(st.sampled_from([None, "2007/08", "2006", "Place Survey 2008"]))
    return Trajectory.of(
        baseline=draw(maybe),
        baseline_period=baseline_period,
        targets={year: draw(maybe) for year in YEARS},
    )


@st.composite
def cases(draw):
    versions = [(date(2008, 4, 1), draw(trajectories()), draw(st.booleans()))]
    if draw(st.booleans()):
        versions.append(
            (draw(st.dates(date(2008, 5, 1), date(2010, 12, 31))), draw(trajectories()), False)
        )
    figures = {}
    for label in draw(st.lists(st.sampled_from(LABELS), unique=True, max_size=10)):
        value = draw(values)
        if draw(st.booleans()):
            half = abs(draw(st.floats(0, 50, allow_nan=False)))
            figures[label] = (value, value - half, value + half)
        else:
            figures[label] = (value, None, None)
    scheduled = draw(st.lists(st.sampled_from(LABELS[1:]), unique=True, min_size=1, max_size=6))
    return {
        "polarity": draw(
            st.sampled_from([None, Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER])
        ),
        "accumulation": draw(st.sampled_from(list(Accumulation))),
        "versions": versions,
        "figures": figures,
        "scheduled": scheduled,
        "today": draw(st.dates(date(2008, 4, 1), date(2012, 1, 1))),
    }


def frames(case):
    targets = pl.DataFrame(
        [
            (
                1,
                case["polarity"].value if case["polarity"] else None,
                case["accumulation"].value,
                AGREEMENT_START,
                AGREEMENT_END,
                None,
                1,
            )
        ],
        schema=engine.TARGETS_SCHEMA,
        orient="row",
    )
    versions, trajectory = [], []
    for number, (starts, t, placeholder) in enumerate(case["versions"], start=1):
        versions.append(
            (number, 1, number, starts, placeholder, t.baseline, t.baseline_date(), t.final_target)
        )
        trajectory.extend((number, year.label, year.end, value) for year, value in t.targets)
    cells = [
        (1, ID_OF[label], False, value, None, None, low, high)
        for label, (value, low, high) in case["figures"].items()
    ]
    return {
        "rows": pl.DataFrame(
            [(1, ID_OF[label]) for label in case["scheduled"]],
            schema=engine.ROWS_SCHEMA,
            orient="row",
        ),
        "targets": targets,
        "periods": periods_frame(PERIODS),
        "versions": pl.DataFrame(versions, schema=engine.VERSIONS_SCHEMA, orient="row"),
        "trajectory": pl.DataFrame(trajectory, schema=engine.TRAJECTORY_SCHEMA, orient="row"),
        "cells": pl.DataFrame(cells, schema=engine.CELLS_SCHEMA, orient="row"),
        "breaks": engine.empty(engine.BREAKS_SCHEMA),
    }


def in_force(case, end: date) -> tuple[int, Trajectory, bool]:
    """The version in force at ``end``: the latest starting on or before it, else the first."""
    chosen = 1
    for number, (starts, _, _) in enumerate(case["versions"], start=1):
        if starts <= end:
            chosen = number
    _, trajectory, placeholder = case["versions"][chosen - 1]
    return chosen, trajectory, placeholder


def estimate(figure) -> Estimate | None:
    if figure is None:
        return None
    value, low, high = figure
    return Estimate(value, low, high)


def figures_used(case) -> dict[str, tuple]:
    """The case's figures as every assessment uses them: for a cumulative measure, a
    financial year without a return takes its running total at 31 March (Q4, else H2)."""
    by_period = {PERIODS[label][1]: figure for label, figure in case["figures"].items()}
    used = with_annual_figures(by_period, case["accumulation"])
    return {period.label: figure for period, figure in used.items()}


def expected_row(case, label: str) -> dict:
    period = PERIODS[label][1]
    number, trajectory, placeholder = in_force(case, period.end)
    accumulation, polarity = case["accumulation"], case["polarity"]
    figures_of = figures_used(case)
    figure = figures_of.get(label)
    actual = figure[0] if figure else None
    profile = profile_for(trajectory, period, accumulation)
    placeholder = placeholder or trajectory.is_placeholder_for(financial_year_of(period.end))
    later = any(PERIODS[other][1].end > period.end for other in figures_of)
    rating = target_status(
        is_placeholder=placeholder,
        profile=profile,
        actual=actual,
        polarity=polarity,
        today=case["today"],
        due_date=None if later else due_date(period),
        period_end=period.end,
    )
    try:
        previous = previous_comparable(period, accumulation).label
    except PeriodError:
        previous = None
    direction = direction_of_travel(estimate(figure), estimate(figures_of.get(previous)), polarity)
    figures = []
    for other, (value, _, _) in figures_of.items():
        other_period = PERIODS[other][1]
        part_year = other_period.kind in (PeriodKind.QUARTER, PeriodKind.HALF_YEAR)
        if not (accumulation is Accumulation.CUMULATIVE and part_year):
            figures.append((other_period.end, value))
    points = trend_points(
        baseline=trajectory.baseline,
        baseline_date=trajectory.baseline_date(),
        figures=figures,
        until=period.end,
    )
    projected = projected_outturn(points, AGREEMENT_END)
    return {
        "version_number": number,
        "is_placeholder": placeholder,
        "profile": profile,
        "actual": actual,
        "variance": percent_variance(actual, profile, polarity),
        "rating": rating.value,
        "direction": direction.value,
        "projected_outturn": projected,
        "final_target": trajectory.final_target,
        "likely_to_meet": likely_to_meet(projected, trajectory.final_target, polarity),
    }


def close(a: float | None, b: float | None, scale: float = 1.0) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-6 * scale)


@checks
@given(cases())
def test_the_engine_equals_the_pure_calculations_row_by_row(case):
    # rules M1 (profile, variance, rating), M3 (trend), M5/D7 (intervals), A5/D2 (placeholder)
    # and, for cumulative measures (``accumulation`` is drawn), M3: like with like (the
    # same point of the year) and the annual figure from Q4 or H2, assessed
    result = engine.assessments_frame(**frames(case), today=case["today"])
    label_of = {pk: label for label, pk in ID_OF.items()}
    in_term = {
        label
        for label in figures_used(case)
        if AGREEMENT_START <= PERIODS[label][1].end <= AGREEMENT_END
    }
    assert {label_of[pk] for pk in result["period_id"]} == set(case["scheduled"]) | in_term
    for row in result.iter_rows(named=True):
        expected = expected_row(case, label_of[row["period_id"]])
        for name in ("version_number", "is_placeholder", "actual", "rating", "direction"):
            assert row[name] == expected[name], (name, row, expected)
        assert row["variance"] == expected["variance"], (row, expected)
        assert close(row["profile"], expected["profile"]), (row, expected)
        scale = max([1.0] + [abs(v) for v, _, _ in case["figures"].values()])
        assert close(row["projected_outturn"], expected["projected_outturn"], scale * 100)
        projected, final = expected["projected_outturn"], expected["final_target"]
        if projected is None or final is None or not close(projected, final, scale * 100):
            assert row["likely_to_meet"] == expected["likely_to_meet"], (row, expected)


def test_a_near_tie_is_rounded_as_the_figure_reads():
    # 0.15 is stored as 0.1499999…; as printed it is a tie, rounded away from zero.
    series = pl.Series([0.15, -0.15, -5.05, 2.25, 1.04999, None])
    assert engine.rounded(series).to_list() == [0.2, -0.2, -5.1, 2.3, 1.0, None]


def test_a_rating_needs_a_performance_figure():
    assert Rating.NOT_RATED.is_performance is False


def test_no_previous_comparable_period_ends_before_the_comparison_reach():
    # rules M3, D7: what the recompute reads must hold every row's previous figure
    first = AGREEMENT_START
    reach = engine.comparison_reach(first)
    for label, (_, period) in PERIODS.items():
        if period.end < first:
            continue
        for accumulation in Accumulation:
            try:
                previous = previous_comparable(period, accumulation)
            except PeriodError:
                continue
            assert previous.end >= reach, (label, previous.label)
    assert engine.comparison_reach(date(2012, 2, 29)) == date(2010, 2, 27)
