"""The importer's side of ``observations.rights``: every row tested at once against what
the submitter may write (area × measure), the local indicators' suppliers (rule D9),
and, once the plan knows which rows change a figure, who may mark a figure final.

Each refusal names the line (the problem's line), the area and the measure, and says
what the submitter's right is; one refused row refuses the whole import.
"""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from localperf.observations.importing.reference import Dimensions
from localperf.observations.importing.results import ERROR, empty_problems
from localperf.observations.models import ObservationStatus, RowAction
from localperf.observations.rights import FigureRights

PAIR_SHIFT = 1 << 32


def _pair(area: pl.Expr, measure: pl.Expr) -> pl.Expr:
    return area.cast(pl.Int64) * PAIR_SHIFT + measure.cast(pl.Int64)


def allowed_expr(rights: FigureRights) -> pl.Expr:
    """True for the rows whose (area, measure) the rights cover; the rows need
    ``area_id``, ``measure_id`` and ``m_local``."""
    if rights.everything:
        return pl.lit(True)
    allowed = pl.lit(False)
    if rights.areas:
        allowed |= pl.col("area_id").is_in(sorted(rights.areas))
    if rights.pairs:
        pairs = sorted(a * PAIR_SHIFT + m for a, m in rights.pairs)
        allowed |= _pair(pl.col("area_id"), pl.col("measure_id")).is_in(pairs)
    if rights.national_everywhere:
        allowed |= ~pl.col("m_local").fill_null(True)
    return allowed.fill_null(False)


def final_allowed_expr(rights: FigureRights) -> pl.Expr:
    if rights.everything:
        return pl.lit(True)
    allowed = pl.lit(False)
    if rights.final_areas:
        allowed |= pl.col("area_id").is_in(sorted(rights.final_areas))
    if rights.final_measures:
        allowed |= pl.col("measure_id").is_in(sorted(rights.final_measures))
    return allowed.fill_null(False)


def _named(rows: pl.DataFrame, dimensions: Dimensions) -> pl.DataFrame:
    """The failing rows with their measure's code and their area's name and code."""
    named = rows.join(dimensions.measure_info, on="measure_id", how="left").join(
        dimensions.area_info, on="area_id", how="left"
    )
    return named.with_columns(
        area_name=pl.col("area_code").replace_strict(
            dimensions.area_names, default=pl.col("area_code"), return_dtype=pl.String
        )
    )


def _problems(failing: pl.DataFrame, column: str, message: pl.Expr) -> pl.DataFrame:
    if not failing.height:
        return empty_problems()
    return failing.select(
        line=pl.col("line"),
        column=pl.lit(column),
        message=message,
        suggestion=pl.lit(""),
        severity=pl.lit(ERROR),
    )


def rights_problems(
    rows: pl.DataFrame, rights: FigureRights | None, dimensions: Dimensions
) -> list[pl.DataFrame]:
    """Rows for an area and measure outside the submitter's right (``None``: any)."""
    if rights is None or rights.everything:
        return []
    known = pl.col("measure_id").is_not_null() & pl.col("area_id").is_not_null()
    failing = rows.filter(known & ~allowed_expr(rights))
    if not failing.height:
        return []
    return [
        _problems(
            _named(failing, dimensions),
            "area",
            pl.format(
                "You may not write figures for {} in {} ({}): {}.",
                pl.col("code"),
                pl.col("area_name"),
                pl.col("area_code"),
                pl.lit(rights.why),
            ),
        )
    ]


def local_supplier_problems(
    rows: pl.DataFrame,
    rights: FigureRights | None,
    local: Iterable[int] | None,
    dimensions: Dimensions,
) -> list[pl.DataFrame]:
    """Rule D9: a local indicator's figures come from the organisation that owns it or
    from a partner signed up to one of its targets. Rows already refused by the rights
    are not refused twice."""
    if local is None:
        return []
    condition = (
        pl.col("measure_id").is_not_null()
        & pl.col("m_local").fill_null(False)
        & ~pl.col("measure_id").is_in(sorted(set(local)))
    )
    if rights is not None:
        condition &= allowed_expr(rights)
    failing = rows.filter(condition)
    if not failing.height:
        return []
    return [
        _problems(
            _named(failing, dimensions),
            "measure",
            pl.format(
                "{} is a local indicator of {} (rule D9): only {} and the partners signed up "
                "to its targets may send its figures.",
                pl.col("code"),
                pl.col("owner"),
                pl.col("owner"),
            ),
        )
    ]


def final_status_problems(
    planned: pl.DataFrame, rights: FigureRights | None, dimensions: Dimensions
) -> pl.DataFrame:
    """Rows that would record a new or changed figure as final, which publishes it at
    once, from someone who may not publish it (``FigureRights.allows_final``). A row
    sent back unchanged is not refused: a template returns the figures as they stand."""
    if rights is None or rights.everything or not planned.height:
        return empty_problems()
    failing = planned.filter(
        pl.col("action").is_in([RowAction.CREATED.value, RowAction.UPDATED.value])
        & (pl.col("status_text") == ObservationStatus.FINAL.value)
        & ~final_allowed_expr(rights)
    )
    return _problems(
        _named(failing.select("line", "measure_id", "area_id"), dimensions),
        "status",
        pl.format(
            "You may not mark {} in {} ({}) final: {}.",
            pl.col("code"),
            pl.col("area_name"),
            pl.col("area_code"),
            pl.lit(rights.why_not_final),
        ),
    )
