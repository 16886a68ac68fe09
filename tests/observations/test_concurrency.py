"""Two imports of the same figures at the same moment: nothing is lost, and the one that
comes second sees a conflict instead of overwriting what it never saw.

Threads need their own database connections and committed data, so these tests run on
PostgreSQL only (SQLite's in-memory test database serialises writers with whole-table
locks instead; the optimistic check itself is tested on both databases in
test_import_service.py).
"""

from __future__ import annotations

import threading

import pytest
from django.conf import settings
from django.db import connection

from localperf.accounts.models import Role
from localperf.observations.importing.services import (
    import_batch_create,
    import_batch_run,
    observation_import,
)
from localperf.observations.models import ImportStatus, ImportUpload, Observation
from tests.observations.helpers import csv_of, row

pytestmark = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="needs real concurrent connections: PostgreSQL",
)

AREAS = [f"E0600000{n}" for n in range(1, 10)]


def figures(value: float) -> bytes:
    return csv_of(*(row(area=a, value=value) for a in AREAS))


def at_once(*jobs):
    """Run the jobs in threads released together; return their results in order."""
    barrier = threading.Barrier(len(jobs))
    results: list[object] = [None] * len(jobs)
    errors: list[BaseException] = []

    def run(index, job):
        try:
            barrier.wait(timeout=30)
            results[index] = job()
        except BaseException as error:  # reported in the main thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    return results


@pytest.fixture
def submitter(transactional_reference, make_user):
    # A data provider: its right covers every area the files name (observations.rights).
    return make_user(Role.DATA_PROVIDER, username="concurrent")


def test_two_confirmed_imports_of_the_same_keys_one_wins_one_sees_a_conflict(submitter):
    first = import_batch_create(content=figures(60), file_name="first.csv", user=submitter)
    second = import_batch_create(content=figures(80), file_name="second.csv", user=submitter)
    assert import_batch_run(first, dry_run=True).counts.created == len(AREAS)
    assert import_batch_run(second, dry_run=True).counts.created == len(AREAS)
    first.refresh_from_db()
    second.refresh_from_db()

    results = at_once(
        lambda: import_batch_run(first, dry_run=False),
        lambda: import_batch_run(second, dry_run=False),
    )

    statuses = sorted(r.status for r in results)
    assert statuses == [ImportStatus.COMMITTED, ImportStatus.CONFLICT]
    winner, loser = sorted(results, key=lambda r: r.status != ImportStatus.COMMITTED)
    assert "changed figures" in loser.message
    # Nothing lost: the winner's figures are all there, unmixed with the loser's...
    values = set(Observation.objects.current().values_list("value", flat=True))
    assert len(values) == 1 and Observation.objects.count() == len(AREAS)
    # ...and the loser keeps its file, to be checked again and imported as corrections.
    assert ImportUpload.objects.filter(batch_id=loser.batch_id).exists()
    loser_batch = first if loser.batch_id == first.pk else second
    loser_batch.refresh_from_db()
    recheck = import_batch_run(loser_batch, dry_run=True)
    assert recheck.counts.updated == len(AREAS)
    loser_batch.refresh_from_db()
    assert import_batch_run(loser_batch, dry_run=False).status == ImportStatus.COMMITTED
    assert Observation.objects.count() == 2 * len(AREAS)  # the winner's now in history


def test_two_direct_imports_at_once_never_mix_and_never_lose(submitter):
    results = at_once(
        lambda: observation_import(file=figures(61), user=submitter, dry_run=False),
        lambda: observation_import(file=figures(81), user=submitter, dry_run=False),
    )
    statuses = sorted(r.status for r in results)
    current = list(Observation.objects.current().values_list("value", flat=True))
    assert len(current) == len(AREAS) and len(set(current)) == 1  # one file, whole
    if statuses == [ImportStatus.COMMITTED, ImportStatus.COMMITTED]:
        # They ran one after the other: the second corrected the first, which is history.
        assert Observation.objects.count() == 2 * len(AREAS)
    else:
        assert statuses == [ImportStatus.COMMITTED, ImportStatus.CONFLICT]
        assert Observation.objects.count() == len(AREAS)


def test_imports_of_different_measures_do_not_wait_for_each_other(submitter):
    results = at_once(
        lambda: observation_import(file=figures(62), user=submitter, dry_run=False),
        lambda: observation_import(
            file=csv_of(*(row(measure="NI 195", area=a, value=5) for a in AREAS)),
            user=submitter,
            dry_run=False,
        ),
    )
    assert [r.status for r in results] == [ImportStatus.COMMITTED, ImportStatus.COMMITTED]
    assert Observation.objects.current().count() == 2 * len(AREAS)
