"""The monitoring engine: every target's status for every period, computed over whole
frames at once (Polars), free of Django and of I/O.

The pure functions in ``calculations`` are the specification; this module computes
the same results for thousands of targets at once, and
``tests/monitoring/test_monitoring_engine.py`` proves, on generated data, that each row
equals what the pure functions give for it:

* the profile is ``profile_for(trajectory, period, accumulation)``, the trajectory
  being that of the target version *in force at the period's end* (the latest version
  starting on or before it; for a period ending before the first version, the first);
* the variance is ``percent_variance(actual, profile, polarity)``;
* the rating is ``target_status(...)`` with the due date from ``schedule.due_date``,
  except that a period with no figure while a later period already has one is judged
  with no due date, which makes it MISSING rather than OVERDUE (the return was skipped,
  not merely late);
* the direction is ``direction_of_travel(current, previous, polarity,
  definition_changed=...)`` against ``previous_comparable(period, accumulation)``, a
  definition change being a break in comparison (``breaks_comparison``) taking effect
  after the previous period's end and on or before this one's;
* the projected outturn is ``projected_outturn(points, agreement_end)``, the points
  being ``trend_points``: the version's baseline (at ``Trajectory.baseline_date()``)
  and the target's own figures for periods ending after that date, up to the period's
  end — for a cumulative measure only whole-year figures, as part-year ones are
  year-to-date; ``likely_to_meet`` compares it with the final year's target.

A target's *own figure* for a period combines its scope's cells (rule A6: its smaller
areas and groups; otherwise its whole area): one cell is taken as it is; several are
combined as Σ numerators / Σ denominators × the unit's scale (``combined_rate``, never
an average of rates), or summed for a count (a cumulative measure); a scope with a cell
missing has no figure. For a target on smaller areas or groups, the whole area's figure
is carried beside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import polars as pl

from localperf.calculations.direction import Direction
from localperf.calculations.estimates import ABS_TOLERANCE, REL_TOLERANCE
from localperf.calculations.measures import Accumulation, Polarity
from localperf.calculations.periods import SURVEY_ROUND_INTERVAL_YEARS
from localperf.calculations.projection import DAYS_PER_YEAR
from localperf.calculations.rag import DEFAULT_RAG_RULES, RagRule, Rating
from localperf.calculations.variance import VARIANCE_DECIMAL_PLACES, round_half_away

# Time in the projection is measured from here (any fixed day gives the same line).
EPOCH = date(2008, 4, 1)
# A version with no baseline date: every figure is after it.
NO_BASELINE = date(1, 1, 1)

ROWS_SCHEMA = {"target_id": pl.Int64, "period_id": pl.Int64}
TARGETS_SCHEMA = {
    "target_id": pl.Int64,
    "polarity": pl.String,  # "higher", "lower" or null
    "accumulation": pl.String,
    "agreement_start": pl.Date,
    "agreement_end": pl.Date,
    "scale": pl.Float64,  # × Σnum/Σden: 100 for a percentage; null if not a rate
    "own_cells": pl.Int64,  # how many area × group cells make the own figure
}
PERIODS_SCHEMA = {
    "period_id": pl.Int64,
    "kind": pl.String,
    "start": pl.Date,
    "end": pl.Date,
    "due_on": pl.Date,
    "fy_label": pl.String,
    "fy_end": pl.Date,
    "fraction": pl.Float64,  # of its financial year elapsed at its end
    "previous_snapshot_id": pl.Int64,
    "previous_cumulative_id": pl.Int64,
}
VERSIONS_SCHEMA = {
    "version_id": pl.Int64,
    "target_id": pl.Int64,
    "number": pl.Int64,
    "effective_from": pl.Date,
    "is_placeholder": pl.Boolean,
    "baseline": pl.Float64,
    "baseline_date": pl.Date,
    "final_target": pl.Float64,
}
TRAJECTORY_SCHEMA = {
    "version_id": pl.Int64,
    "fy_label": pl.String,
    "fy_end": pl.Date,
    "value": pl.Float64,
}
CELLS_SCHEMA = {
    "target_id": pl.Int64,
    "period_id": pl.Int64,
    "whole_area": pl.Boolean,  # the whole area's cell, shown beside (rule A6)
    "value": pl.Float64,
    "numerator": pl.Float64,
    "denominator": pl.Float64,
    "ci_lower": pl.Float64,
    "ci_upper": pl.Float64,
}
BREAKS_SCHEMA = {"target_id": pl.Int64, "on": pl.Date}

PART_YEAR = ("quarter", "half_year")
NEAR_TIE = 1e-6


def empty(schema: dict[str, pl.DataType]) -> pl.DataFrame:
    return pl.DataFrame(schema=schema)


def assessments_frame(
    *,
    rows: pl.DataFrame,
    targets: pl.DataFrame,
    periods: pl.DataFrame,
    versions: pl.DataFrame,
    trajectory: pl.DataFrame,
    cells: pl.DataFrame,
    breaks: pl.DataFrame,
    today: date,
    rules: Sequence[RagRule] = DEFAULT_RAG_RULES,
) -> pl.DataFrame:
    """One row per target and period judged: the scheduled ``rows`` and every period
    ending within the agreement for which the target has its own figure."""
    prepared = assessments_prepare(
        rows=rows, targets=targets, periods=periods, versions=versions, trajectory=trajectory
    )
    return assessments_finish(prepared, cells=cells, breaks=breaks, today=today, rules=rules)


@dataclass(frozen=True)
class Prepared:
    """What ``assessments_prepare`` works out before the figures are known."""

    targets: pl.DataFrame
    periods: pl.DataFrame
    versions: pl.DataFrame
    trajectory: pl.DataFrame
    scheduled: pl.DataFrame  # the scheduled rows with their version and profile
    # Per target: its term and accumulation, and the days every row ends within:
    # from ``first`` (the agreement's start or an earlier scheduled period's end) to
    # ``last`` (its end or a later scheduled period's).
    bounds: pl.DataFrame


def assessments_prepare(
    *,
    rows: pl.DataFrame,
    targets: pl.DataFrame,
    periods: pl.DataFrame,
    versions: pl.DataFrame,
    trajectory: pl.DataFrame,
) -> Prepared:
    """The first half of ``assessments_frame``, which needs no figures: the scheduled
    rows with the version in force and the profile (a caller can do this while the
    figures are still being read)."""
    rows, targets, periods, versions, trajectory = (
        _typed(frame, schema)
        for frame, schema in (
            (rows, ROWS_SCHEMA),
            (targets, TARGETS_SCHEMA),
            (periods, PERIODS_SCHEMA),
            (versions, VERSIONS_SCHEMA),
            (trajectory, TRAJECTORY_SCHEMA),
        )
    )
    scheduled = _rows_frame(rows.unique(), targets, periods, versions, trajectory)
    span = scheduled.group_by("target_id").agg(
        first_scheduled=pl.col("end").min(), last_scheduled=pl.col("end").max()
    )
    bounds = targets.join(span, on="target_id", how="left").select(
        "target_id",
        "agreement_start",
        "agreement_end",
        "accumulation",
        first=pl.min_horizontal("agreement_start", "first_scheduled"),
        last=pl.max_horizontal("agreement_end", "last_scheduled"),
    )
    return Prepared(targets, periods, versions, trajectory, scheduled, bounds)


def comparison_reach(first: date) -> date:
    """The earliest end of a previous comparable period (``previous_comparable``) of a
    period ending on or after ``first``: a survey round's round before, two years back,
    is the furthest; a day more for a 29 February."""
    try:
        back = first.replace(year=first.year - SURVEY_ROUND_INTERVAL_YEARS)
    except ValueError:  # 29 February
        back = date(first.year - SURVEY_ROUND_INTERVAL_YEARS, 2, 28)
    return back - timedelta(days=1)


def figures_used_from(prepared: Prepared) -> date | None:
    """The earliest period end whose figure ``assessments_finish`` can use with these
    rows: a row's own (every row ends on or after its target's first day), its previous
    comparable period's (``comparison_reach``) or one after a version's baseline day for
    the projection. None when any figure can count (a version with no baseline date)."""
    versions = prepared.versions
    if not prepared.bounds.height:
        return None
    if versions["baseline_date"].null_count() or prepared.bounds["first"].null_count():
        return None
    first = prepared.bounds["first"].min()
    earliest = comparison_reach(first)
    if versions.height:
        earliest = min(earliest, versions["baseline_date"].min() + timedelta(days=1))
    return earliest


def assessments_finish(
    prepared: Prepared,
    *,
    cells: pl.DataFrame,
    breaks: pl.DataFrame,
    today: date,
    rules: Sequence[RagRule] = DEFAULT_RAG_RULES,
) -> pl.DataFrame:
    """The second half of ``assessments_frame``: the figures' rows added, then the
    figures, variance, rating, direction and projection of every row."""
    targets, periods = prepared.targets, prepared.periods
    cells, breaks = _typed(cells, CELLS_SCHEMA), _typed(breaks, BREAKS_SCHEMA)
    own = own_figures(cells, targets)
    # Each figure with its period's end and kind and its target's bounds, which every
    # later step needs.
    figures = own.join(periods.select("period_id", "kind", "end"), on="period_id").join(
        prepared.bounds, on="target_id"
    )
    frame = prepared.scheduled
    in_term = (pl.col("end") >= pl.col("agreement_start")) & (
        pl.col("end") <= pl.col("agreement_end")
    )
    unscheduled = (
        figures.filter(in_term)
        .select("target_id", "period_id")
        .join(frame.select("target_id", "period_id"), on=["target_id", "period_id"], how="anti")
    )
    if unscheduled.height:
        more = _rows_frame(unscheduled, targets, periods, prepared.versions, prepared.trajectory)
        frame = pl.concat([frame, more.select(frame.columns)], how="vertical_relaxed")
    # Every row ends on or after its target's first day: no earlier figure is a row's own.
    recent = figures.filter(pl.col("end") >= pl.col("first"))
    frame = frame.join(
        recent.select("target_id", "period_id", "actual", "ci_lower", "ci_upper"),
        on=["target_id", "period_id"],
        how="left",
    )
    if cells["whole_area"].any():
        whole = (
            cells.filter(pl.col("whole_area"))
            .group_by("target_id", "period_id")
            .agg(whole_area_actual=pl.col("value").first())
        )
        frame = frame.join(whole, on=["target_id", "period_id"], how="left")
    else:
        frame = frame.with_columns(whole_area_actual=pl.lit(None, dtype=pl.Float64))
    frame = _with_variance_and_rating(frame, recent, today, rules)
    frame = _with_direction(frame, own, breaks)
    frame = _with_projection(frame, figures)
    return frame.select(
        "target_id",
        "period_id",
        "version_id",
        version_number=pl.col("number"),
        due_on="due_on",
        is_placeholder="is_placeholder",
        profile="profile",
        actual="actual",
        ci_lower="ci_lower",
        ci_upper="ci_upper",
        variance="variance",
        rating="rating",
        later_figure="later_figure",
        direction="direction",
        whole_area_actual="whole_area_actual",
        projected_outturn="projected_outturn",
        likely_to_meet="likely_to_meet",
    ).sort("target_id", "period_id")


def _typed(frame: pl.DataFrame, schema: dict[str, pl.DataType]) -> pl.DataFrame:
    return frame.select(list(schema)).cast(schema)


def _rows_frame(
    keys: pl.DataFrame,
    targets: pl.DataFrame,
    periods: pl.DataFrame,
    versions: pl.DataFrame,
    trajectory: pl.DataFrame,
) -> pl.DataFrame:
    """Rows (target, period) with their target's and period's columns, the version in
    force and the profile."""
    frame = keys.join(targets, on="target_id", how="left").join(periods, on="period_id", how="left")
    frame = _with_profile(_with_version(frame, versions), versions, trajectory)
    cumulative = pl.col("accumulation") == Accumulation.CUMULATIVE.value
    previous = (
        pl.when(cumulative)
        .then(pl.col("previous_cumulative_id"))
        .otherwise(pl.col("previous_snapshot_id"))
    )
    # Only what the second half needs: every join after this carries each column.
    return frame.select(
        "target_id",
        "period_id",
        "version_id",
        "number",
        "due_on",
        "is_placeholder",
        "profile",
        "end",
        "polarity",
        "accumulation",
        "agreement_end",
        "baseline",
        "baseline_date",
        "final_target",
        previous_period_id=previous,
    ).join(
        periods.select(previous_period_id="period_id", previous_end="end"),
        on="previous_period_id",
        how="left",
    )


# --- own figures ------------------------------------------------------------------------


def own_figures(cells: pl.DataFrame, targets: pl.DataFrame) -> pl.DataFrame:
    """The target's own figure per period (see the module docstring): actual, ci_lower,
    ci_upper. The cells are one per target, period and area × group (as read from the
    current observations), so a target of one cell has its figure as it is."""
    parts = cells.filter(~pl.col("whole_area"))
    counts = targets.select("target_id", "own_cells", "scale", "accumulation")
    one = (pl.col("own_cells") == 1).fill_null(False)
    if counts.select(one.all()).item():
        single = parts  # and no target has several cells
    else:
        single = parts.join(counts.filter(one), on="target_id", how="semi")
    interval = pl.col("ci_lower").is_not_null() & pl.col("ci_upper").is_not_null()
    alone = single.select(
        "target_id",
        "period_id",
        actual="value",
        ci_lower=pl.when(interval).then(pl.col("ci_lower")),
        ci_upper=pl.when(interval).then(pl.col("ci_upper")),
    )
    several = parts.join(counts.filter(~one), on="target_id")
    if not several.height:
        return alone.filter(pl.col("actual").is_not_null())
    grouped = several.group_by("target_id", "period_id").agg(
        n=pl.len(),
        own_cells=pl.col("own_cells").first(),
        scale=pl.col("scale").first(),
        cumulative=(pl.col("accumulation").first() == Accumulation.CUMULATIVE.value),
        rated=(pl.col("numerator").is_not_null() & pl.col("denominator").is_not_null()).all(),
        numerators=pl.col("numerator").sum(),
        denominators=pl.col("denominator").sum(),
        total=pl.col("value").sum(),
    )
    combinable = pl.col("rated") & pl.col("scale").is_not_null() & (pl.col("denominators") > 0)
    actual = (
        pl.when(pl.col("n") < pl.col("own_cells"))
        .then(None)
        .when(combinable)
        .then(pl.col("numerators") / pl.col("denominators") * pl.col("scale"))
        .when(pl.col("cumulative"))
        .then(pl.col("total"))
    )
    combined = grouped.select(
        "target_id",
        "period_id",
        actual=actual,
        ci_lower=pl.lit(None, dtype=pl.Float64),
        ci_upper=pl.lit(None, dtype=pl.Float64),
    )
    return pl.concat([alone, combined]).filter(pl.col("actual").is_not_null())


# --- the version in force -------------------------------------------------------------


def _with_version(frame: pl.DataFrame, versions: pl.DataFrame) -> pl.DataFrame:
    versions = versions.select(list(VERSIONS_SCHEMA)).sort("effective_from")
    in_force = frame.sort("end").join_asof(
        versions.select("target_id", "effective_from", "version_id"),
        left_on="end",
        right_on="effective_from",
        by="target_id",
        strategy="backward",
        check_sortedness=False,
    )
    first = versions.group_by("target_id").agg(first_version=pl.col("version_id").first())
    chosen = (
        in_force.join(first, on="target_id", how="left")
        .with_columns(version_id=pl.coalesce("version_id", "first_version"))
        .drop("effective_from", "first_version")
    )
    return chosen.join(versions.drop("target_id", "effective_from"), on="version_id", how="left")


# --- the profile ----------------------------------------------------------------------


def month_position(day: pl.Expr) -> pl.Expr:
    """``periods._month_position`` over a date column: months since year 0 at the start
    of the day, a part month by its days."""
    days_in_month = day.dt.month_end().dt.day().cast(pl.Float64)
    whole = (day.dt.year().cast(pl.Int64) * 12 + day.dt.month().cast(pl.Int64) - 1).cast(pl.Float64)
    return whole + (day.dt.day().cast(pl.Float64) - 1) / days_in_month


def months_elapsed(since: pl.Expr, until: pl.Expr) -> pl.Expr:
    """``periods.months_elapsed``: from the end of day ``since`` to the end of ``until``."""
    one_day = pl.duration(days=1)
    return month_position(until + one_day) - month_position(since + one_day)


def snapshot_points(versions: pl.DataFrame, trajectory: pl.DataFrame) -> pl.DataFrame:
    """``profile._known_points`` for every version: (version_id, on, point). The
    versions' ``baseline_date`` is ``Trajectory.baseline_date()``."""
    years = trajectory.select("version_id", on="fy_end", year_value="value")
    baselines = versions.filter(pl.col("baseline_date").is_not_null()).select(
        "version_id", on="baseline_date", baseline_value="baseline"
    )
    points = years.join(baselines, on=["version_id", "on"], how="full", coalesce=True)
    # A set target outranks a baseline on the same day; a placeholder does not.
    return points.select(
        "version_id", "on", point=pl.coalesce("year_value", "baseline_value")
    ).sort("on")


