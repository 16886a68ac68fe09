"""Importing, submitting, correcting and exporting observations: the only ways figures
enter or leave the store, for the web, the API, the command line and the tasks alike.

Every path runs the same pipeline: parse → check (``validate``) → plan against the
current figures (``plan``) → write in one transaction (``write``), or stop after the plan
for a dry run. A real run writes all its rows or none: one rejected row fails it.

Here are the entry points and the pipeline's steps; each step's work is in its own room:
``upload`` (the bytes), ``parse``, ``validate``, ``plan`` and ``rights_check``,
``row_results`` (the summary page's rows), ``outcomes`` (how a run ends) and ``commit``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import polars as pl

from localperf.observations import permissions
from localperf.observations.importing.commit import plan_commit
from localperf.observations.importing.export import observations_export
from localperf.observations.importing.layout import COLUMNS
from localperf.observations.importing.outcomes import (
    batch_checked,
    batch_conflict,
    batch_failed,
    batch_refused,
    batch_set,
    counts_of,
    problem_list,
)
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
from localperf.observations.importing.progress import BatchProgress, Echo, Progress
from localperf.observations.importing.reference import Dimensions, dimensions_load
from localperf.observations.importing.results import (
    ERROR,
    WARNING,
    FileError,
    ImportResult,
    Problem,
    problems_frame,
)
from localperf.observations.importing.rights_check import final_status_problems
from localperf.observations.importing.row_results import row_results_store
from localperf.observations.importing.upload import (
    FileInput,
    clean_text,
    format_of,
    is_user,
    upload_read,
)
from localperf.observations.importing.validate import Checked, observations_check
from localperf.observations.importing.write import WRITTEN_COLUMNS
from localperf.observations.models import (
    ImportBatch,
    ImportFormat,
    ImportStatus,
    ImportUpload,
    Observation,
    RowAction,
    WayIn,
)
from localperf.observations.rights import FigureRights, figure_rights_for

__all__ = [
    "import_batch_create",
    "import_batch_run",
    "observation_correct",
    "observation_import",
    "observations_enter",
    "observation_submit",
    "observations_export",
]


CORRECTION_NEEDS_REASON = "Give a reason for the correction."

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
    content, name = upload_read(file, file_name)
    batch = ImportBatch.objects.create(
        way_in=WayIn.FILE,
        created_by=user if is_user(user) else None,
        file_name=clean_text(name)[:255],
        file_format=format_of(content),
        reason=clean_text(reason),
    )
    read = _parse_once(content, name)
    del content  # held by ``read`` alone, and let go once parsed
    return _pipeline(
        batch,
        read,
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
        way_in=WayIn.FILE,
        created_by=user if is_user(user) else None,
        file_name=clean_text(file_name)[:255],
        file_format=format_of(content),
        reason=clean_text(reason),
    )
    ImportUpload.objects.create(batch=batch, content=content, size=len(content))
    return batch


def import_batch_run(
    batch: ImportBatch, *, dry_run: bool, echo: Echo | None = None
) -> ImportResult:
    """Check (dry run) or import a stored batch. Confirming a dry run commits only if
    no figure it planned against has changed since; otherwise the batch is a conflict."""
    kept = ImportUpload.objects.filter(batch=batch).values_list("content", flat=True).first()
    if kept is None:
        gone = Problem(0, "", "The uploaded file is no longer kept: upload it again.")
        return batch_failed(batch, [gone])
    read = _parse_once(bytes(kept), batch.file_name)
    del kept  # held by ``read`` alone, and let go once parsed
    # Confirming a dry run: commit only against what the dry run saw (its versions).
    confirming = not dry_run and batch.checked_at is not None
    expected = dict(batch.planned_versions) if confirming else None
    result = _pipeline(
        batch,
        read,
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
        way_in=WayIn.API,
        created_by=user if is_user(user) else None,
        file_name=f"{len(rows)} row(s) through the API",
        file_format=ImportFormat.JSON,
        reason=clean_text(reason),
    )
    return _pipeline(
        batch,
        lambda: records_frame(rows),
        rights=figure_rights_for(user),
        dry_run=dry_run,
        progress=BatchProgress(None),
    )


def observations_enter(
    *,
    rows: list[dict[str, object]],
    reasons: Mapping[int, str],
    user,
    dry_run: bool = False,
) -> ImportResult:
    """Save a page of figures typed into the entry grid, all or none: new figures are
    created, changed ones corrected, each correction with its own reason (``reasons``,
    by line: row *n* of ``rows`` is line *n*). A changed figure without a reason is
    refused on its line, column ``reason``, as ``observation_correct`` refuses one."""
    batch = ImportBatch.objects.create(
        way_in=WayIn.GRID,
        created_by=user if is_user(user) else None,
        file_name=f"{len(rows)} figure(s) from the entry grid",
        file_format=ImportFormat.FORM,
    )
    return _pipeline(
        batch,
        lambda: records_frame(rows),
        rights=figure_rights_for(user),
        dry_run=dry_run,
        progress=BatchProgress(None),
        reasons={line: text for line, text in reasons.items() if text.strip()},
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
            problems=[Problem(1, "reason", CORRECTION_NEEDS_REASON)],
            message=CORRECTION_NEEDS_REASON,
        )
    record = observation_record(observation) | {
        k: ("" if v is None else v) for k, v in changes.items()
    }
    batch = ImportBatch.objects.create(
        way_in=WayIn.CORRECTION,
        created_by=user if is_user(user) else None,
        file_name=f"correction of observation {observation.pk}",
        file_format=ImportFormat.FORM,
        reason=clean_text(reason.strip()),
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


# --- the pipeline's steps ---------------------------------------------------------


def _parse_once(content: bytes, name: str) -> Callable[[], ParsedFile]:
    """The file's parse, holding its bytes only until then: a 70 MB file is not kept
    while its rows are checked, planned and written (issue 16)."""
    held = [content]
    return lambda: parse_file(held.pop(), name)


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
    reasons: Mapping[int, str] | None = None,
) -> ImportResult:
    """``skip_blank``: a file's rows without any figure are skipped, not rejected (a
    template's rows not filled in); the API and a correction must give the value.
    ``reasons``: each line's reason for its correction, a correction without one being
    refused (the entry grid); None: the batch's reason, if any, for every line."""
    if not dry_run:
        batch_set(batch, status=ImportStatus.RUNNING, progress=0)
    progress(1, "Reading the file")
    try:
        parsed = read()
        progress(15, "Checking every row")
        dimensions = dimensions_load()
        checked = _check(batch, parsed, dimensions, rights=rights, skip_blank=skip_blank)
        parsed = parsed.without_rows()
    except FileError as error:  # unreadable, or more periods than an import takes
        return batch_failed(batch, error.problems)
    progress(35, "Comparing with the stored figures")
    plan, problems = _plan(checked, dimensions, rights, reasons)
    problems = parsed.in_file_terms(problems)
    counts = counts_of(parsed, checked, plan, problems)
    progress(50, "Recording the summary")
    if keep_row_results:
        row_results_store(batch, checked, plan, problems)
    # The cells as written served the summary; the write reads the typed values alone, and
    # a million rows' text is let go before it (issue 16).
    del checked
    plan = plan.narrowed(WRITTEN_COLUMNS)
    result = ImportResult(
        batch.pk,
        batch.status,
        dry_run,
        counts,
        problems=problem_list(problems, ERROR),
        warnings=problem_list(problems, WARNING),
    )
    if dry_run:
        return batch_checked(batch, result, plan)
    if counts.rejected:
        return batch_refused(batch, result)
    if require_current_id is not None and not _still_current(plan, require_current_id):
        return batch_conflict(
            batch, result, "This figure was changed by someone else: reload it and try again."
        )
    expected = plan.versions if expected_versions is None else expected_versions
    return plan_commit(batch, result, plan, expected, progress, reasons)


