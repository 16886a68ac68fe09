"""The row-by-row summary a batch's page shows (``ImportRowResult``): every row of a
small file with its action and problems; for a big one, every rejected or warned row
(up to ``ROW_RESULT_LIMIT``) and a sample of each other action, the batch marked
truncated. Written with one bulk write, as the cells were written (NUL made visible,
which PostgreSQL cannot hold).
"""

from __future__ import annotations

import polars as pl
from django.db import transaction

from localperf.frames import frame_write
from localperf.observations.importing.outcomes import batch_set
from localperf.observations.importing.plan import Plan
from localperf.observations.importing.results import ERROR, WARNING
from localperf.observations.importing.validate import Checked
from localperf.observations.models import ImportBatch, ImportRowResult, RowAction

# The summary page keeps every row of a file up to this size; beyond it, every rejected
# or warned row (up to the same number) and a sample of each other action.
ROW_RESULT_LIMIT = 10_000
ROW_SAMPLE_PER_ACTION = 1_000
SHOWN = ["line", "measure", "area", "period", "group", "value"]


def row_results_store(
    batch: ImportBatch, checked: Checked, plan: Plan, problems: pl.DataFrame
) -> None:
    """The rows the summary page shows: all of a small file; for a big one, every rejected
    or warned row (up to the limit) and a sample of each other action."""
    per_line = problems.group_by("line").agg(
        errors=pl.struct("column", "message", "suggestion").filter(pl.col("severity") == ERROR),
        warnings=pl.struct("column", "message", "suggestion").filter(pl.col("severity") == WARNING),
    )
    skipped = checked.skipped.select(SHOWN) if checked.skipped_count else None
    truncated = checked.rows.height + checked.skipped_count > ROW_RESULT_LIMIT
    if skipped is not None and truncated:
        skipped = skipped.head(ROW_SAMPLE_PER_ACTION)
    actions = _actions(plan, skipped)
    if truncated:
        per_line = per_line.sort("line").head(ROW_RESULT_LIMIT)
        rows = _noted_and_sampled(checked, plan, per_line)
    else:
        rows = checked.rows.select(SHOWN)
    if skipped is not None:
        rows = pl.concat([rows, skipped], how="vertical_relaxed")
    rows = _as_records(batch, rows, actions, per_line)
    with transaction.atomic():
        ImportRowResult.objects.filter(batch=batch).delete()
        frame_write(ImportRowResult._meta.db_table, rows)
    if truncated != batch.rows_truncated:
        batch_set(batch, rows_truncated=truncated)


def _actions(plan: Plan, skipped: pl.DataFrame | None) -> pl.DataFrame:
    """Each line's action and previous value: the plan's, and the skipped rows'."""
    actions = plan.rows.select("line", "action", "previous_value")
    if skipped is None:
        return actions
    return pl.concat(
        [
            actions,
            skipped.select(
                "line",
                action=pl.lit(RowAction.SKIPPED.value),
                previous_value=pl.lit(None, dtype=pl.Float64),
            ),
        ],
        how="vertical_relaxed",
    )


def _noted_and_sampled(checked: Checked, plan: Plan, per_line: pl.DataFrame) -> pl.DataFrame:
    """A big file's rows kept: those with a problem, and a sample of each other action."""
    # A filter, not a semi join: the join gathers the whole wide frame into one piece first.
    noted = checked.rows.filter(pl.col("line").is_in(per_line["line"].implode()))
    # Each action's first rows, enough of them that the noted ones can be left out: only
    # those few are copied, not every planned row (issue 16).
    enough = ROW_SAMPLE_PER_ACTION + per_line.height
    action = pl.col("action")
    firsts = pl.concat(
        plan.rows.select(pl.arg_where(action == value).head(enough)).to_series()
        for value in RowAction.values
    ).sort()
    sample = (
        plan.rows.select(*SHOWN, "action")[firsts]
        .join(per_line.select("line"), on="line", how="anti")
        .group_by("action", maintain_order=True)
        .head(ROW_SAMPLE_PER_ACTION)
        .select(SHOWN)
    )
    return pl.concat([noted.select(SHOWN), sample], how="vertical_relaxed")


def _as_records(
    batch: ImportBatch, rows: pl.DataFrame, actions: pl.DataFrame, per_line: pl.DataFrame
) -> pl.DataFrame:
    """The rows in ``ImportRowResult``'s columns: a row with an error is rejected."""
    # The actions of these rows alone first: a join would hash every planned row's line.
    actions = actions.join(rows.select("line"), on="line", how="semi")
    return (
        rows.join(actions, on="line", how="left")
        .join(per_line, on="line", how="full", coalesce=True)
        .sort("line")
        .select(
            batch_id=pl.lit(batch.pk, dtype=pl.Int64),
            line=pl.col("line").clip(0),
            action=pl.when(pl.col("errors").list.len() > 0)
            .then(pl.lit(RowAction.REJECTED.value))
            .otherwise(pl.col("action"))
            .fill_null(RowAction.REJECTED.value),
            measure=_text(pl.col("measure"), 60),
            area=_text(pl.col("area"), 60),
            period=_text(pl.col("period"), 60),
            group=_text(pl.col("group"), 80),
            value=_text(pl.col("value"), 60),
            previous_value=pl.col("previous_value"),
            problems=_json_list(pl.col("errors")),
            warnings=_json_list(pl.col("warnings")),
        )
    )


def _text(column: pl.Expr, length: int) -> pl.Expr:
    # As written, but NUL (rejected anyway) shown as U+FFFD: PostgreSQL text cannot hold it.
    return column.fill_null("").str.replace_all("\x00", "\ufffd", literal=True).str.slice(0, length)


def _json_list(column: pl.Expr) -> pl.Expr:
    """A list of problem structs as the JSON text the JSONField holds."""
    items = column.list.eval(pl.element().struct.json_encode()).list.join(",")
    # A message quoting a cell with NUL in it: jsonb cannot hold \u0000 either.
    items = items.str.replace_all("\\u0000", "\\ufffd", literal=True)
    return pl.format("[{}]", items.fill_null(""))
