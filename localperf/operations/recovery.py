"""Settling the work of task workers that died (killed, or their machine lost).

A worker killed in the middle of a task leaves its task "running" for ever. When a
worker starts, it looks for running tasks whose worker's heartbeat has stopped: a task
that is safe to run again (``LOCALPERF_TASKS_RERUN_WHEN_ABANDONED``: the status
recompute, which rewrites what it owns in one transaction) goes back on the queue; any
other is marked failed, and an import batch it was running is marked stopped — nothing
of it was written, since an import writes in one transaction — so its page says to
check the file again.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from localperf.observations.importing.stale import import_batches_fail_for_tasks
from localperf.operations.health import heartbeat_limit
from localperf.operations.models import WorkerHeartbeat

LOST_EXCEPTION = "localperf.operations.recovery.WorkerLost"


class WorkerLost(Exception):
    """The worker running a task stopped before the task finished."""


@dataclass(frozen=True)
class Recovery:
    requeued: int
    failed: int
    imports_stopped: int


def rerunnable_tasks() -> set[str]:
    return set(getattr(settings, "LOCALPERF_TASKS_RERUN_WHEN_ABANDONED", ()))


def abandoned_task_results() -> list[DBTaskResult]:
    """Running tasks whose last worker has not been seen within the heartbeat limit."""
    alive = set(
        WorkerHeartbeat.objects.filter(seen_at__gte=timezone.now() - heartbeat_limit()).values_list(
            "worker_id", flat=True
        )
    )
    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING)
    return [
        result for result in running if not result.worker_ids or result.worker_ids[-1] not in alive
    ]


@transaction.atomic
def abandoned_tasks_settle() -> Recovery:
    abandoned = abandoned_task_results()
    again = [r.pk for r in abandoned if r.task_path in rerunnable_tasks()]
    lost = [r.pk for r in abandoned if r.task_path not in rerunnable_tasks()]
    DBTaskResult.objects.filter(pk__in=again, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.READY, started_at=None
    )
    DBTaskResult.objects.filter(pk__in=lost, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.FAILED,
        finished_at=timezone.now(),
        exception_class_path=LOST_EXCEPTION,
        traceback="The worker running this task stopped before it finished.",
    )
    stopped = import_batches_fail_for_tasks([str(pk) for pk in lost])
    # A killed worker's heartbeat would otherwise stay for ever.
    WorkerHeartbeat.objects.filter(seen_at__lt=timezone.now() - 10 * heartbeat_limit()).delete()
    return Recovery(requeued=len(again), failed=len(lost), imports_stopped=len(stopped))
