"""The frames the engine reads and writes: their columns and types, and the dates it counts from."""

from __future__ import annotations

from datetime import date

import polars as pl

# Time in the projection is measured from here (any fixed day gives the same line).


EPOCH = date(2008, 4, 1)


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


def typed(frame: pl.DataFrame, schema: dict[str, pl.DataType]) -> pl.DataFrame:
    return frame.select(list(schema)).cast(schema)
