"""Progress of an import: on the batch (for the page that polls it) and to a callback
(for the terminal's progress bar)."""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection
from django.utils import timezone

from localperf.observations.models import ImportBatch

Echo = Callable[[int, str], None]
# What the pipeline reports to: ``progress(percent, phase)``, e.g. a ``BatchProgress``.
Progress = Callable[[float, str], None]


class BatchProgress:
    """``progress(percent, phase)``: saved on the batch at most every 2% or new phase.

    Inside the writing transaction nothing is saved (another session could not see it
    before the commit, and on SQLite it would wait for the write lock); the echo still
    hears every step.
    """

    def __init__(self, batch_id: int | None, echo: Echo | None = None) -> None:
        self.batch_id = batch_id
        self.echo = echo
        self.saved: tuple[int, str] = (-100, "")

    def __call__(self, percent: float, phase: str) -> None:
        percent = max(0, min(100, int(percent)))
        if self.echo is not None:
            self.echo(percent, phase)
        last_percent, last_phase = self.saved
        if phase == last_phase and percent - last_percent < 2:
            return
        if self.batch_id is None or connection.in_atomic_block:
            return
        ImportBatch.objects.filter(pk=self.batch_id).update(
            progress=percent, phase=phase[:60], progress_at=timezone.now()
        )
        self.saved = (percent, phase)


def progress_bar(percent: int, phase: str, width: int = 30) -> str:
    """A text progress bar.

    >>> progress_bar(50, "Writing", width=10)
    '[#####     ]  50% Writing'
    """
    filled = round(width * percent / 100)
    return f"[{'#' * filled}{' ' * (width - filled)}] {percent:3d}% {phase}"
