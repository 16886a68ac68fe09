"""A batch whose server was killed mid-import no longer stays "Importing 60%" for ever:
``fail_stale_imports`` (or the next import a worker takes up) marks it failed and
stopped, nothing of it having been written, and its page offers to check the kept file
again, or says to upload it again (issue 11)."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from localperf.observations.importing.services import import_batch_create
from localperf.observations.models import (
    STOPPED_PHASE,
    ImportBatch,
    ImportStatus,
    ImportUpload,
    Observation,
)
from localperf.observations.tasks import import_batch_enqueue
from tests.observations.helpers import csv_of, row

pytestmark = pytest.mark.django_db


def killed_mid_import(user, *, minutes_ago: int) -> ImportBatch:
    """A batch as a killed server leaves it: importing, 60%, its file kept."""
    batch = import_batch_create(content=csv_of(row()), file_name="killed.csv", user=user)
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportStatus.RUNNING,
        progress=60,
        phase="Writing 1 figures",
        progress_at=timezone.now() - datetime.timedelta(minutes=minutes_ago),
    )
    batch.refresh_from_db()
    return batch


def test_the_command_fails_stale_batches_and_leaves_working_ones(manager):
    stale = killed_mid_import(manager, minutes_ago=120)
    working = killed_mid_import(manager, minutes_ago=5)
    out = StringIO()
    call_command("fail_stale_imports", "--older-than", "30", stdout=out)
    stale.refresh_from_db()
    working.refresh_from_db()
    assert (stale.status, stale.phase, stale.was_stopped) == (
        ImportStatus.FAILED,
        STOPPED_PHASE,
        True,
    )
    assert "nothing was imported" in stale.message
    assert f"Marked 1 stopped import(s) failed (no progress for 30 minutes): {stale.pk}." in (
        out.getvalue()
    )
    assert working.status == ImportStatus.RUNNING and not working.was_stopped
    assert not Observation.objects.exists()


def test_the_default_age_is_the_setting(manager, settings):
    settings.LOCALPERF_IMPORT_STALE_MINUTES = 200
    batch = killed_mid_import(manager, minutes_ago=120)
    out = StringIO()
    call_command("fail_stale_imports", stdout=out)
    batch.refresh_from_db()
    assert batch.status == ImportStatus.RUNNING
    assert "No import was left working (no progress for 200 minutes)." in out.getvalue()


def test_a_worker_taking_up_an_import_settles_the_stale_ones_first(manager):
    stale = killed_mid_import(manager, minutes_ago=120)
    fresh = import_batch_create(content=csv_of(row()), file_name="next.csv", user=manager)
    import_batch_enqueue(fresh, dry_run=True)  # the immediate backend runs it at once
    stale.refresh_from_db()
    assert stale.was_stopped and fresh.status == ImportStatus.DRY_RUN


def test_a_stopped_batch_is_checked_again_from_its_page(client, manager):
    batch = killed_mid_import(manager, minutes_ago=120)
    call_command("fail_stale_imports", stdout=StringIO())
    client.force_login(manager)
    page = client.get(reverse("observations:batch", args=[batch.pk])).content.decode()
    assert "Nothing was imported" in page and 'id="retry-import"' in page
    response = client.post(reverse("observations:recheck", args=[batch.pk]))
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == ImportStatus.DRY_RUN and batch.created_count == 1
    assert batch.can_commit


def test_a_stopped_batch_without_its_file_says_to_upload_it_again(client, manager):
    batch = killed_mid_import(manager, minutes_ago=120)
    ImportUpload.objects.filter(batch=batch).delete()
    call_command("fail_stale_imports", stdout=StringIO())
    client.force_login(manager)
    page = client.get(reverse("observations:batch", args=[batch.pk])).content.decode()
    assert "The file is no longer kept" in page and 'id="retry-import"' not in page


def test_a_file_refused_for_its_rows_is_not_offered_a_retry(client, manager):
    batch = import_batch_create(
        content=csv_of(row(area="NOWHERE")), file_name="bad.csv", user=manager
    )
    import_batch_enqueue(batch, dry_run=False)
    batch.refresh_from_db()
    assert batch.status == ImportStatus.FAILED and not batch.was_stopped
    client.force_login(manager)
    assert client.post(reverse("observations:recheck", args=[batch.pk])).status_code == 403
