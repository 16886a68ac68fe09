"""Background work: running an import batch (a dry run or the real thing).

The embedded default backend (``ImmediateBackend``) runs the task at once, inside the
request; with the database backend (``django_tasks_db``) a worker runs it and the
batch page shows its progress, polled every second.
"""

from __future__ import annotations

import logging

from django.utils import timezone
from django_tasks import task

from localperf.observations.importing.services import import_batch_run
from localperf.observations.importing.stale import import_batches_fail_stale
from localperf.observations.models import STOPPED_PHASE, ImportBatch, ImportStatus

logger = logging.getLogger(__name__)


@task()
def import_batch_task(batch_id: int, dry_run: bool) -> dict[str, object]:
    # A worker taking up an import first settles those a stopped worker left working.
    import_batches_fail_stale()
    batch = ImportBatch.objects.get(pk=batch_id)
    try:
        result = import_batch_run(batch, dry_run=dry_run)
    except Exception:
        # A bug, not a bad file (those are reported row by row): nothing was written, as
        # the write is one transaction; say so on the batch rather than leave it running.
        logger.exception("import batch %s stopped", batch_id)
        ImportBatch.objects.filter(pk=batch_id).update(
            status=ImportStatus.FAILED,
            message="An unexpected error stopped the import. Nothing was imported.",
            progress=100,
            phase=STOPPED_PHASE,
            finished_at=timezone.now(),
        )
        raise
    return {"status": result.status, "message": result.message}


def import_batch_enqueue(batch: ImportBatch, *, dry_run: bool) -> None:
    """Queue the batch's dry run or real run, recording the task's id on the batch."""
    status = ImportStatus.PENDING if dry_run else ImportStatus.RUNNING
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=status, progress=0, phase="Queued", progress_at=timezone.now()
    )
    result = import_batch_task.enqueue(batch.pk, dry_run)
    ImportBatch.objects.filter(pk=batch.pk).update(task_id=str(result.id)[:64])
    batch.refresh_from_db()
