"""The bulk write: lock, re-check, supersede, insert. Call it inside ``transaction.atomic``.

1. Lock the measures being written (PostgreSQL: one transaction-scoped advisory lock per
   measure, taken in id order so that two imports cannot deadlock; SQLite: the
   IMMEDIATE transaction already holds the only write lock).
2. Create any reporting period rows the import needs.
3. Read back the distinct dimension ids ``FOR KEY SHARE``: the foreign key check, once
   per id rather than once per row (see ``Observation``'s docstring). A missing id aborts.
4. Compare each series' version with the plan's (see ``plan``): a difference means
   someone wrote to it since the plan was made, and the import stops with a conflict.
5. Mark the superseded observations not current (their values never change), then
   insert the new rows: PostgreSQL ``COPY … FROM STDIN`` in CSV written by Polars, with
   primary keys reserved from the sequence in one step; SQLite ``executemany``. Rows go
   in the unique index's order (period first), so a new period appends to the index.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import polars as pl
from django.db import IntegrityError, connection

from localperf.frames import advisory_lock, frame_write
from localperf.indicators.models import Measure
from localperf.observations.importing.plan import Plan
from localperf.observations.importing.results import ImportConflict
from localperf.observations.importing.store import tables, versions_current
from localperf.observations.models import ReportingPeriod, RowAction
from localperf.places.models import Area, PopulationGroup

# The first key of PostgreSQL's two-key advisory locks: "observations" in this project.
LOCK_NAMESPACE = 0x4F42

# recorded_at, is_current and correction_reason come from database defaults; the batch's
# constant columns are sent only when they hold something, and these only when some row
# has a value in them.
# Above this many superseded ids, a temporary table beats one array parameter.
ARRAY_LIMIT = 10_000
OPTIONAL_COLUMNS = ("numerator", "denominator", "ci_lower", "ci_upper", "sample_size")

Progress = Callable[[float], None]
# What the write reads of the plan's rows (the rest is left behind before the changed rows
# are copied out), and how many rows it gathers and sends at a time.
WRITTEN_COLUMNS = (
    "line",
    "action",
    "key",
    "current_id",
    "measure_id",
    "area_id",
    "group_id",
    "period_no",
    "period_label",
    "period_kind",
    "period_start",
    "period_end",
    "value_number",
    "numerator_number",
    "denominator_number",
    "ci_lower_number",
    "ci_upper_number",
    "sample_size_int",
    "status_value",
    "note_value",
)
INSERT_SLICE = 100_000


@dataclass(frozen=True)
class Authorship:
    """Who and why, the same for every row of one write; a row's own reason for its
    correction (``reasons``, by line: the entry grid's), where it gives one."""

    batch_id: int | None
    user_id: int | None
    source_organisation_id: int | None
    reason: str = ""
    reasons: Mapping[int, str] = field(default_factory=dict)


def plan_write(
    plan: Plan,
    authorship: Authorship,
    *,
    expected_versions: dict[str, int],
    progress: Progress = lambda fraction: None,
) -> tuple[int, int]:
    """Write the plan's changes; returns (created, updated). Raises ``ImportConflict``."""
    changes = plan.changes(WRITTEN_COLUMNS)
    measure_ids = sorted(plan.rows["measure_id"].unique().to_list())
    series_lock(measure_ids)
    if not changes.height:
        versions_verify(expected_versions, measure_ids)
        return 0, 0
    period_ids = periods_ensure(changes)
    dimensions_verify(changes, period_ids)
    versions_verify(expected_versions, measure_ids)
    superseded = changes.filter(pl.col("action") == RowAction.UPDATED)["current_id"].to_list()
    observations_supersede(superseded)
    progress(0.05)
    rows = insert_frame(changes, period_ids, authorship)
    del changes
    first_id = ids_reserve(rows.height) if connection.vendor == "postgresql" else None
    observations_insert(rows, progress, first_id=first_id)
    return rows.height - len(superseded), len(superseded)


# --- 1. lock ----------------------------------------------------------------------


def series_lock(measure_ids: list[int]) -> None:
    for measure_id in measure_ids:
        advisory_lock(LOCK_NAMESPACE, measure_id)


def ids_reserve(count: int) -> int:
    """The first of ``count`` consecutive primary keys taken from the table's sequence.

    Sending ids with the rows is cheaper than a ``nextval`` per row. ``nextval`` then
    ``setval`` is not atomic, so it runs under a short session advisory lock, which
    every bulk write takes; all observations are inserted by this module.
    """
    observation, _ = tables()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [observation])
        sequence = cursor.fetchone()[0]
        cursor.execute("SELECT pg_advisory_lock(%s, 0)", [LOCK_NAMESPACE])
        try:
            cursor.execute("SELECT nextval(%s)", [sequence])
            first = cursor.fetchone()[0]
            cursor.execute("SELECT setval(%s, %s)", [sequence, first + count - 1])
        finally:
            cursor.execute("SELECT pg_advisory_unlock(%s, 0)", [LOCK_NAMESPACE])
    return first


