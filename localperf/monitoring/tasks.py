"""Keeping statuses current: the after-commit handler named in
``settings.LOCALPERF_AFTER_COMMIT`` (see ``localperf/after_commit.py``).

After observations are imported, submitted or corrected, or a target version is
written, the affected targets are recomputed by a background task — at once with the
default immediate backend, by ``manage.py db_worker`` with the database backend.
"""

from __future__ import annotations

from collections.abc import Sequence

from django_tasks import task

from localperf.monitoring.services import assessments_recompute, targets_affected


@task()
def assessments_refresh_task(
    measure_ids: list[int], area_ids: list[int], target_ids: list[int]
) -> int:
    """Recompute the targets a change touched; returns how many assessments were written."""
    ids = set(target_ids)
    if measure_ids:
        ids |= set(targets_affected(measure_ids=measure_ids, area_ids=area_ids))
    if not ids:
        return 0
    return assessments_recompute(targets=sorted(ids)).assessments


def assessments_refresh(
    *,
    event: str,
    measure_ids: Sequence[int] = (),
    area_ids: Sequence[int] = (),
    target_ids: Sequence[int] = (),
) -> None:
    """The after-commit handler: queue the recompute of what ``event`` changed."""
    assessments_refresh_task.enqueue(list(measure_ids), list(area_ids), list(target_ids))