def _with_profile(
    frame: pl.DataFrame, versions: pl.DataFrame, trajectory: pl.DataFrame
) -> pl.DataFrame:
    years = trajectory.select("version_id", "fy_label", year_target="value", covered=pl.lit(True))
    frame = frame.join(years, on=["version_id", "fy_label"], how="left").with_columns(
        covered=pl.col("covered").fill_null(False)
    )
    points = snapshot_points(versions, trajectory)
    frame = frame.sort("end").join_asof(
        points,
        left_on="end",
        right_on="on",
        by="version_id",
        strategy="backward",
        check_sortedness=False,
    )
    target = pl.col("year_target")
    part_year = pl.col("kind").is_in(PART_YEAR) & (pl.col("end") != pl.col("fy_end"))
    start = pl.col("point")
    fraction = months_elapsed(pl.col("on"), pl.col("end")) / months_elapsed(
        pl.col("on"), pl.col("fy_end")
    )
    profile = (
        pl.when(target.is_null())
        .then(None)
        .when(~part_year)
        .then(target)
        .when(pl.col("accumulation") == Accumulation.CUMULATIVE.value)
        .then(target * pl.col("fraction"))
        .when(pl.col("on").is_null() | start.is_null())
        .then(None)
        .otherwise(start + (target - start) * fraction)
    )
    placeholder = pl.col("is_placeholder").fill_null(False) | (pl.col("covered") & target.is_null())
    return frame.with_columns(profile=profile, is_placeholder=placeholder).drop(
        "on", "point", "covered"
    )


