"""One log line per background task as it starts and as it finishes, with its outcome
and time, from django-tasks' own signals (logging only: no work hangs on them)."""

from __future__ import annotations

import logging
import time

from django_tasks.signals import task_finished, task_started

logger = logging.getLogger("localperf.tasks")
_started: dict[str, float] = {}


def on_started(sender: object, task_result, **kwargs: object) -> None:
    _started[str(task_result.id)] = time.perf_counter()
    logger.info(
        "task %s started",
        task_result.task.name,
        extra={"task_id": str(task_result.id), "task": task_result.task.name},
    )


def on_finished(sender: object, task_result, **kwargs: object) -> None:
    began = _started.pop(str(task_result.id), None)
    duration = None if began is None else round((time.perf_counter() - began) * 1000, 1)
    logger.info(
        "task %s %s",
        task_result.task.name,
        str(task_result.status).lower(),
        extra={
            "task_id": str(task_result.id),
            "task": task_result.task.name,
            "outcome": str(task_result.status),
            "duration_ms": duration,
        },
    )


def connect() -> None:
    task_started.connect(on_started, dispatch_uid="localperf.operations.task_started")
    task_finished.connect(on_finished, dispatch_uid="localperf.operations.task_finished")
