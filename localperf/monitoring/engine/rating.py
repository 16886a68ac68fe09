"""Variance and RAG rating over whole columns, rounded as `calculations.variance` rounds."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import polars as pl

from localperf.calculations.estimates import ABS_TOLERANCE, REL_TOLERANCE
from localperf.calculations.measures import Polarity
from localperf.calculations.rag import RagRule, Rating
from localperf.calculations.variance import VARIANCE_DECIMAL_PLACES, round_half_away

# Time in the projection is measured from here (any fixed day gives the same line).
from localperf.monitoring.engine.schemas import NEAR_TIE


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


def with_variance_and_rating(
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


def at_most(a: pl.Expr, b: pl.Expr) -> pl.Expr:
    """``estimates.at_most``: ``a <= b`` allowing for floating-point noise."""
    tolerance = pl.max_horizontal(
        REL_TOLERANCE * pl.max_horizontal(a.abs(), b.abs()), ABS_TOLERANCE
    )
    return (a <= b) | ((a - b).abs() <= tolerance)