# --- variance and rating ----------------------------------------------------------------


def rounded(values: pl.Series, places: int = VARIANCE_DECIMAL_PLACES) -> pl.Series:
    """``variance.round_half_away`` over a column: half away from zero on the decimal
    the float reads as. Float arithmetic decides every value but those within a hair of
    a tie (or too large for it), which go through the scalar function itself."""
    factor = 10.0**places
    v = pl.col("v")
    magnitude = (v * factor).abs()
    fraction = magnitude - magnitude.floor()
    frame = pl.DataFrame({"v": values.cast(pl.Float64)}).with_columns(
        steps=(magnitude + 0.5).floor() * (v * factor).sign(),
        scalar=v.is_not_null()
        & (((fraction - 0.5).abs() < NEAR_TIE) | (magnitude > 1e8) | ~v.is_finite()),
    )
    # A true division (k / 10, as the scalar function's float(Decimal) gives), by a
    # column: dividing by a constant, Polars multiplies by its reciprocal (k × 0.1).
    divisor = pl.Series([factor] * frame.height, dtype=pl.Float64)
    result = frame.select(pl.col("steps") / divisor + 0.0).to_series()
    exact = frame.with_row_index("i").filter(pl.col("scalar"))
    if exact.height:
        fixed = [round_half_away(value, places) for value in exact["v"].to_list()]
        result = result.scatter(exact["i"].to_list(), fixed)
    return result


