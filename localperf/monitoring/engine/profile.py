"""The profile (the trajectory at a period) for every row: the pure
`calculations.profile` over whole columns."""

from __future__ import annotations

import polars as pl

from localperf.calculations.measures import Accumulation

# Time in the projection is measured from here (any fixed day gives the same line).
from localperf.monitoring.engine.schemas import PART_YEAR


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


def with_profile(
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