# --- 2. periods -------------------------------------------------------------------


def periods_ensure(rows: pl.DataFrame) -> dict[str, int]:
    # Grouped by the period's number, not its text: far less memory for a million rows.
    wanted = (
        rows.group_by("period_no")
        .agg(pl.col("period_label", "period_kind", "period_start", "period_end").first())
        .drop("period_no")
        .unique()
    )
    ReportingPeriod.objects.bulk_create(
        [
            ReportingPeriod(label=label, kind=kind, start=start, end=end)
            for label, kind, start, end in wanted.iter_rows()
        ],
        ignore_conflicts=True,
    )
    labels = wanted["period_label"].to_list()
    return dict(ReportingPeriod.objects.filter(label__in=labels).values_list("label", "id"))


# --- 3. dimensions ----------------------------------------------------------------


def dimensions_verify(rows: pl.DataFrame, period_ids: dict[str, int]) -> None:
    """Every id about to be written exists, and stays until this transaction ends."""
    wanted = {
        Measure: rows["measure_id"].unique().to_list(),
        Area: rows["area_id"].unique().to_list(),
        PopulationGroup: rows["group_id"].unique().to_list(),
        ReportingPeriod: list(period_ids.values()),
    }
    lock = " FOR KEY SHARE" if connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        for model, ids in wanted.items():
            if None in ids:
                raise IntegrityError(f"an import row has no {model._meta.verbose_name}")
            placeholders = ", ".join(["%s"] * len(ids))
            cursor.execute(
                f"SELECT id FROM {model._meta.db_table} WHERE id IN ({placeholders}){lock}",
                ids,
            )
            found = {row[0] for row in cursor.fetchall()}
            missing = sorted(set(ids) - found)
            if missing:
                raise IntegrityError(
                    f"unknown {model._meta.verbose_name} ids {missing[:10]}: nothing was written"
                )


# --- 4. versions ------------------------------------------------------------------


def versions_verify(expected: dict[str, int], measure_ids: list[int]) -> None:
    labels = sorted({key.split("|", 1)[1] for key in expected})
    actual = versions_current(measure_ids, labels)
    stale = sorted(key for key, version in expected.items() if actual.get(key, 0) != version)
    if stale:
        codes = dict(
            (m.pk, m.code)
            for m in Measure.objects.filter(
                pk__in={int(k.split("|")[0]) for k in stale}
            ).select_related("indicator")
        )
        named = [f"{codes.get(int(k.split('|')[0]), k)} {k.split('|', 1)[1]}" for k in stale]
        shown = ", ".join(named[:5]) + (f" and {len(named) - 5} more" if len(named) > 5 else "")
        raise ImportConflict(
            f"Someone else changed figures for {shown} after these were checked. "
            "Nothing was imported: check the file again to see what it would change now.",
            named,
        )


# --- 5. supersede and insert ------------------------------------------------------