def _with_variance_and_rating(
    frame: pl.DataFrame,
    figures: pl.DataFrame,
    today: date,
    rules: Sequence[RagRule],
) -> pl.DataFrame:
    actual, profile = pl.col("actual"), pl.col("profile")
    sign = (
        pl.when(pl.col("polarity") == Polarity.LOWER_IS_BETTER.value)
        .then(-1.0)
        .when(pl.col("polarity") == Polarity.HIGHER_IS_BETTER.value)
        .then(1.0)
        .otherwise(1.0)
    )
    raw = (actual - profile) / profile.abs() * 100 * sign
    usable = actual.is_not_null() & profile.is_not_null() & (profile != 0)
    usable = usable & actual.is_finite() & profile.is_finite()
    signed = pl.when(usable & raw.is_finite()).then(raw)
    frame = frame.with_columns(signed=signed)
    frame = frame.with_columns(variance=rounded(frame["signed"]))
    latest = figures.group_by("target_id").agg(latest_figure=pl.col("end").max())
    frame = frame.join(latest, on="target_id", how="left").with_columns(
        later_figure=(pl.col("latest_figure") > pl.col("end")).fill_null(False)
    )
    performance = pl.lit(Rating.NOT_RATED.value)
    for rule in reversed(rules):
        matches = (
            pl.lit(True) if rule.min_variance is None else pl.col("variance") >= rule.min_variance
        )
        performance = pl.when(matches).then(pl.lit(rule.rating.value)).otherwise(performance)
    no_figure = (
        pl.when(pl.col("later_figure"))
        .then(
            pl.when(pl.lit(today) <= pl.col("end"))
            .then(pl.lit(Rating.NOT_YET_DUE.value))
            .otherwise(pl.lit(Rating.MISSING.value))
        )
        .when(pl.lit(today) <= pl.col("due_on"))
        .then(pl.lit(Rating.NOT_YET_DUE.value))
        .otherwise(pl.lit(Rating.OVERDUE.value))
    )
    rating = (
        pl.when(pl.col("is_placeholder"))
        .then(pl.lit(Rating.PLACEHOLDER.value))
        .when(actual.is_null())
        .then(no_figure)
        .when(pl.col("polarity").is_null())
        .then(pl.lit(Rating.NOT_RATED.value))
        .when(pl.col("variance").is_null() | pl.col("variance").is_nan())
        .then(pl.lit(Rating.NOT_RATED.value))
        .otherwise(performance)
    )
    return frame.with_columns(rating=rating).drop("signed", "latest_figure")


