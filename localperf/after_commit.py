"""Telling the layers above that data changed, once the change is committed.

The data apps (observations, agreements) must not import what is built on them
(monitoring, reports). They call ``notify(event, **ids)`` inside their writing
transaction; after it commits, every handler named for the event in the setting
``LOCALPERF_AFTER_COMMIT`` (``{"event": ["dotted.path.to.handler"]}``) is called once
with the union of the ids notified in that transaction, as keyword arguments of sorted
lists: ``handler(event=..., measure_ids=[...], area_ids=[...])``.

Events: ``observations_changed`` (``measure_ids``, ``area_ids``) from the observation
write path; ``target_versions_changed`` (``target_ids``) when a target version or its
trajectory is written.

Ids notified in a transaction that rolls back are kept and sent with the next commit's
batch on the same connection: a handler must be idempotent (recomputing from committed
data is), and a needless extra recompute is the price of not losing a change.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string

PENDING_ATTRIBUTE = "_localperf_after_commit_pending"


def notify(event: str, **ids: Iterable[int]) -> None:
    """Record changed ids for ``event``; its handlers run after the transaction commits
    (at once when no transaction is open)."""
    if not settings.LOCALPERF_AFTER_COMMIT.get(event):
        return
    connection = transaction.get_connection()
    pending: dict[str, dict[str, set[int]]] = getattr(connection, PENDING_ATTRIBUTE, None) or {}
    setattr(connection, PENDING_ATTRIBUTE, pending)
    bucket = pending.setdefault(event, {})
    for name, values in ids.items():
        bucket.setdefault(name, set()).update(int(v) for v in values)
    # One callback per call is cheap; the first to run sends everything pending.
    transaction.on_commit(lambda: _flush(connection))


def _flush(connection) -> None:
    pending = getattr(connection, PENDING_ATTRIBUTE, None) or {}
    setattr(connection, PENDING_ATTRIBUTE, {})
    for event, bucket in pending.items():
        for path in settings.LOCALPERF_AFTER_COMMIT.get(event, []):
            import_string(path)(event=event, **{k: sorted(v) for k, v in bucket.items()})
