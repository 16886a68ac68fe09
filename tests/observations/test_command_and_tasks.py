"""``manage.py import_observations FILE`` with its progress bar, and the background task."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from localperf.observations.importing.services import import_batch_create
from localperf.observations.models import ImportBatch, ImportStatus, Observation
from localperf.observations.tasks import import_batch_enqueue
from tests.observations.helpers import csv_of, row

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("import_observations", *args, stdout=out)
    return out.getvalue()


def test_the_command_imports_a_file_with_a_progress_bar(tmp_path, manager):
    path = tmp_path / "return.csv"
    path.write_bytes(csv_of(row(), row(measure="NI 157b")))  # the manager's own area
    output = run(str(path), "--user", manager.username, "--reason", "Annual return")
    assert "[##############################] 100% Done" in output
    assert "Imported: 2 created" in output
    assert Observation.objects.current().count() == 2
    batch = ImportBatch.objects.get()
    assert batch.created_by == manager and batch.reason == "Annual return"


def test_the_command_dry_run_changes_nothing(tmp_path):
    path = tmp_path / "return.csv"
    path.write_bytes(csv_of(row()))
    assert "Nothing has been imported yet" in run(str(path), "--dry-run")
    assert not Observation.objects.exists()


def test_the_command_lists_rejections_and_fails(tmp_path):
    path = tmp_path / "return.csv"
    path.write_bytes(csv_of(row(measure="NI 1577")))
    out = StringIO()
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_observations", str(path), stdout=out)
    assert "line 2, column measure" in out.getvalue()
    assert not Observation.objects.exists()


def test_the_command_refuses_a_missing_file_or_user(tmp_path):
    with pytest.raises(CommandError, match="is not a file"):
        run(str(tmp_path / "missing.csv"))
    path = tmp_path / "return.csv"
    path.write_bytes(csv_of(row()))
    with pytest.raises(CommandError, match="no user"):
        run(str(path), "--user", "nobody-by-that-name")


def test_the_task_runs_a_dry_run_then_the_import(manager):
    batch = import_batch_create(content=csv_of(row()), file_name="a.csv", user=manager)
    import_batch_enqueue(batch, dry_run=True)
    assert batch.status == ImportStatus.DRY_RUN and batch.task_id
    assert batch.progress == 100
    import_batch_enqueue(batch, dry_run=False)
    assert batch.status == ImportStatus.COMMITTED
    assert Observation.objects.count() == 1
