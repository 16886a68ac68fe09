"""How a run ends, recorded on its batch and told in its ``ImportResult``: checked (a dry
run), refused (a row rejected, so nothing saved), a conflict (the figures changed since
the check), or failed (the file could not be read). The committed ending is ``commit``'s.
And the counts and problem lists every ending reports.
"""

from __future__ import annotations

import polars as pl
from django.utils import timezone

from localperf.observations.importing.parse import ParsedFile
from localperf.observations.importing.plan import Plan
from localperf.observations.importing.results import (
    ERROR,
    WARNING,
    Counts,
    ImportResult,
    Problem,
)
from localperf.observations.importing.validate import Checked
from localperf.observations.models import ImportBatch, ImportRowResult, ImportStatus, RowAction

# The result lists at most this many errors, and as many warnings; the summary page
# keeps more (``row_results``).
PROBLEMS_IN_RESULT = 1_000


def batch_set(batch: ImportBatch, **fields: object) -> None:
    """Set ``fields`` on the batch and save only them."""
    for name, value in fields.items():
        setattr(batch, name, value)
    ImportBatch.objects.filter(pk=batch.pk).update(**fields)


def batch_checked(batch: ImportBatch, result: ImportResult, plan: Plan) -> ImportResult:
    result.status = ImportStatus.DRY_RUN
    result.message = f"Checked: {result.counts}. Nothing has been imported yet."
    batch_set(
        batch,
        status=ImportStatus.DRY_RUN,
        message=result.message,
        planned_versions=plan.versions,
        checked_at=timezone.now(),
        progress=100,
        phase="Checked",
        **count_fields(result.counts),
    )
    return result


def batch_refused(batch: ImportBatch, result: ImportResult) -> ImportResult:
    result.status = ImportStatus.FAILED
    result.message = (
        f"{result.counts.rejected:,} row(s) rejected, so nothing was saved: every row is "
        "saved or none. Correct the rows listed and try again."
    )
    batch_set(
        batch,
        status=ImportStatus.FAILED,
        message=result.message,
        finished_at=timezone.now(),
        progress=100,
        phase="Not imported",
        **count_fields(result.counts),
    )
    return result


def batch_conflict(batch: ImportBatch, result: ImportResult, message: str) -> ImportResult:
    result.status = ImportStatus.CONFLICT
    result.message = message
    result.counts.created = result.counts.updated = 0
    batch_set(
        batch,
        status=ImportStatus.CONFLICT,
        message=message,
        finished_at=timezone.now(),
        progress=100,
        phase="Conflict",
    )
    return result


def batch_failed(batch: ImportBatch, problems: list[Problem]) -> ImportResult:
    message = "The file could not be read, so nothing was imported: " + "; ".join(
        str(p) for p in problems[:3]
    )
    ImportRowResult.objects.filter(batch=batch).delete()
    ImportRowResult.objects.bulk_create(
        ImportRowResult(batch=batch, line=p.line, action=RowAction.REJECTED, problems=[p.as_dict()])
        for p in problems
    )
    batch_set(
        batch,
        status=ImportStatus.FAILED,
        message=message,
        finished_at=timezone.now(),
        progress=100,
        phase="Not imported",
    )
    return ImportResult(batch.pk, ImportStatus.FAILED, False, Counts(), problems, message=message)


def counts_of(parsed: ParsedFile, checked: Checked, plan: Plan, problems: pl.DataFrame) -> Counts:
    rejected_lines = problems.filter(pl.col("severity") == ERROR)["line"].n_unique()
    return Counts(
        created=plan.count(RowAction.CREATED),
        updated=plan.count(RowAction.UPDATED),
        unchanged=plan.count(RowAction.UNCHANGED),
        rejected=rejected_lines,
        warnings=int((problems["severity"] == WARNING).sum()),
        skipped=checked.skipped_count,
    )


def count_fields(counts: Counts) -> dict[str, int]:
    """The counts as the batch's fields."""
    return {
        "row_count": counts.rows,
        "created_count": counts.created,
        "updated_count": counts.updated,
        "unchanged_count": counts.unchanged,
        "rejected_count": counts.rejected,
        "warning_count": counts.warnings,
        "skipped_count": counts.skipped,
    }


def problem_list(problems: pl.DataFrame, severity: str) -> list[Problem]:
    chosen = problems.filter(pl.col("severity") == severity).head(PROBLEMS_IN_RESULT)
    return [Problem(*row) for row in chosen.iter_rows()]
