"""Importing, submitting, correcting and exporting observations: the only ways figures
enter or leave the store, for the web, the API, the command line and the tasks alike.

Every path runs the same pipeline: parse → check (``validate``) → plan against the
current figures (``plan``) → write in one transaction (``write``), or stop after the plan
for a dry run. A real run writes all its rows or none: one rejected row fails it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

import polars as pl
from django.db import IntegrityError, transaction
from django.utils import timezone

from localperf import after_commit
from localperf.frames import frame_write
from localperf.observations import permissions
from localperf.observations.importing.export import observations_export
from localperf.observations.importing.layout import COLUMNS
from localperf.observations.importing.limits import import_limits
from localperf.observations.importing.parse import (
    ParsedFile,
    parse_file,
    records_frame,
)
from localperf.observations.importing.plan import (
    Plan,
    current_keyed,
    plan_rows,
    plan_versions,
    stored_for,
)
from localperf.observations.importing.progress import BatchProgress, Echo
from localperf.observations.importing.reference import dimensions_load
from localperf.observations.importing.results import (
    ERROR,
    WARNING,
    Counts,
    FileError,
    ImportConflict,
    ImportResult,
    Problem,
)
from localperf.observations.importing.rights_check import final_status_problems
from localperf.observations.importing.validate import Checked, observations_check
from localperf.observations.importing.write import Authorship, plan_write
from localperf.observations.models import (
    ImportBatch,
    ImportFormat,
    ImportRowResult,
    ImportStatus,
    ImportUpload,
    Observation,
    RowAction,
)
from localperf.observations.rights import FigureRights, figure_rights_for

__all__ = [
    "import_batch_create",
    "import_batch_run",
    "observation_correct",
    "observation_import",
    "observation_submit",
    "observations_export",
]

logger = logging.getLogger(__name__)

# The summary page keeps every row of a file up to this size; beyond it, every rejected
# or warned row (up to the same number) and a sample of each other action.
ROW_RESULT_LIMIT = 10_000
ROW_SAMPLE_PER_ACTION = 1_000
PROBLEMS_IN_RESULT = 1_000

FileInput = bytes | str | Path | BinaryIO
Progress = Callable[[float, str], None]


# --- entry points -----------------------------------------------------------------


def observation_import(
    *,
    file: FileInput,
    user,
    dry_run: bool,
    file_name: str = "",
    reason: str = "",
    echo: Echo | None = None,
) -> ImportResult:
    """Import a CSV or XLSX file of observations (dry run or real), as ``user``: only
    the figures ``user`` may write (``rights.figure_rights_for``; no user, the command
    line, may write any); a row outside that right is rejected, naming the line, area and
    measure, and then nothing is imported."""
    content, name = _read(file, file_name)
    batch = ImportBatch.objects.create(
        created_by=user if _is_user(user) else None,
        file_name=_clean_text(name)[:255],
        file_format=_format_of(content),
        reason=_clean_text(reason),
    )
    return _pipeline(
        batch,
        lambda: parse_file(content, name),
        rights=figure_rights_for(user),
        dry_run=dry_run,
        progress=BatchProgress(batch.pk, echo),
        skip_blank=True,
    )


def import_batch_create(
    *,
    content: bytes,
    file_name: str,
    user,
    reason: str = "",
) -> ImportBatch:
    """A pending batch holding the uploaded bytes, ready for a dry run or a real run; it
    runs with its creator's rights as they are when it runs."""
    batch = ImportBatch.objects.create(
        created_by=user if _is_user(user) else None,
        file_name=_clean_text(file_name)[:255],
        file_format=_format_of(content),
        reason=_clean_text(reason),
    )
    ImportUpload.objects.create(batch=batch, content=content, size=len(content))
    return batch


def import_batch_run(
    batch: ImportBatch, *, dry_run: bool, echo: Echo | None = None
) -> ImportResult:
    """Check (dry run) or import a stored batch. Confirming a dry run commits only if
    no figure it planned against has changed since; otherwise the batch is a conflict."""
    upload = ImportUpload.objects.filter(batch=batch).first()
    if upload is None:
        gone = Problem(0, "", "The uploaded file is no longer kept: upload it again.")
        return _failed(batch, [gone])
    content = bytes(upload.content)
    # Confirming a dry run: commit only against what the dry run saw (its versions).
    confirming = not dry_run and batch.checked_at is not None
    expected = dict(batch.planned_versions) if confirming else None
    result = _pipeline(
        batch,
        lambda: parse_file(content, batch.file_name),
        # A stored batch is always an upload by a signed-in user: without one, no right.
        rights=figure_rights_for(batch.created_by) if batch.created_by_id else FigureRights(),
        dry_run=dry_run,
        progress=BatchProgress(batch.pk, echo),
        expected_versions=expected,
        keep_row_results=not confirming,
        skip_blank=True,
    )
    if result.status == ImportStatus.COMMITTED:
        ImportUpload.objects.filter(batch=batch).delete()  # the figures are stored now
    return result


