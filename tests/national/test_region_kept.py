"""The region view keeps its table between requests (``national.selectors.region``,
``_kept_table``, under ``figures_stamp`` and each agreement's progress stamp): a figure
entered, a figure corrected and a new as-at day each show on the very next request, and
what it shows is still ``figures_due``'s count (rule M1, one truth with the dashboard and
the hub; rule M2, monitoring in real time)."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from localperf.calculations.rag import Rating
from localperf.monitoring.services import assessments_recompute
from localperf.national.selectors import region as region_selectors
from localperf.observations.figures_due import PeriodState, figures_due, overdue_count
from localperf.observations.importing.layout import COLUMNS
from localperf.observations.importing.services import observation_import
from localperf.places.models import PopulationGroup
from tests.monitoring.screens_data import (
    AS_AT,
    CORRECTION_REASON,
    as_at_fixture,  # noqa: F401
    demo_fixture,  # noqa: F401
    user,
)
from tests.monitoring.test_screens import by_code

pytestmark = pytest.mark.django_db


def region_url(agreement) -> str:
    return f"/national/regions/{agreement.area.region.code}/"


def kent_row(client, demo):
    client.force_login(user("demo-go-lm-south-east"))
    response = client.get(region_url(demo.kent))
    assert response.status_code == 200
    [row] = [r for r in response.context["summary"].rows if r.agreement_id == demo.kent.pk]
    return row


def reds(row) -> int:
    return sum(n for (_, rating), n in row.counts.items() if rating == Rating.RED.value)


def _import(rows: list[dict]) -> None:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    result = observation_import(
        file=out.getvalue().encode(),
        user=user("demo-pm-kent"),
        dry_run=False,
        file_name="return.csv",
        reason=CORRECTION_REASON,
    )
    assert result.committed, result.problems


def _enter_an_overdue_figure(demo) -> None:
    """A figure of Kent's that is overdue as at ``AS_AT``, entered at its profile."""
    whole = PopulationGroup.objects.whole_population().pk
    for figure in figures_due(demo.kent, today=AS_AT):
        if figure.state is not PeriodState.OVERDUE or figure.ids[2] != whole:
            continue
        if figure.ids[1] != demo.kent.area_id:
            continue
        progress = by_code(demo.kent, figure.code)
        point = next((p for p in progress.series if p.period_label == figure.period.label), None)
        if point is None or point.profile is None:
            continue
        _import(
            [
                {
                    "measure": figure.code,
                    "area": demo.kent.area.code,
                    "period": figure.period.label,
                    "value": point.profile,
                }
            ]
        )
        return
    pytest.fail("the demo has no overdue figure of Kent's with a profile")


def test_the_second_request_reads_the_kept_table_and_it_is_figures_dues(client, demo):
    client.force_login(user("demo-go-lm-south-east"))
    counted = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(region_url(demo.kent)).status_code == 200
        counted.append(len(captured))
    assert counted[1] < counted[0]
    # rule M1: kept or not, the region's count is the one every page says.
    expected = overdue_count(figures_due(demo.kent, today=AS_AT)).figures
    assert expected and kent_row(client, demo).overdue == expected


def test_a_new_figure_shows_on_the_next_request(client, demo):
    before = kent_row(client, demo).overdue
    _enter_an_overdue_figure(demo)
    assert kent_row(client, demo).overdue == before - 1


def test_a_corrected_figure_shows_on_the_next_request(client, demo):
    # rule M2: a correction and the recompute it brings show in the region's counts.
    progress = by_code(demo.kent, "NI 16")
    assert progress.rating is Rating.RED
    before = kent_row(client, demo)
    _import(
        [
            {
                "measure": progress.measure_code,
                "area": demo.kent.area.code,
                "period": progress.period_label,
                "value": progress.profile,
            }
        ]
    )
    assessments_recompute(today=AS_AT)
    assert reds(kent_row(client, demo)) == reds(before) - 1


def test_a_new_as_at_day_shows_on_the_next_request(client, demo, settings):
    later = kent_row(client, demo).overdue
    earlier_day = AS_AT - datetime.timedelta(days=400)
    settings.LOCALPERF_AS_AT = earlier_day.isoformat()
    earlier = kent_row(client, demo).overdue
    assert earlier == overdue_count(figures_due(demo.kent, today=earlier_day)).figures
    assert earlier != later


def test_a_stamp_forced_constant_would_show_a_stale_count(client, demo, monkeypatch):
    # The tests above have teeth: with the stamps held still the new figure is missed.
    monkeypatch.setattr(region_selectors, "figures_stamp", lambda: ())
    monkeypatch.setattr(region_selectors, "agreement_progress_stamp", lambda agreement: ())
    before = kent_row(client, demo).overdue
    _enter_an_overdue_figure(demo)
    assert kent_row(client, demo).overdue == before
