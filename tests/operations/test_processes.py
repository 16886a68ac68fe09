"""The service as it runs in production (issue 16): two gunicorn app servers over one
PostgreSQL database with a task worker, a worker killed in the middle of an import, and
the database cut off and restored under a running server. PostgreSQL only: separate
processes need a database server to share (SQLite's test database lives in memory)."""

from __future__ import annotations

import datetime
import json

import pytest
import requests
from django.db import connection
from django.test import override_settings
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from bench.synthetic import national_bulk, write_csv
from localperf.accounts.models import Role
from localperf.observations.importing.services import import_batch_create
from localperf.observations.importing.stale import STALE_MESSAGE
from localperf.observations.models import ImportBatch, ImportStatus, Observation
from localperf.observations.tasks import import_batch_enqueue
from tests.observations.helpers import csv_of, row

from .processes import (
    AppServer,
    DatabaseRelay,
    TaskWorker,
    csrf_of,
    database_url,
    make_user,
    signed_in,
    wait_for,
)

pytestmark = [
    pytest.mark.skipif(
        "postgresql" not in connection.settings_dict["ENGINE"],
        reason="separate processes share a database server only on PostgreSQL",
    ),
]
ROWS = 60_000
WORKERS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def batch_status(pk: int) -> str:
    return ImportBatch.objects.values_list("status", flat=True).get(pk=pk)


@pytest.mark.django_db(transaction=True)
def test_two_app_servers_serve_one_import_from_upload_to_result(live_reference, tmp_path):
    """Sessions, the uploaded file and the task all live in PostgreSQL: an import started
    through one server is followed and confirmed through the other, and killing the first
    (kill -9) loses nothing it had committed."""
    manager = make_user(Role.PERFORMANCE_MANAGER, "two-servers-pm")
    first, second = AppServer(tmp_path), AppServer(tmp_path)
    worker = TaskWorker(tmp_path, "one")
    try:
        session = signed_in(first.url, manager.username)
        form = session.get(f"{first.url}/observations/imports/new/")
        upload = session.post(
            f"{first.url}/observations/imports/new/",
            data={"csrfmiddlewaretoken": csrf_of(form.text), "reason": "Quarterly return"},
            files={
                "file": ("return.csv", csv_of(row(value="71.5"), row(period="2009/10")), "text/csv")
            },
            allow_redirects=False,
        )
        assert upload.status_code == 302
        batch_path = upload.headers["Location"]
        pk = int(batch_path.rstrip("/").rsplit("/", 1)[1])
        first.kill()  # committed: the batch, its file and its queued task

        wait_for(lambda: batch_status(pk) == ImportStatus.DRY_RUN, "the dry run", worker)
        page = session.get(f"{second.url}{batch_path}")
        assert page.status_code == 200 and "return.csv" in page.text
        confirm = session.post(
            f"{second.url}{batch_path}confirm/",
            data={"csrfmiddlewaretoken": csrf_of(page.text)},
            allow_redirects=False,
        )
        assert confirm.status_code == 302
        wait_for(lambda: batch_status(pk) == ImportStatus.COMMITTED, "the import", worker)
        status = session.get(f"{second.url}{batch_path}status/")
        assert status.status_code == 200
        assert Observation.objects.current().count() == 2
        result = session.get(f"{second.url}{batch_path}").text
        assert "Figures imported" in result, result[result.find("<title>") : result.find("</h1>")]
    finally:
        for process in (first, second, worker):
            process.stop()


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_import_leaves_it_whole_or_cleanly_failed(live_reference, tmp_path):
    """kill -9 the worker while it imports; the next worker (after the heartbeat limit)
    marks the import stopped with nothing written, or it had finished whole."""
    administrator = make_user(Role.ADMINISTRATOR, "kill-admin")
    content = write_csv(national_bulk(ROWS, seed=16))
    with override_settings(TASKS=WORKERS):
        batch = import_batch_create(content=content, file_name="national.csv", user=administrator)
        worker = TaskWorker(tmp_path, "first")
        try:
            import_batch_enqueue(batch, dry_run=True)
            wait_for(
                lambda: batch_status(batch.pk) == ImportStatus.DRY_RUN, "the dry run", worker, 300
            )
            import_batch_enqueue(batch, dry_run=False)
            wait_for(
                lambda: (
                    DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).exists()
                    or batch_status(batch.pk) == ImportStatus.COMMITTED
                ),
                "the import to start",
                worker,
            )
            worker.kill()
            second = TaskWorker(tmp_path, "second")
            wait_for(
                lambda: batch_status(batch.pk) in {ImportStatus.COMMITTED, ImportStatus.FAILED},
                "the import to be settled",
                second,
            )
        finally:
            worker.stop()
            second.stop()
    batch.refresh_from_db()
    written = Observation.objects.count()
    if batch.status == ImportStatus.FAILED:
        assert batch.was_stopped and batch.message == STALE_MESSAGE
        assert written == 0
        assert "1 failed (1 import(s) stopped)" in second.output()
    else:
        assert batch.status == ImportStatus.COMMITTED and written == ROWS