def observation_submit(
    *,
    rows: list[dict[str, object]],
    user,
    dry_run: bool = False,
    reason: str = "",
) -> ImportResult:
    """Submit figures given as mappings with the layout's column names (the JSON API):
    an idempotent upsert on the natural key; the same checks, rights and messages as a
    file."""
    batch = ImportBatch.objects.create(
        created_by=user if _is_user(user) else None,
        file_name=f"{len(rows)} row(s) through the API",
        file_format=ImportFormat.JSON,
        reason=_clean_text(reason),
    )
    return _pipeline(
        batch,
        lambda: records_frame(rows),
        rights=figure_rights_for(user),
        dry_run=dry_run,
        progress=BatchProgress(None),
    )


def observation_correct(
    *,
    observation: Observation,
    user,
    reason: str,
    **changes: object,
) -> ImportResult:
    """Correct one figure: a new current row supersedes it, with the reason recorded.

    ``changes`` are layout columns (value, numerator, …, status, note). The figure must
    still be the current one; if someone changed it meanwhile, the result is a conflict.
    """
    unknown = set(changes) - set(COLUMNS[4:])
    if unknown:
        raise TypeError(f"not correctable: {', '.join(sorted(unknown))}")
    if not reason.strip():
        return ImportResult(
            None,
            ImportStatus.FAILED,
            False,
            problems=[Problem(1, "reason", "Give a reason for the correction.")],
            message="Give a reason for the correction.",
        )
    record = observation_record(observation) | {
        k: ("" if v is None else v) for k, v in changes.items()
    }
    batch = ImportBatch.objects.create(
        created_by=user if _is_user(user) else None,
        file_name=f"correction of observation {observation.pk}",
        file_format=ImportFormat.FORM,
        reason=_clean_text(reason.strip()),
    )
    return _pipeline(
        batch,
        lambda: records_frame([record]),
        rights=figure_rights_for(user),
        dry_run=False,
        progress=BatchProgress(None),
        require_current_id=observation.pk,
    )


def observation_record(observation: Observation) -> dict[str, object]:
    """An observation in the layout's columns, as an export writes it."""
    group = observation.population_group
    return {
        "measure": observation.measure.code,
        "area": observation.area.code,
        "period": observation.period.label,
        "group": "" if group.dimension == "all" else f"{group.dimension}:{group.code}",
        "value": observation.value,
        "numerator": observation.numerator,
        "denominator": observation.denominator,
        "ci_lower": observation.ci_lower,
        "ci_upper": observation.ci_upper,
        "sample_size": observation.sample_size,
        "status": observation.status,
        "note": observation.note,
    }


# --- the pipeline -----------------------------------------------------------------


def _pipeline(
    batch: ImportBatch,
    read: Callable[[], ParsedFile],
    *,
    rights: FigureRights,
    dry_run: bool,
    progress: Progress,
    expected_versions: dict[str, int] | None = None,
    keep_row_results: bool = True,
    require_current_id: int | None = None,
    skip_blank: bool = False,
) -> ImportResult:
    """``skip_blank``: a file's rows without any figure are skipped, not rejected (a
    template's rows not filled in); the API and a correction must give the value."""
    if not dry_run:
        _set(batch, status=ImportStatus.RUNNING, progress=0)
    progress(1, "Reading the file")
    try:
        parsed = read()
    except FileError as error:
        return _failed(batch, error.problems)
    progress(15, "Checking every row")
    dimensions = dimensions_load()
    try:
        checked = observations_check(
            parsed,
            dimensions,
            rights=rights,
            # Rule D9 follows the figure's source organisation (the submitter's), whatever
            # the way in: web, API, command line or task.
            local_measure_ids=permissions.local_measure_ids_for(batch.created_by),
            skip_blank=skip_blank,
        )
    except FileError as error:  # more periods than an import takes
        return _failed(batch, error.problems)
    progress(35, "Comparing with the stored figures")
    valid = checked.valid()
    versions = plan_versions(valid)  # before the rows: see plan_rows
    current = current_keyed(stored_for(valid), dimensions, checked.periods)
    plan = plan_rows(valid, current, versions)
    refused_final = final_status_problems(plan.rows, rights, dimensions)
    plan = plan.without_lines(refused_final["line"])
    problems = pl.concat(
        [checked.problems, plan.warnings, refused_final], how="vertical_relaxed"
    ).sort("line", maintain_order=True)
    counts = _counts(parsed, checked, plan, problems)
    progress(50, "Recording the summary")
    if keep_row_results:
        _row_results_store(batch, checked, plan, problems)
    result = ImportResult(
        batch.pk,
        batch.status,
        dry_run,
        counts,
        problems=_problem_list(problems, ERROR),
        warnings=_problem_list(problems, WARNING),
    )
    if dry_run:
        return _checked(batch, result, plan)
    if counts.rejected:
        return _refused(batch, result)
    if require_current_id is not None and not _still_current(plan, require_current_id):
        return _conflict(
            batch, result, "This figure was changed by someone else: reload it and try again."
        )
    expected = plan.versions if expected_versions is None else expected_versions
    return _commit(batch, result, plan, expected, progress)


