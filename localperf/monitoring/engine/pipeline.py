"""The engine from end to end: the rows scheduled, their versions and figures, then
profile, rating, direction and projection."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import polars as pl

from localperf.calculations.measures import Accumulation
from localperf.calculations.periods import SURVEY_ROUND_INTERVAL_YEARS
from localperf.calculations.rag import DEFAULT_RAG_RULES, RagRule

# Time in the projection is measured from here (any fixed day gives the same line).
from localperf.monitoring.engine.figures import annual_cells, own_figures
from localperf.monitoring.engine.profile import with_profile
from localperf.monitoring.engine.rating import with_variance_and_rating
from localperf.monitoring.engine.schemas import (
    BREAKS_SCHEMA,
    CELLS_SCHEMA,
    PERIODS_SCHEMA,
    ROWS_SCHEMA,
    TARGETS_SCHEMA,
    TRAJECTORY_SCHEMA,
    VERSIONS_SCHEMA,
    typed,
)
from localperf.monitoring.engine.trend import with_direction, with_projection


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
        typed(frame, schema)
        for frame, schema in (
            (rows, ROWS_SCHEMA),
            (targets, TARGETS_SCHEMA),
            (periods, PERIODS_SCHEMA),
            (versions, VERSIONS_SCHEMA),
            (trajectory, TRAJECTORY_SCHEMA),
        )
    )
    scheduled = rows_frame(rows.unique(), targets, periods, versions, trajectory)
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
    cells, breaks = typed(cells, CELLS_SCHEMA), typed(breaks, BREAKS_SCHEMA)
    cells = annual_cells(cells, targets, periods)
    own = own_figures(cells, targets)
    # Each figure with its period's end and kind and its target's bounds, which every
    # later step needs.
    figures = own.join(periods.select("period_id", "kind", "end", "fy_end"), on="period_id").join(
        prepared.bounds, on="target_id"
    )
    frame = prepared.scheduled
    # In the term when the agreement year it meets is (calculations.periods.laa_year_of):
    # the same as its end for every kind but the academic year, whose results of summer
    # 2011 meet the 2010/11 target although August 2011 is after the agreement's end.
    in_term = (pl.col("fy_end") >= pl.col("agreement_start")) & (
        pl.col("fy_end") <= pl.col("agreement_end")
    )
    unscheduled = (
        figures.filter(in_term)
        .select("target_id", "period_id")
        .join(frame.select("target_id", "period_id"), on=["target_id", "period_id"], how="anti")
    )
    if unscheduled.height:
        more = rows_frame(unscheduled, targets, periods, prepared.versions, prepared.trajectory)
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
    frame = with_variance_and_rating(frame, recent, today, rules)
    frame = with_direction(frame, own, breaks)
    frame = with_projection(frame, figures)
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


def rows_frame(
    keys: pl.DataFrame,
    targets: pl.DataFrame,
    periods: pl.DataFrame,
    versions: pl.DataFrame,
    trajectory: pl.DataFrame,
) -> pl.DataFrame:
    """Rows (target, period) with their target's and period's columns, the version in
    force and the profile."""
    frame = keys.join(targets, on="target_id", how="left").join(periods, on="period_id", how="left")
    frame = with_profile(with_version(frame, versions), versions, trajectory)
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


def with_version(frame: pl.DataFrame, versions: pl.DataFrame) -> pl.DataFrame:
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
