"""Which figure a target has per period: a cumulative year's figure from its Q4 (or H2),
and the target's own figure over its areas and groups."""

from __future__ import annotations

import polars as pl

from localperf.calculations.measures import Accumulation
from localperf.calculations.periods import PeriodKind

# Time in the projection is measured from here (any fixed day gives the same line).
from localperf.monitoring.engine.schemas import CELLS_SCHEMA, PART_YEAR


def annual_cells(cells: pl.DataFrame, targets: pl.DataFrame, periods: pl.DataFrame) -> pl.DataFrame:
    """``year_to_date.with_annual_figures`` over the cells: for a cumulative target, a
    financial year with no cell of its own (for its own figure; for the whole area's,
    separately) takes the cells of its running total at 31 March — the Q4 cells, else
    the H2 cells — as its annual figure. A target of one cell gets exactly
    ``with_annual_figures`` of its own figures."""
    cumulative = targets.filter(pl.col("accumulation") == Accumulation.CUMULATIVE.value)
    if not cumulative.height or not cells.height:
        return cells
    years = periods.filter(pl.col("kind") == PeriodKind.FINANCIAL_YEAR.value).select(
        "fy_label", year_id="period_id"
    )
    year_ends = (
        periods.filter(pl.col("kind").is_in(PART_YEAR) & (pl.col("end") == pl.col("fy_end")))
        .join(years, on="fy_label")
        .select(
            "period_id",
            "year_id",
            # Q4 before H2 (``year_to_date.YEAR_END_KINDS``).
            rank=pl.when(pl.col("kind") == PeriodKind.QUARTER.value).then(0).otherwise(1),
        )
    )
    if not year_ends.height:
        return cells
    candidates = (
        cells.filter(pl.col("period_id").is_in(year_ends["period_id"].implode()))
        .join(cumulative.select("target_id"), on="target_id", how="semi")
        .join(year_ends, on="period_id")
    )
    if not candidates.height:
        return cells
    keys = ["target_id", "year_id", "whole_area"]
    first_kind = candidates.group_by(keys).agg(pl.col("rank").min())
    returned = cells.filter(pl.col("period_id").is_in(years["year_id"].implode())).select(
        "target_id", "whole_area", year_id="period_id"
    )
    derived = (
        candidates.join(first_kind, on=[*keys, "rank"], how="semi")
        .join(returned, on=keys, how="anti")
        .with_columns(period_id=pl.col("year_id"))
        .select(list(CELLS_SCHEMA))
    )
    return pl.concat([cells, derived]) if derived.height else cells


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


def whole_area_figures(cells: pl.DataFrame, targets: pl.DataFrame) -> pl.DataFrame:
    """The whole area's figure per target and period, shown beside a target on smaller
    areas or groups (rule A6). An LAA's whole area is one cell, taken as it is; a Multi
    Area Agreement's is its members' cells (rule X2), combined as Σ numerators /
    Σ denominators × the rate scale, or summed for a count, never by averaging rates."""
    counts = targets.select("target_id", "scale", "accumulation")
    grouped = (
        cells.filter(pl.col("whole_area"))
        .join(counts, on="target_id", how="left")
        .group_by("target_id", "period_id")
        .agg(
            n=pl.len(),
            first=pl.col("value").first(),
            scale=pl.col("scale").first(),
            cumulative=(pl.col("accumulation").first() == Accumulation.CUMULATIVE.value),
            rated=(pl.col("numerator").is_not_null() & pl.col("denominator").is_not_null()).all(),
            numerators=pl.col("numerator").sum(),
            denominators=pl.col("denominator").sum(),
            total=pl.col("value").sum(),
        )
    )
    combinable = pl.col("rated") & pl.col("scale").is_not_null() & (pl.col("denominators") > 0)
    return grouped.select(
        "target_id",
        "period_id",
        whole_area_actual=pl.when(pl.col("n") == 1)
        .then(pl.col("first"))
        .when(combinable)
        .then(pl.col("numerators") / pl.col("denominators") * pl.col("scale"))
        .when(pl.col("cumulative"))
        .then(pl.col("total")),
    )