# --- direction of travel ----------------------------------------------------------------


def at_most(a: pl.Expr, b: pl.Expr) -> pl.Expr:
    """``estimates.at_most``: ``a <= b`` allowing for floating-point noise."""
    tolerance = pl.max_horizontal(
        REL_TOLERANCE * pl.max_horizontal(a.abs(), b.abs()), ABS_TOLERANCE
    )
    return (a <= b) | ((a - b).abs() <= tolerance)


def _with_direction(frame: pl.DataFrame, own: pl.DataFrame, breaks: pl.DataFrame) -> pl.DataFrame:
    wanted = frame["previous_period_id"].drop_nulls().unique().implode()
    previous = own.filter(pl.col("period_id").is_in(wanted)).select(
        "target_id",
        previous_period_id="period_id",
        previous_actual="actual",
        previous_lower="ci_lower",
        previous_upper="ci_upper",
    )
    frame = frame.join(previous, on=["target_id", "previous_period_id"], how="left")
    if breaks.height:
        broken = (
            frame.select("target_id", "period_id", "end", "previous_end")
            .join(breaks, on="target_id")
            .filter((pl.col("on") > pl.col("previous_end")) & (pl.col("on") <= pl.col("end")))
            .select("target_id", "period_id", definition_changed=pl.lit(True))
            .unique()
        )
        frame = frame.join(broken, on=["target_id", "period_id"], how="left")
    else:
        frame = frame.with_columns(definition_changed=pl.lit(None, dtype=pl.Boolean))
    has_interval = pl.col("ci_lower").is_not_null() & pl.col("ci_upper").is_not_null()
    low = pl.when(has_interval).then(pl.col("ci_lower")).otherwise(pl.col("actual"))
    high = pl.when(has_interval).then(pl.col("ci_upper")).otherwise(pl.col("actual"))
    previous_interval = (
        pl.col("previous_lower").is_not_null() & pl.col("previous_upper").is_not_null()
    )
    previous_low = (
        pl.when(previous_interval)
        .then(pl.col("previous_lower"))
        .otherwise(pl.col("previous_actual"))
    )
    previous_high = (
        pl.when(previous_interval)
        .then(pl.col("previous_upper"))
        .otherwise(pl.col("previous_actual"))
    )
    overlaps = at_most(low, previous_high) & at_most(previous_low, high)
    rise = pl.col("actual") > pl.col("previous_actual")
    better = (
        pl.when(pl.col("polarity") == Polarity.HIGHER_IS_BETTER.value).then(rise).otherwise(~rise)
    )
    direction = (
        pl.when(
            pl.col("definition_changed").fill_null(False)
            | pl.col("actual").is_null()
            | pl.col("previous_actual").is_null()
            | pl.col("polarity").is_null()
        )
        .then(pl.lit(Direction.NOT_COMPARABLE.value))
        .when(overlaps)
        .then(pl.lit(Direction.NO_SIGNIFICANT_CHANGE.value))
        .when(better)
        .then(pl.lit(Direction.IMPROVING.value))
        .otherwise(pl.lit(Direction.WORSENING.value))
    )
    return frame.with_columns(direction=direction).drop(
        "previous_lower", "previous_upper", "previous_end", "definition_changed"
    )


