"""/healthz and /readyz (issue 16): liveness touches nothing; readiness names each check."""

import datetime

import pytest
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from localperf.operations import health
from localperf.operations.models import WorkerHeartbeat

WORKERS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(autouse=True)
def forget_migrations_seen():
    health._migrations_seen_applied = False
    yield
    health._migrations_seen_applied = False


def test_liveness_answers_without_touching_the_database(client):
    # No database mark: any query would fail the test.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_ready_when_the_database_answers_and_migrations_are_applied(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    checks = response.json()["checks"]
    assert checks["database"]["ok"] and checks["migrations"]["ok"]
    assert checks["worker"]["detail"] == "background work runs inside each request"


@pytest.mark.django_db
def test_not_ready_while_a_migration_is_not_applied(client):
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM django_migrations"
            " WHERE app = 'operations' AND name = '0001_worker_heartbeat'"
        )
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "not ready"
    assert body["checks"]["migrations"] == {
        "ok": False,
        "detail": "1 not applied (first: operations.0001_worker_heartbeat)",
    }


@pytest.mark.django_db
@override_settings(TASKS=WORKERS, LOCALPERF_WORKER_HEARTBEAT_LIMIT=60)
def test_with_task_workers_ready_only_while_one_has_been_seen_lately(client):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"]["ok"] is False

    now = timezone.now()
    WorkerHeartbeat.objects.create(
        worker_id="old",
        host="h",
        pid=1,
        started_at=now,
        seen_at=now - datetime.timedelta(minutes=5),
    )
    assert client.get("/readyz").status_code == 503

    WorkerHeartbeat.objects.create(worker_id="new", host="h", pid=2, started_at=now, seen_at=now)
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"]["worker"] == {"ok": True, "detail": "1 task worker alive"}
