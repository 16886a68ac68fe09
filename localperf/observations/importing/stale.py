"""Import batches whose work stopped without finishing: a server or worker killed in the
middle leaves a batch "Importing 60%" for ever. Nothing of it was written (the write is
one transaction, which also records the batch as imported), so such a batch is marked
failed and stopped, and its file, still kept, can be checked again from its page.

A batch is stale when it is still waiting or working and its progress was last saved
(or, before any, it was created) longer ago than ``LOCALPERF_IMPORT_STALE_MINUTES``.
Progress is not saved while the figures are written, so the default (an hour) is far
longer than any write.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from localperf.observations.models import STOPPED_PHASE, ImportBatch, ImportStatus

STALE_MESSAGE = (
    "The import stopped before it finished (its server or worker was stopped), so nothing "
    "was imported. Check the file again, or upload it again."
)


def stale_after() -> datetime.timedelta:
    return datetime.timedelta(minutes=getattr(settings, "LOCALPERF_IMPORT_STALE_MINUTES", 60))


def import_batches_fail_stale(*, older_than: datetime.timedelta | None = None) -> list[int]:
    """Mark failed (stopped) every batch still waiting or working with no progress for
    ``older_than`` (default ``stale_after()``); returns their ids."""
    cutoff = timezone.now() - (older_than if older_than is not None else stale_after())
    stale = ImportBatch.objects.annotate(last_seen=Coalesce("progress_at", "created_at")).filter(
        Q(status__in=[ImportStatus.PENDING, ImportStatus.RUNNING]), last_seen__lt=cutoff
    )
    ids = list(stale.values_list("pk", flat=True))
    if ids:
        # Only those still working: one finishing meanwhile keeps its own outcome.
        ImportBatch.objects.filter(
            pk__in=ids, status__in=[ImportStatus.PENDING, ImportStatus.RUNNING]
        ).update(
            status=ImportStatus.FAILED,
            message=STALE_MESSAGE,
            phase=STOPPED_PHASE,
            progress=100,
            finished_at=timezone.now(),
        )
    return ids


def import_batches_fail_for_tasks(task_ids: list[str]) -> list[int]:
    """Mark failed (stopped) the batches still waiting or working whose task is among
    ``task_ids`` — tasks whose worker is known to have died; returns their ids."""
    if not task_ids:
        return []
    working = ImportBatch.objects.filter(
        task_id__in=task_ids, status__in=[ImportStatus.PENDING, ImportStatus.RUNNING]
    )
    ids = list(working.values_list("pk", flat=True))
    working.update(
        status=ImportStatus.FAILED,
        message=STALE_MESSAGE,
        phase=STOPPED_PHASE,
        progress=100,
        finished_at=timezone.now(),
    )
    return ids
