"""The importer's reads of the observations store: the current figures an import's rows
replace, period ids, and the versions of the series (through ``localperf.frames``, the
one database ↔ Polars reader)."""

from __future__ import annotations

import datetime

import polars as pl

from localperf.frames import frame_read, ints
from localperf.observations.models import Observation, ReportingPeriod

CURRENT_SCHEMA = {
    "current_id": pl.Int64,
    "measure_id": pl.Int64,
    "area_id": pl.Int64,
    "group_id": pl.Int64,
    "period_label": pl.String,
    "period_kind": pl.String,
    "period_start": pl.Date,
    "current_value": pl.Float64,
    "current_numerator": pl.Float64,
    "current_denominator": pl.Float64,
    "current_ci_lower": pl.Float64,
    "current_ci_upper": pl.Float64,
    "current_sample_size": pl.Int64,
    "current_status": pl.String,
    "current_note": pl.String,
}


def tables() -> tuple[str, str]:
    return Observation._meta.db_table, ReportingPeriod._meta.db_table


def current_observations(
    measure_ids: list[int], period_ids: list[int], area_ids: list[int] | None = None
) -> pl.DataFrame:
    """Current observations of these measures for these periods (and areas, if given):
    what an import's rows replace, and the recent history outliers are judged against.
    Served by the partial unique index (measure, period, …)."""
    if not measure_ids or not period_ids:
        return pl.DataFrame(schema=CURRENT_SCHEMA)
    observation, period = tables()
    areas = f"AND o.area_id IN ({ints(area_ids)})" if area_ids else ""
    sql = f"""
        SELECT o.id, o.measure_id, o.area_id, o.population_group_id, p.label, p.kind, p.start,
               o.value, o.numerator, o.denominator, o.ci_lower, o.ci_upper, o.sample_size,
               o.status, o.note
        FROM {observation} o JOIN {period} p ON p.id = o.period_id
        WHERE o.is_current
          AND o.measure_id IN ({ints(measure_ids)})
          AND o.period_id IN ({ints(period_ids)})
          {areas}
    """
    return frame_read(sql, CURRENT_SCHEMA, streamed=True)


def period_ids_for(labels: list[str]) -> dict[str, int]:
    """The ids of the periods that already exist, by label."""
    return dict(ReportingPeriod.objects.filter(label__in=labels).values_list("label", "id"))


def periods_before(kind: str, start: datetime.date, count: int) -> list[int]:
    """The ids of the ``count`` periods of ``kind`` that start last before ``start``."""
    return list(
        ReportingPeriod.objects.filter(kind=kind, start__lt=start)
        .order_by("-start")
        .values_list("id", flat=True)[:count]
    )


def versions_current(measure_ids: list[int], labels: list[str]) -> dict[str, int]:
    """For each (measure, period) series, the highest id among its current figures."""
    period_ids = period_ids_for(labels)
    if not measure_ids or not period_ids:
        return {}
    observation, _ = tables()
    sql = f"""
        SELECT o.measure_id, o.period_id, MAX(o.id)
        FROM {observation} o
        WHERE o.is_current
          AND o.measure_id IN ({ints(measure_ids)})
          AND o.period_id IN ({ints(period_ids.values())})
        GROUP BY o.measure_id, o.period_id
    """
    frame = frame_read(sql, {"measure_id": pl.Int64, "period_id": pl.Int64, "version": pl.Int64})
    label_of = {pk: label for label, pk in period_ids.items()}
    return {f"{m}|{label_of[p]}": int(v) for m, p, v in frame.iter_rows()}
