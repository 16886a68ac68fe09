"""Writing a recompute's assessments: the targets' previous assessments replaced by the
engine's frame in bulk (``localperf.frames.frame_write``: PostgreSQL ``COPY``, SQLite
``executemany``), in one transaction, one recompute at a time. No row is saved through
the ORM; ``computed_at`` is left to the database's default (its clock, the same for
every row)."""

from __future__ import annotations

from contextlib import AbstractContextManager

import polars as pl
from django.db import transaction

from localperf.frames import advisory_locked, frame_write, indexes_rebuilt, ints, table_empty
from localperf.monitoring.models import Assessment

# The first key of PostgreSQL's two-key advisory locks: "monitoring" in this project.
LOCK_NAMESPACE = 0x4D4F


def recompute_locked() -> AbstractContextManager[None]:
    """One recompute at a time, from its first read to its commit. Two writing at once
    would each delete, then both insert the same keys; and a recompute that read before
    another's commit would overwrite the newer result with its older one (a correction's
    recompute lost under a full one)."""
    return advisory_locked(LOCK_NAMESPACE)


# Slices of a few thousand rows: the server takes one while Polars writes the next.
WRITE_SLICE_ROWS = 4_000


def assessments_write(frame: pl.DataFrame, *, target_ids: list[int], everything: bool) -> None:
    """Replace the assessments of ``target_ids`` (of every target, for ``everything``)
    with ``frame``'s rows. Call it under ``recompute_locked``."""
    table = Assessment._meta.db_table
    with transaction.atomic():
        if everything:
            # Every row goes: on PostgreSQL a TRUNCATE, and the indexes built once the
            # rows are in, which costs less than adding each row to them.
            with indexes_rebuilt(table):
                frame_write(table, frame, slice_rows=WRITE_SLICE_ROWS)
            return
        if target_ids:
            table_empty(table, where=f"target_id IN ({ints(target_ids)})")
        frame_write(table, frame, slice_rows=WRITE_SLICE_ROWS)
