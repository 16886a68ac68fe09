"""Exporting observations in the import layout, CSV or XLSX, or as SDMX-CSV 2.0 (``sdmx``):
an export imported again changes nothing (every figure is "unchanged"), which is the round
trip rule M6 relies on for authorities that keep their own systems."""

from __future__ import annotations

import polars as pl

from localperf.frames import frame_read
from localperf.indicators.models import Indicator, Measure
from localperf.observations.importing import sdmx
from localperf.observations.importing.layout import CONTROL_CHARACTERS, EXPORT_COLUMNS
from localperf.observations.importing.store import tables
from localperf.observations.models import Release
from localperf.observations.selectors import ObservationFilters, filters_resolve
from localperf.places.models import Area, PopulationGroup
from localperf.web.downloads import CSV, XLSX, frame_csv, rows_xlsx

SDMX_CSV = sdmx.SDMX_CSV
# The import layout's formats (a return's template is one of these), and every export's.
LAYOUT_FORMATS = (CSV, XLSX)
FORMATS = (*LAYOUT_FORMATS, SDMX_CSV)
EVERYTHING = ObservationFilters()
EXPORT_SCHEMA = {
    "measure": pl.String,
    "area": pl.String,
    "period": pl.String,
    "group": pl.String,
    "value": pl.Float64,
    "numerator": pl.Float64,
    "denominator": pl.Float64,
    "ci_lower": pl.Float64,
    "ci_upper": pl.Float64,
    "sample_size": pl.Int64,
    "status": pl.String,
    "note": pl.String,
    "area_name": pl.String,
    "measure_title": pl.String,
}
# What SDMX-CSV adds: the unit, whether the figure is public, whether it corrects another.
PROVENANCE_SCHEMA = {
    **EXPORT_SCHEMA,
    "unit": pl.String,
    "released": pl.String,
    "corrected": pl.String,
}


def observations_frame(
    filters: ObservationFilters = EVERYTHING,
    *,
    provisional_areas: frozenset[int] | None = None,
    provenance: bool = False,
) -> pl.DataFrame:
    """The observations matching ``filters`` in the layout's columns (``UnknownCode`` for a
    code not in a register): the public ones, and every figure of ``provisional_areas``
    (the reader's, ``rights.provisional_areas_for``; None, the default: every area).
    ``provenance`` adds the columns of ``PROVENANCE_SCHEMA``."""
    resolved = filters_resolve(filters)
    schema = PROVENANCE_SCHEMA if provenance else EXPORT_SCHEMA
    if resolved.nothing:
        return pl.DataFrame(schema=schema)
    observation, period = tables()
    conditions, params = ["1 = 1"], []
    if resolved.current_only:
        conditions.append("o.is_current")
    if provisional_areas is not None:
        visible, visible_params = _visible_sql(provisional_areas)
        conditions.append(visible)
        params.extend(visible_params)
    if resolved.status:
        conditions.append("o.status = %s")
        params.append(resolved.status)
    for column, value in (
        ("o.measure_id", resolved.measure_id),
        ("o.area_id", resolved.area_id),
        ("o.period_id", resolved.period_id),
        ("o.population_group_id", resolved.group_id),
    ):
        if value is not None:
            conditions.append(f"{column} = %s")
            params.append(value)
    extra = ""
    if provenance:
        extra = f""", COALESCE(NULLIF(m.unit, ''), i.unit),
               CASE WHEN o.status = 'final' OR {_covered_sql()} THEN 'Y' ELSE 'N' END,
               CASE WHEN o.supersedes_id IS NULL THEN 'N' ELSE 'Y' END"""
    sql = f"""
        SELECT i.code || m.part, a.code, p.label,
               CASE WHEN g.dimension = 'all' THEN '' ELSE g.dimension || ':' || g.code END,
               o.value, o.numerator, o.denominator, o.ci_lower, o.ci_upper, o.sample_size,
               o.status, o.note, a.name, m.title{extra}
        FROM {observation} o
        JOIN {Measure._meta.db_table} m ON m.id = o.measure_id
        JOIN {Indicator._meta.db_table} i ON i.id = m.indicator_id
        JOIN {Area._meta.db_table} a ON a.id = o.area_id
        JOIN {period} p ON p.id = o.period_id
        JOIN {PopulationGroup._meta.db_table} g ON g.id = o.population_group_id
        WHERE {" AND ".join(conditions)}
        ORDER BY i.kind, i.number, i.code, m.part, a.code, p.start, p.label, g.dimension, g.code
    """
    return frame_read(sql, schema, params, streamed=True)


def _covered_sql() -> str:
    """``models.observation._covering_releases`` in SQL: a release publishes the figure."""
    release = Release._meta.db_table
    return f"""EXISTS (SELECT 1 FROM {release} r
        WHERE (r.area_id IS NULL OR r.area_id = o.area_id)
          AND (r.measure_id IS NULL OR r.measure_id = o.measure_id)
          AND (r.period_id IS NULL OR r.period_id = o.period_id)
          AND r.released_at >= o.recorded_at)"""


def _visible_sql(provisional_areas: frozenset[int]) -> tuple[str, list[object]]:
    """``ObservationQuerySet.visible_in`` in SQL: final, covered by a release, or in one
    of the reader's areas."""
    areas = sorted(provisional_areas)
    own = f" OR o.area_id IN ({', '.join(['%s'] * len(areas))})" if areas else ""
    return f"(o.status = 'final' OR {_covered_sql()}{own})", list(areas)


def observations_export(
    *,
    filters: ObservationFilters = EVERYTHING,
    file_format: str = CSV,
    provisional_areas: frozenset[int] | None = None,
) -> bytes:
    """The observations as a CSV or XLSX file in the import layout, or as SDMX-CSV
    (``provisional_areas`` as in ``observations_frame``)."""
    if file_format not in FORMATS:
        raise ValueError(f"{file_format!r} is not an export format; use csv, xlsx or sdmx-csv")
    if file_format == SDMX_CSV:
        frame = observations_frame(filters, provisional_areas=provisional_areas, provenance=True)
        return frame_csv(sdmx.frame_sdmx(frame))
    frame = observations_frame(filters, provisional_areas=provisional_areas)
    return frame_export(frame, file_format)


def export_file_name(stem: str, file_format: str) -> str:
    """A download's file name: ``observations-ni-157a.csv``, ``….xlsx``, ``…-sdmx.csv``."""
    if file_format == SDMX_CSV:
        return f"{stem}-sdmx.csv"
    return f"{stem}.{file_format}"


def frame_export(frame: pl.DataFrame, file_format: str = CSV) -> bytes:
    """A frame in ``EXPORT_SCHEMA`` as a CSV or XLSX file in the import layout."""
    if file_format not in LAYOUT_FORMATS:
        raise ValueError(f"{file_format!r} is not an export format; use csv or xlsx")
    # Blank, not "", so that a file without notes needs no quote characters at all.
    frame = frame.with_columns(
        pl.when(pl.col(c) == "").then(None).otherwise(pl.col(c)).alias(c) for c in ("group", "note")
    ).select(EXPORT_COLUMNS)
    # A note is free text: frame_csv and rows_xlsx write one that looks like a formula
    # as inert text, and the importer reads it back as it was.
    if file_format == CSV:
        return frame_csv(frame)
    # What no XLSX cell can hold. Imports refuse it in notes; this guards older rows.
    frame = frame.with_columns(pl.col(pl.String).str.replace_all(CONTROL_CHARACTERS, ""))
    return rows_xlsx(frame.columns, frame.iter_rows(), sheet="observations")