@pytest.mark.django_db(transaction=True)
def test_a_recompute_left_running_by_a_killed_worker_runs_again(tmp_path):
    """The state kill -9 leaves behind: a recompute claimed by a worker that is gone. The
    next worker puts it back on the queue and runs it to the end."""
    task = DBTaskResult.objects.create(
        status=TaskResultStatus.RUNNING,
        started_at=timezone.now() - datetime.timedelta(minutes=1),
        args_kwargs={"args": [[], [], []], "kwargs": {}},
        task_path="localperf.monitoring.tasks.assessments_refresh_task",
        worker_ids=["a-worker-that-was-killed"],
        backend_name="default",
        run_after=timezone.now() - datetime.timedelta(minutes=1),
    )
    worker = TaskWorker(tmp_path, "recompute")
    try:
        wait_for(
            lambda: DBTaskResult.objects.get(pk=task.pk).status == TaskResultStatus.SUCCESSFUL,
            "the recompute to run again",
            worker,
        )
    finally:
        worker.stop()
    assert "1 task(s) queued again, 0 failed" in worker.output()
    assert DBTaskResult.objects.get(pk=task.pk).worker_ids[-1] != "a-worker-that-was-killed"


@pytest.mark.django_db(transaction=True)
def test_the_database_out_of_reach_gives_a_503_page_and_the_server_recovers(tmp_path):
    relay = DatabaseRelay(int(connection.settings_dict.get("PORT") or 5432))
    relay.start()
    server = AppServer(
        tmp_path,
        DATABASE_URL=database_url(port=relay.port),
        LOCALPERF_TASK_BACKEND="django_tasks.backends.immediate.ImmediateBackend",
    )
    try:
        assert requests.get(f"{server.url}/indicators/").status_code == 200
        relay.cut()
        down = requests.get(f"{server.url}/indicators/")
        assert down.status_code == 503
        assert "Sorry, the service is unavailable" in down.text
        assert down.headers["Retry-After"] == "30"
        assert requests.get(f"{server.url}/healthz").status_code == 200
        ready = requests.get(f"{server.url}/readyz")
        assert ready.status_code == 503 and ready.json()["checks"]["database"]["ok"] is False
        relay.start()
        assert requests.get(f"{server.url}/indicators/").status_code == 200
        assert requests.get(f"{server.url}/readyz").status_code == 200
    finally:
        relay.cut()
        server.stop()
    log = server.output()
    lines = [json.loads(line) for line in log.splitlines() if line.startswith("{")]
    unavailable = [line for line in lines if line.get("status") == 503]
    assert unavailable and all(len(line["request_id"]) == 32 for line in unavailable)
    assert {"method", "path", "duration_ms", "user_id"} <= set(unavailable[0])
