"""A correction committed while a full recompute of every status runs is never lost: the
recompute holds its lock from its first read to its commit, so the correction's own
recompute waits for it and then reads the corrected figure (issue 11, "lost status
update").

The full recompute is paused, by force, after it has read everything and before it
writes, until the correction has committed and its recompute is waiting (or, were the
lock taken only to write, has finished). Threads need their own connections and
committed data: PostgreSQL only, like the import concurrency tests.
"""

from __future__ import annotations

import datetime
import threading
import time
from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection

from localperf.accounts.models import Role
from localperf.monitoring import engine
from localperf.monitoring.models import Assessment
from localperf.monitoring.services import assessments_recompute
from localperf.observations.importing.services import observation_correct
from localperf.observations.models import Observation
from localperf.places.models import PopulationGroup

pytestmark = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="needs real concurrent connections: PostgreSQL",
)

AS_AT = "2009-11-30"
PATIENCE = 120  # seconds before a stuck wait fails the test instead of hanging it


def judged_figure() -> tuple[Assessment, Observation]:
    """A stored assessment whose actual is one whole-area figure (without confidence
    limits, so that any other value is admitted), and that figure."""
    whole = PopulationGroup.objects.whole_population()
    for assessment in Assessment.objects.filter(actual__isnull=False).select_related(
        "target__agreement", "target__measure"
    ):
        target = assessment.target
        figures = Observation.objects.current().filter(
            area_id=target.agreement.area_id,
            period_id=assessment.period_id,
            population_group=whole,
            value=assessment.actual,
            ci_lower__isnull=True,
            measure__indicator_id=target.indicator_id,
        )
        if target.measure_id:
            figures = figures.filter(measure_id=target.measure_id)
        else:
            figures = figures.filter(measure__part="")
        if figures.count() == 1 and not assessment.target.scope_areas.exists():
            return assessment, figures.get()
    raise AssertionError("the demo has no assessment judged on one whole-area figure")


def waited_for(condition, what: str) -> None:
    deadline = time.monotonic() + PATIENCE
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {PATIENCE} s for {what}")
        time.sleep(0.05)


def someone_waits_for_an_advisory_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")
        return cursor.fetchone()[0] > 0


@pytest.mark.django_db(transaction=True)
def test_a_correction_during_a_full_recompute_is_not_overwritten(
    live_reference, settings, monkeypatch
):
    # rule M1: the stored status is the one the current figures give
    settings.LOCALPERF_AS_AT = AS_AT
    call_command("load_demo", stdout=StringIO())
    assessments_recompute(today=datetime.date(2009, 11, 30))
    assessment, figure = judged_figure()
    corrected = figure.value / 2 + 1.25  # another figure, within any unit's range
    admin = get_user_model().objects.create_user(
        username="race-admin", password="correct horse battery staple", role=Role.ADMINISTRATOR
    )

    has_read, correction_done = threading.Event(), threading.Event()
    full_recompute: list[threading.Thread] = []
    finish = engine.assessments_finish

    def paused_finish(*args, **kwargs):
        if threading.current_thread() in full_recompute:
            # Everything is read: let the correction commit, then hold on until its
            # recompute waits for the lock, or (without the lock) has written.
            has_read.set()
            waited_for(
                lambda: Observation.objects.current().filter(value=corrected).exists(),
                "the correction to commit",
            )
            waited_for(
                lambda: correction_done.is_set() or someone_waits_for_an_advisory_lock(),
                "the correction's recompute",
            )
        return finish(*args, **kwargs)

    monkeypatch.setattr(engine, "assessments_finish", paused_finish)
    errors: list[BaseException] = []

    def run(job):
        try:
            job()
        except BaseException as error:  # reported in the main thread
            errors.append(error)
        finally:
            connection.close()

    def correct():
        waited_for(has_read.is_set, "the full recompute to read")
        try:
            result = observation_correct(
                observation=figure, user=admin, reason="The return was mistyped.", value=corrected
            )
        finally:
            correction_done.set()
        assert result.status == "committed", [str(p) for p in result.problems]

    recompute = threading.Thread(target=run, args=(lambda: assessments_recompute(),))
    full_recompute.append(recompute)
    correction = threading.Thread(target=run, args=(correct,))
    recompute.start()
    correction.start()
    recompute.join(PATIENCE)
    correction.join(PATIENCE)
    assert not errors, errors

    stored = Assessment.objects.get(target_id=assessment.target_id, period_id=assessment.period_id)
    assert stored.actual == corrected != assessment.actual
