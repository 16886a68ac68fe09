"""``python manage.py worker``: the background task worker for production.

It is django-tasks' database worker (``db_worker``, whose options it passes on) with
two additions: a heartbeat saved every few seconds, which ``/readyz`` asks for, and, on
starting and then once per heartbeat limit, the settling of tasks that workers killed in
the middle left running (``localperf/operations/recovery.py``).
"""

from __future__ import annotations

import os
import socket
import threading

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection
from django.utils import timezone
from django.utils.crypto import get_random_string

from localperf.operations.health import heartbeat_limit
from localperf.operations.models import WorkerHeartbeat
from localperf.operations.recovery import Recovery, abandoned_tasks_settle


def beat_seconds() -> float:
    # Several beats within the limit, so one slow beat never makes a live worker look dead.
    return min(5.0, heartbeat_limit().total_seconds() / 3)


def beat(worker_id: str, started_at) -> None:
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "host": socket.gethostname()[:255],
            "pid": os.getpid(),
            "started_at": started_at,
            "seen_at": timezone.now(),
        },
    )


def keep_beating(worker_id: str, started_at, stop: threading.Event, report) -> None:
    """Beat until stopped; once per heartbeat limit, settle what dead workers left."""
    limit = heartbeat_limit().total_seconds()
    since_settled = 0.0
    while not stop.wait(beat_seconds()):
        since_settled += beat_seconds()
        try:
            close_old_connections()
            beat(worker_id, started_at)
            if since_settled >= limit:
                since_settled = 0.0
                report(abandoned_tasks_settle())
        except Exception:  # noqa: BLE001 - a lost database must not stop the heartbeat
            connection.close()
    connection.close()


class Command(BaseCommand):
    help = "Run the background task worker, with a heartbeat and recovery of killed work."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--interval", type=float, default=1.0)
        parser.add_argument("--batch", action="store_true", help="Run what is queued, then stop.")
        parser.add_argument("--max-tasks", type=int, default=None)

    def handle(self, *, interval: float, batch: bool, max_tasks: int | None, **options) -> None:
        worker_id = get_random_string(32)
        started_at = timezone.now()
        beat(worker_id, started_at)
        self.report(abandoned_tasks_settle())
        stop = threading.Event()
        heart = threading.Thread(
            target=keep_beating, args=(worker_id, started_at, stop, self.report), daemon=True
        )
        heart.start()
        arguments = ["--worker-id", worker_id, "--interval", str(interval), "--no-reload"]
        arguments += ["--no-startup-delay"]
        if batch:
            arguments.append("--batch")
        if max_tasks:
            arguments += ["--max-tasks", str(max_tasks)]
        try:
            call_command("db_worker", *arguments, verbosity=options["verbosity"])
        finally:
            stop.set()
            heart.join(timeout=beat_seconds() * 2)
            WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()

    def report(self, settled: Recovery) -> None:
        if settled.requeued or settled.failed:
            self.stdout.write(
                f"Settled work left by stopped workers: {settled.requeued} task(s) queued "
                f"again, {settled.failed} failed ({settled.imports_stopped} import(s) stopped)."
            )
            self.stdout.flush()