def _check(
    batch: ImportBatch,
    parsed: ParsedFile,
    dimensions: Dimensions,
    *,
    rights: FigureRights,
    skip_blank: bool,
) -> Checked:
    """Every row checked (``validate``), with the submitter's rights."""
    return observations_check(
        parsed,
        dimensions,
        rights=rights,
        # Rule D9 follows the figure's source organisation (the submitter's), whatever
        # the way in: web, API, command line or task.
        local_measure_ids=permissions.local_measure_ids_for(batch.created_by),
        skip_blank=skip_blank,
    )


def _plan(
    checked: Checked,
    dimensions: Dimensions,
    rights: FigureRights,
    reasons: Mapping[int, str] | None = None,
) -> tuple[Plan, pl.DataFrame]:
    """What the valid rows would do to the stored figures, less the final figures the
    submitter may not set (and, when reasons are given by line, the corrections without
    one); and every problem, by line."""
    valid = checked.valid()
    versions = plan_versions(valid)  # before the rows: see plan_rows
    # The stored figures are held by ``plan_rows`` alone, which lets go of what it is done with.
    plan = plan_rows(valid, current_keyed(stored_for(valid), dimensions, checked.periods), versions)
    refused = [final_status_problems(plan.rows, rights, dimensions)]
    if reasons is not None:
        refused.append(_unexplained_corrections(plan, reasons))
    refused_rows = pl.concat(refused, how="vertical_relaxed")
    plan = plan.without_lines(refused_rows["line"])
    problems = pl.concat(
        [checked.problems, plan.warnings, refused_rows], how="vertical_relaxed"
    ).sort("line", maintain_order=True)
    return plan, problems


def _unexplained_corrections(plan: Plan, reasons: Mapping[int, str]) -> pl.DataFrame:
    """Each line that would replace a saved figure without its own reason, refused on
    its ``reason`` column."""
    lines = [
        line
        for line, action in plan.rows.select("line", "action").iter_rows()
        if action == RowAction.UPDATED and not reasons.get(line, "").strip()
    ]
    return problems_frame([Problem(line, "reason", CORRECTION_NEEDS_REASON) for line in lines])


def _still_current(plan: Plan, observation_id: int) -> bool:
    return plan.rows.height == 1 and plan.rows["current_id"][0] == observation_id
