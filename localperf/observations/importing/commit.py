"""A real run's last step: the plan written in one transaction (``write``) with the batch
recorded as imported in the same one, and the layers above told which series changed once
it commits. A write the plan did not foresee (a figure changed since the check, or a
concurrent write the unique index caught) ends the run as a conflict, with nothing saved.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from django.db import IntegrityError, transaction
from django.utils import timezone

from localperf import after_commit
from localperf.observations.importing.outcomes import batch_conflict, batch_set, count_fields
from localperf.observations.importing.plan import Plan
from localperf.observations.importing.progress import Progress
from localperf.observations.importing.results import ImportConflict, ImportResult
from localperf.observations.importing.write import Authorship, plan_write
from localperf.observations.models import ImportBatch, ImportStatus

logger = logging.getLogger(__name__)


def plan_commit(
    batch: ImportBatch,
    result: ImportResult,
    plan: Plan,
    expected_versions: dict[str, int],
    progress: Progress,
    reasons: Mapping[int, str] | None = None,
) -> ImportResult:
    """Write the plan as ``batch``'s author, against ``expected_versions``; ``reasons``:
    each line's own reason for its correction (else the batch's)."""
    user = batch.created_by
    authorship = Authorship(
        batch_id=batch.pk,
        user_id=user.pk if user else None,
        source_organisation_id=user.organisation_id if user else None,
        reason=batch.reason,
        reasons=dict(reasons or {}),
    )
    progress(60, f"Writing {plan.change_count:,} figures")
    try:
        with transaction.atomic():
            created, updated = plan_write(
                plan,
                authorship,
                expected_versions=expected_versions,
                progress=lambda f: progress(60 + 39 * f, "Writing figures"),
            )
            _changed_notify(plan)
            _committed(batch, result, created, updated)
    except ImportConflict as conflict:
        return batch_conflict(batch, result, str(conflict))
    except IntegrityError:
        # The unique index caught a concurrent write the version check could not see.
        logger.warning("import %s hit a unique violation", batch.pk, exc_info=True)
        return batch_conflict(
            batch,
            result,
            "Someone else changed some of these figures at the same moment. Nothing was "
            "imported: check the file again.",
        )
    progress(100, "Done")
    return result


def _committed(batch: ImportBatch, result: ImportResult, created: int, updated: int) -> None:
    """The result and the batch say imported (inside the writing transaction)."""
    result.counts.created, result.counts.updated = created, updated
    result.status = ImportStatus.COMMITTED
    result.message = f"Imported: {result.counts}."
    batch_set(
        batch,
        status=ImportStatus.COMMITTED,
        message=result.message,
        progress=100,
        phase="Done",
        finished_at=timezone.now(),
        **count_fields(result.counts),
    )


def _changed_notify(plan: Plan) -> None:
    """After commit, tell the layers above which series changed (``after_commit``)."""
    changes = plan.changes(("measure_id", "area_id"))
    if changes.height:
        after_commit.notify(
            "observations_changed",
            measure_ids=changes["measure_id"].unique().to_list(),
            area_ids=changes["area_id"].unique().to_list(),
        )
