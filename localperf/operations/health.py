"""Liveness and readiness, for a load balancer or an orchestrator to ask.

Liveness (``/healthz``) says only that the process answers: it touches nothing, so a
database outage never gets app servers restarted for nothing. Readiness (``/readyz``)
says whether this server can do its work now: the database answers, every migration in
the code is applied, and, when background work runs in task workers, one of them has
been seen lately. Each check returns a short sentence; the page lists them all.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

WORKER_BACKEND = "django_tasks_db.DatabaseBackend"


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


# Once every migration has been seen applied, this process's code cannot fall behind the
# database again (a newer release migrating it would only add what this one ignores), so
# the plan, which costs a few dozen queries, is not worked out on every probe.
_migrations_seen_applied = False


def heartbeat_limit() -> datetime.timedelta:
    return datetime.timedelta(seconds=getattr(settings, "LOCALPERF_WORKER_HEARTBEAT_LIMIT", 60))


def workers_expected() -> bool:
    """Background work waits for a worker (rather than running inside the request)."""
    return settings.TASKS["default"]["BACKEND"] == WORKER_BACKEND


def database_check() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        return Check("database", False, f"the database does not answer: {error}".strip())
    return Check("database", True, f"{connection.vendor} answers")


def migrations_check() -> Check:
    global _migrations_seen_applied
    if not _migrations_seen_applied:
        executor = MigrationExecutor(connection)
        waiting = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if waiting:
            names = ", ".join(f"{m.app_label}.{m.name}" for m, _ in waiting[:5])
            return Check("migrations", False, f"{len(waiting)} not applied (first: {names})")
        _migrations_seen_applied = True
    return Check("migrations", True, "all applied")


def worker_check() -> Check:
    if not workers_expected():
        return Check("worker", True, "background work runs inside each request")
    from localperf.operations.models import WorkerHeartbeat

    since = timezone.now() - heartbeat_limit()
    alive = WorkerHeartbeat.objects.filter(seen_at__gte=since).count()
    if not alive:
        return Check("worker", False, f"no task worker seen since {since:%H:%M:%S}")
    return Check("worker", True, f"{alive} task worker{'s' if alive != 1 else ''} alive")


def readiness() -> list[Check]:
    """Every readiness check; the later ones are skipped when the database is down."""
    database = database_check()
    if not database.ok:
        return [database]
    try:
        return [database, migrations_check(), worker_check()]
    except DatabaseError as error:
        return [database, Check("database", False, f"the database stopped answering: {error}")]
