"""Direction of travel against the previous comparable period, and the projected
outturn from the trend."""

from __future__ import annotations

import polars as pl

from localperf.calculations.direction import Direction
from localperf.calculations.measures import Accumulation, Polarity
from localperf.calculations.projection import DAYS_PER_YEAR

# Time in the projection is measured from here (any fixed day gives the same line).
from localperf.monitoring.engine.rating import at_most
from localperf.monitoring.engine.schemas import EPOCH, NO_BASELINE, PART_YEAR


def with_direction(frame: pl.DataFrame, own: pl.DataFrame, breaks: pl.DataFrame) -> pl.DataFrame:
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


def years_since_epoch(day: pl.Expr) -> pl.Expr:
    return (day - pl.lit(EPOCH)).dt.total_days().cast(pl.Float64) / DAYS_PER_YEAR


def with_projection(frame: pl.DataFrame, figures: pl.DataFrame) -> pl.DataFrame:
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