def observations_supersede(ids: list[int]) -> None:
    """Mark these observations not current: every one must still be current."""
    if not ids:
        return
    observation, _ = tables()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and len(ids) <= ARRAY_LIMIT:
            cursor.execute(
                f"UPDATE {observation} SET is_current = false WHERE id = ANY(%s) AND is_current",
                [ids],
            )
        else:
            # Many ids: through a temporary table, filled in bulk, rather than one parameter.
            cursor.execute("CREATE TEMP TABLE IF NOT EXISTS observation_superseded (id bigint)")
            cursor.execute("DELETE FROM observation_superseded")
            superseded = pl.DataFrame({"id": ids}, schema={"id": pl.Int64})
            frame_write("observation_superseded", superseded)
            cursor.execute(
                f"UPDATE {observation} SET is_current = %s "
                "WHERE id IN (SELECT id FROM observation_superseded) AND is_current",
                [False],
            )
        changed = cursor.rowcount
        if connection.vendor != "postgresql" or len(ids) > ARRAY_LIMIT:
            cursor.execute("DELETE FROM observation_superseded")
    if changed != len(ids):
        raise ImportConflict(
            f"{len(ids) - changed} of the figures to be replaced were replaced by someone else "
            "meanwhile. Nothing was imported: check the file again.",
            [],
        )


def insert_frame(
    changes: pl.DataFrame, period_ids: dict[str, int], authorship: Authorship
) -> pl.DataFrame:
    """The rows to insert, with the packed ``key`` that orders them (``observations_insert``)."""
    updated = pl.col("action") == RowAction.UPDATED
    columns = {
        "measure_id": pl.col("measure_id"),
        "period_id": pl.col("period_label").replace_strict(period_ids, return_dtype=pl.Int64),
        "area_id": pl.col("area_id"),
        "population_group_id": pl.col("group_id"),
        "value": pl.col("value_number"),
        "numerator": pl.col("numerator_number"),
        "denominator": pl.col("denominator_number"),
        "ci_lower": pl.col("ci_lower_number"),
        "ci_upper": pl.col("ci_upper_number"),
        "sample_size": pl.col("sample_size_int"),
        "status": pl.col("status_value").cast(pl.String),
        "note": pl.col("note_value"),
    }
    constants = {
        "source_organisation_id": authorship.source_organisation_id,
        "recorded_by_id": authorship.user_id,
        "import_batch_id": authorship.batch_id,
    }
    for name, value in constants.items():
        if value is not None:
            columns[name] = pl.lit(value, dtype=pl.Int64)
    if changes.select(updated.any()).item():
        columns["supersedes_id"] = pl.when(updated).then(pl.col("current_id"))
        if authorship.reasons:
            by_line = pl.col("line").replace_strict(
                dict(authorship.reasons), default=authorship.reason, return_dtype=pl.String
            )
            columns["correction_reason"] = pl.when(updated).then(by_line).otherwise(pl.lit(""))
        elif authorship.reason:
            columns["correction_reason"] = (
                pl.when(updated).then(pl.lit(authorship.reason)).otherwise(pl.lit(""))
            )
    rows = changes.select("key", **columns)
    # A column empty in every row is left to its database default (NULL, or "" for a note).
    empty = [c for c in OPTIONAL_COLUMNS if rows[c].null_count() == rows.height]
    if rows.height and (rows["note"] == "").all():
        empty.append("note")
    return rows.drop(empty)


def observations_insert(
    rows: pl.DataFrame, progress: Progress, *, first_id: int | None = None
) -> None:
    """Insert ``insert_frame``'s rows in the unique index's order (period id, then the
    packed key), so that a new period appends to the index; numbered from ``first_id``
    in that order when given. Each slice is gathered in order as it is written: the
    sorted rows are never held whole (issue 16)."""
    observation, _ = tables()
    order = rows.select(pl.arg_sort_by("period_id", "key")).to_series()
    rows = rows.drop("key")
    for start in range(0, rows.height, INSERT_SLICE):
        part = rows[order.slice(start, INSERT_SLICE)]
        if first_id is not None:
            numbers = pl.int_range(start, start + part.height, dtype=pl.Int64) + first_id
            part = part.with_columns(id=numbers)
        frame_write(observation, part)
        progress(0.05 + 0.95 * min(1.0, (start + part.height) / rows.height))