def _commit(
    batch: ImportBatch,
    result: ImportResult,
    plan: Plan,
    expected_versions: dict[str, int],
    progress: Progress,
) -> ImportResult:
    user = batch.created_by
    authorship = Authorship(
        batch_id=batch.pk,
        user_id=user.pk if user else None,
        source_organisation_id=user.organisation_id if user else None,
        reason=batch.reason,
    )
    progress(60, f"Writing {plan.changes().height:,} figures")
    try:
        with transaction.atomic():
            created, updated = plan_write(
                plan,
                authorship,
                expected_versions=expected_versions,
                progress=lambda f: progress(60 + 39 * f, "Writing figures"),
            )
            _changed_notify(plan)
            result.counts.created, result.counts.updated = created, updated
            result.status = ImportStatus.COMMITTED
            result.message = f"Imported: {result.counts}."
            _set(
                batch,
                status=ImportStatus.COMMITTED,
                message=result.message,
                progress=100,
                phase="Done",
                finished_at=timezone.now(),
                **_count_fields(result.counts),
            )
    except ImportConflict as conflict:
        return _conflict(batch, result, str(conflict))
    except IntegrityError:
        # The unique index caught a concurrent write the version check could not see.
        logger.warning("import %s hit a unique violation", batch.pk, exc_info=True)
        return _conflict(
            batch,
            result,
            "Someone else changed some of these figures at the same moment. Nothing was "
            "imported: check the file again.",
        )
    progress(100, "Done")
    return result


def _changed_notify(plan: Plan) -> None:
    """After commit, tell the layers above which series changed (``after_commit``)."""
    changes = plan.changes()
    if changes.height:
        after_commit.notify(
            "observations_changed",
            measure_ids=changes["measure_id"].unique().to_list(),
            area_ids=changes["area_id"].unique().to_list(),
        )


def _checked(batch: ImportBatch, result: ImportResult, plan: Plan) -> ImportResult:
    result.status = ImportStatus.DRY_RUN
    result.message = f"Checked: {result.counts}. Nothing has been imported yet."
    _set(
        batch,
        status=ImportStatus.DRY_RUN,
        message=result.message,
        planned_versions=plan.versions,
        checked_at=timezone.now(),
        progress=100,
        phase="Checked",
        **_count_fields(result.counts),
    )
    return result


def _refused(batch: ImportBatch, result: ImportResult) -> ImportResult:
    result.status = ImportStatus.FAILED
    result.message = (
        f"{result.counts.rejected:,} row(s) rejected, so nothing was saved: every row is "
        "saved or none. Correct the rows listed and try again."
    )
    _set(
        batch,
        status=ImportStatus.FAILED,
        message=result.message,
        finished_at=timezone.now(),
        progress=100,
        phase="Not imported",
        **_count_fields(result.counts),
    )
    return result


def _conflict(batch: ImportBatch, result: ImportResult, message: str) -> ImportResult:
    result.status = ImportStatus.CONFLICT
    result.message = message
    result.counts.created = result.counts.updated = 0
    _set(
        batch,
        status=ImportStatus.CONFLICT,
        message=message,
        finished_at=timezone.now(),
        progress=100,
        phase="Conflict",
    )
    return result


def _failed(batch: ImportBatch, problems: list[Problem]) -> ImportResult:
    message = "The file could not be read, so nothing was imported: " + "; ".join(
        str(p) for p in problems[:3]
    )
    ImportRowResult.objects.filter(batch=batch).delete()
    ImportRowResult.objects.bulk_create(
        ImportRowResult(batch=batch, line=p.line, action=RowAction.REJECTED, problems=[p.as_dict()])
        for p in problems
    )
    _set(
        batch,
        status=ImportStatus.FAILED,
        message=message,
        finished_at=timezone.now(),
        progress=100,
        phase="Not imported",
    )
    return ImportResult(batch.pk, ImportStatus.FAILED, False, Counts(), problems, message=message)


def _still_current(plan: Plan, observation_id: int) -> bool:
    return plan.rows.height == 1 and plan.rows["current_id"][0] == observation_id


# --- counts and the row-by-row summary ----------------------------------------------


