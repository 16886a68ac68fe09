"""Reading current observations into Polars frames, fast on both databases.

PostgreSQL: ``COPY (query) TO STDOUT`` in CSV, which Polars reads at memory speed
(floats print at full precision: ``extra_float_digits`` is 1 by default since
PostgreSQL 12, the shortest text that reads back exactly). SQLite: a plain cursor.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable

import polars as pl
from django.db import connection

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
    areas = f"AND o.area_id IN ({_ints(area_ids)})" if area_ids else ""
    sql = f"""
        SELECT o.id, o.measure_id, o.area_id, o.population_group_id, p.label, p.kind, p.start,
               o.value, o.numerator, o.denominator, o.ci_lower, o.ci_upper, o.sample_size,
               o.status, o.note
        FROM {observation} o JOIN {period} p ON p.id = o.period_id
        WHERE o.is_current
          AND o.measure_id IN ({_ints(measure_ids)})
          AND o.period_id IN ({_ints(period_ids)})
          {areas}
    """
    return query_frame(sql, [], CURRENT_SCHEMA)


def _ints(values: list[int]) -> str:
    """Integers for an IN list (ids from our own frames, never user text)."""
    return ", ".join(str(int(v)) for v in values)


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


def query_frame(sql: str, params: list, schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """The rows of a query as a frame with ``schema`` (column names by position)."""
    if connection.vendor == "postgresql":
        return _copy_out(sql, params, schema)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    frame = pl.DataFrame(rows, schema=list(schema), orient="row", infer_schema_length=None)
    return frame.with_columns(pl.col(n).cast(t, strict=False) for n, t in schema.items())


def _copy_out(sql: str, params: list, schema: dict[str, pl.DataType]) -> pl.DataFrame:
    import psycopg

    connection.ensure_connection()
    # COPY takes no parameters: bind them on the client, as psycopg's ClientCursor does.
    statement = psycopg.ClientCursor(connection.connection).mogrify(sql, params)
    buffer = io.BytesIO()
    with (
        connection.connection.cursor() as cursor,
        cursor.copy(f"COPY ({statement}) TO STDOUT (FORMAT csv)") as copy,
    ):
        for chunk in copy:
            buffer.write(chunk)
    if not buffer.tell():
        return pl.DataFrame(schema=schema)
    buffer.seek(0)
    frame = pl.read_csv(
        buffer, has_header=False, new_columns=list(schema), schema=schema, try_parse_dates=False
    )
    strings = [n for n, t in schema.items() if t == pl.String]
    # COPY writes an empty string as "" and NULL as nothing; text columns here are NOT NULL.
    return frame.with_columns(pl.col(n).fill_null("") for n in strings)


def rows_insert(
    table: str,
    rows: pl.DataFrame,
    progress: Callable[[float], None] = lambda fraction: None,
    *,
    slice_rows: int = 100_000,
) -> None:
    """Insert a frame's rows into ``table`` (columns by name), in the current transaction.

    PostgreSQL: ``COPY … FROM STDIN`` in CSV written by Polars, through psycopg's queued
    writer, so that Polars formats the next slice while the server takes this one.
    SQLite: ``executemany``.
    """
    if not rows.height:
        return
    columns = ", ".join(f'"{name}"' for name in rows.columns)
    done = 0
    if connection.vendor == "postgresql":
        from psycopg.copy import QueuedLibpqWriter

        connection.ensure_connection()
        with connection.connection.cursor() as cursor:
            statement = f"COPY {table} ({columns}) FROM STDIN (FORMAT csv)"
            with cursor.copy(statement, writer=QueuedLibpqWriter(cursor)) as copy:
                for part in rows.iter_slices(slice_rows):
                    buffer = io.BytesIO()
                    part.write_csv(buffer, include_header=False)
                    copy.write(buffer.getvalue())
                    done += part.height
                    progress(done / rows.height)
        return
    placeholders = ", ".join("?" * rows.width)
    statement = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"
    raw = connection.connection
    for part in rows.iter_slices(slice_rows):
        raw.executemany(statement, part.iter_rows())
        done += part.height
        progress(done / rows.height)


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
          AND o.measure_id IN ({", ".join(str(int(m)) for m in measure_ids)})
          AND o.period_id IN ({", ".join(str(int(p)) for p in period_ids.values())})
        GROUP BY o.measure_id, o.period_id
    """
    frame = query_frame(
        sql, [], {"measure_id": pl.Int64, "period_id": pl.Int64, "version": pl.Int64}
    )
    label_of = {pk: label for label, pk in period_ids.items()}
    return {f"{m}|{label_of[p]}": int(v) for m, p, v in frame.iter_rows()}