# --- projected outturn ------------------------------------------------------------------


def years_since_epoch(day: pl.Expr) -> pl.Expr:
    return (day - pl.lit(EPOCH)).dt.total_days().cast(pl.Float64) / DAYS_PER_YEAR


def _with_projection(frame: pl.DataFrame, figures: pl.DataFrame) -> pl.DataFrame:
    # A row's line runs through its version's baseline and the figures after the
    # baseline's day, up to its period's end (``trend_points``): running sums per target
    # and baseline day, read off at each row's end.
    points = figures.filter(
        (pl.col("end") <= pl.col("last"))
        & (
            (pl.col("accumulation") != Accumulation.CUMULATIVE.value)
            | ~pl.col("kind").is_in(PART_YEAR)
        )
    ).select("target_id", on="end", x=years_since_epoch(pl.col("end")), y=pl.col("actual"))
    frame = frame.with_columns(start=pl.col("baseline_date").fill_null(NO_BASELINE))
    starts = frame.select("target_id", "start").unique()
    sums = {
        "n": pl.len().cast(pl.Float64),
        "sx": pl.col("x").sum(),
        "sy": pl.col("y").sum(),
        "sxx": (pl.col("x") * pl.col("x")).sum(),
        "sxy": (pl.col("x") * pl.col("y")).sum(),
    }
    by_day = (
        points.join(starts, on="target_id")
        .filter(pl.col("on") > pl.col("start"))
        .group_by("target_id", "start", "on")
        .agg(**sums)
        .sort("target_id", "start", "on")
    )
    # Sums up to and including each day: a rolling window reaching back beyond any
    # figure (much cheaper than cumulative sums over each group's window).
    running = (
        by_day.rolling(index_column="on", period="1000y", group_by=["target_id", "start"])
        .agg(
            *(pl.col(name).sum().name.prefix("c") for name in sums),
            cdays=pl.len().cast(pl.Float64),
        )
        .sort("on")
    )
    frame = (
        frame.sort("end")
        .join_asof(
            running,
            left_on="end",
            right_on="on",
            by=["target_id", "start"],
            strategy="backward",
            check_sortedness=False,
        )
        .drop("on", "start")
    )
    with_baseline = (
        pl.col("baseline").is_not_null()
        & pl.col("baseline_date").is_not_null()
        & (pl.col("baseline_date") <= pl.col("end"))
    )
    bx = years_since_epoch(pl.col("baseline_date"))
    by = pl.col("baseline")
    add = pl.when(with_baseline)

    def total(name: str, baseline: pl.Expr) -> pl.Expr:
        return pl.col(f"c{name}").fill_null(0.0) + add.then(baseline).otherwise(0.0)

    # The baseline's day is never a figure's: figures count from the day after.
    frame = frame.with_columns(
        n=total("n", pl.lit(1.0)),
        sx=total("sx", bx),
        sy=total("sy", by),
        sxx=total("sxx", bx * bx),
        sxy=total("sxy", bx * by),
        distinct_days=total("days", pl.lit(1.0)),
    )
    mean_x = pl.col("sx") / pl.col("n")
    mean_y = pl.col("sy") / pl.col("n")
    spread = pl.col("sxx") - pl.col("sx") * mean_x
    slope = (pl.col("sxy") - pl.col("sx") * mean_y) / spread
    at_end = mean_y + slope * (years_since_epoch(pl.col("agreement_end")) - mean_x)
    projected = pl.when(pl.col("distinct_days") >= 2).then(at_end)
    frame = frame.with_columns(projected_outturn=projected)
    final, outturn = pl.col("final_target"), pl.col("projected_outturn")
    likely = (
        pl.when(outturn.is_null() | final.is_null() | pl.col("polarity").is_null())
        .then(None)
        .when(pl.col("polarity") == Polarity.HIGHER_IS_BETTER.value)
        .then(outturn >= final)
        .otherwise(outturn <= final)
    )
    return frame.with_columns(likely_to_meet=likely)