def _counts(parsed: ParsedFile, checked: Checked, plan: Plan, problems: pl.DataFrame) -> Counts:
    rejected_lines = problems.filter(pl.col("severity") == ERROR)["line"].n_unique()
    return Counts(
        created=plan.count(RowAction.CREATED),
        updated=plan.count(RowAction.UPDATED),
        unchanged=plan.count(RowAction.UNCHANGED),
        rejected=rejected_lines,
        warnings=int((problems["severity"] == WARNING).sum()),
        skipped=checked.skipped_count,
    )


def _count_fields(counts: Counts) -> dict[str, int]:
    return {
        "row_count": counts.rows,
        "created_count": counts.created,
        "updated_count": counts.updated,
        "unchanged_count": counts.unchanged,
        "rejected_count": counts.rejected,
        "warning_count": counts.warnings,
        "skipped_count": counts.skipped,
    }


def _problem_list(problems: pl.DataFrame, severity: str) -> list[Problem]:
    chosen = problems.filter(pl.col("severity") == severity).head(PROBLEMS_IN_RESULT)
    return [Problem(*row) for row in chosen.iter_rows()]


def _row_results_store(
    batch: ImportBatch, checked: Checked, plan: Plan, problems: pl.DataFrame
) -> None:
    """The rows the summary page shows: all of a small file; for a big one, every rejected
    or warned row (up to the limit) and a sample of each other action."""
    shown = ["line", "measure", "area", "period", "group", "value"]
    per_line = problems.group_by("line").agg(
        errors=pl.struct("column", "message", "suggestion").filter(pl.col("severity") == ERROR),
        warnings=pl.struct("column", "message", "suggestion").filter(pl.col("severity") == WARNING),
    )
    skipped = checked.skipped.select(shown) if checked.skipped_count else None
    truncated = checked.rows.height + checked.skipped_count > ROW_RESULT_LIMIT
    if skipped is not None and truncated:
        skipped = skipped.head(ROW_SAMPLE_PER_ACTION)
    actions = plan.rows.select("line", "action", "previous_value")
    if skipped is not None:
        actions = pl.concat(
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
    if truncated:
        per_line = per_line.sort("line").head(ROW_RESULT_LIMIT)
        noted = checked.rows.join(per_line.select("line"), on="line", how="semi")
        sample = (
            plan.rows.select(*shown, "action")
            .join(per_line.select("line"), on="line", how="anti")
            .group_by("action", maintain_order=True)
            .head(ROW_SAMPLE_PER_ACTION)
            .select(shown)
        )
        rows = pl.concat([noted.select(shown), sample], how="vertical_relaxed")
    else:
        rows = checked.rows.select(shown)
    if skipped is not None:
        rows = pl.concat([rows, skipped], how="vertical_relaxed")
    rows = (
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
    with transaction.atomic():
        ImportRowResult.objects.filter(batch=batch).delete()
        frame_write(ImportRowResult._meta.db_table, rows)
    if truncated != batch.rows_truncated:
        _set(batch, rows_truncated=truncated)


def _text(column: pl.Expr, length: int) -> pl.Expr:
    # As written, but NUL (rejected anyway) shown as U+FFFD: PostgreSQL text cannot hold it.
    return column.fill_null("").str.replace_all("\x00", "\ufffd", literal=True).str.slice(0, length)


def _json_list(column: pl.Expr) -> pl.Expr:
    """A list of problem structs as the JSON text the JSONField holds."""
    items = column.list.eval(pl.element().struct.json_encode()).list.join(",")
    # A message quoting a cell with NUL in it: jsonb cannot hold \u0000 either.
    items = items.str.replace_all("\\u0000", "\\ufffd", literal=True)
    return pl.format("[{}]", items.fill_null(""))


# --- small helpers ----------------------------------------------------------------


def _set(batch: ImportBatch, **fields: object) -> None:
    for name, value in fields.items():
        setattr(batch, name, value)
    ImportBatch.objects.filter(pk=batch.pk).update(**fields)


def _clean_text(text: str) -> str:
    """PostgreSQL text cannot hold NUL."""
    return text.replace("\x00", "\ufffd")


def _format_of(content: bytes) -> str:
    return ImportFormat.XLSX if content[:4] == b"PK\x03\x04" else ImportFormat.CSV


def _is_user(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


def _read(file: FileInput, file_name: str) -> tuple[bytes, str]:
    """The file's bytes, never more than one past the size limit (which ``parse_file``
    then refuses, naming it)."""
    most = import_limits().max_bytes + 1
    if isinstance(file, bytes):
        return file, Path(file_name).name
    if isinstance(file, str | Path):
        with Path(file).open("rb") as stream:
            return stream.read(most), Path(file_name or file).name
    name = file_name or getattr(file, "name", "") or ""
    return file.read(most), Path(name).name
