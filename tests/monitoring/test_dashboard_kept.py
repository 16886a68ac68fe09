"""The dashboard keeps what it drew between requests (``monitoring.pages._Dashboard``,
under ``selectors.agreement_progress_stamp``): a change to any figure, rating, target or
name it shows is on the very next request, and what it shows is still the selectors'
answer (rule M2: real-time monitoring; one truth with the agreement page and the report).
"""

from __future__ import annotations

import csv
import datetime
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from localperf.agreements.models import (
    Agreement,
    MaaLink,
    Outcome,
    Target,
    TargetPartner,
    TargetVersion,
)
from localperf.calculations.rag import Rating
from localperf.indicators.models import Indicator, Measure
from localperf.monitoring import selectors
from localperf.monitoring.services import assessments_recompute
from localperf.observations.importing.layout import COLUMNS
from localperf.observations.importing.services import observation_import
from localperf.organisations.models import Organisation
from localperf.places.models import Area, PopulationGroup
from tests.monitoring.screens_data import (
    AS_AT,
    CORRECTION_REASON,
    as_at_fixture,  # noqa: F401
    demo_fixture,  # noqa: F401
    user,
)
from tests.monitoring.test_screens import by_code, dashboard_url, page

pytestmark = pytest.mark.django_db


def row_of(html: str, target: Target) -> str:
    return re.search(rf'id="target-{target.pk}">(.*?)</tr>', html, re.S).group(1)


def summary_of(html: str) -> str:
    return re.search(r'id="status-summary">(.*?)</table>', html, re.S).group(1)


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_second_request_reads_the_kept_dashboard(client, demo):
    client.force_login(user("demo-pm-kent"))
    built, kept = (
        queries(client, dashboard_url(demo.kent)),
        queries(client, dashboard_url(demo.kent)),
    )
    assert kept < built
    # Kept or not, the page is the selectors' answer (the consistency tests compare it
    # with the agreement page, the report and the public site).
    response = client.get(dashboard_url(demo.kent))
    shown = {row.progress.target.pk: row.progress.rating for row in response.context["rows"]}
    assert shown == {p.target.pk: p.rating for p in selectors.agreement_progress(demo.kent)}


def _correction(progress, value: float) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    row = {"measure": progress.measure_code, "area": "E10000016", "period": progress.period_label}
    writer.writerow({**row, "value": value})
    return out.getvalue().encode()


def test_a_corrected_figure_shows_on_the_next_request(client, demo):
    # Rule M2: partners see progress at any point: no stale page after a new figure.
    progress = by_code(demo.kent, "NI 16")
    assert progress.rating is Rating.RED
    before = page(client, dashboard_url(demo.kent))
    assert "Off track" in row_of(before, progress.target)
    result = observation_import(
        file=_correction(progress, progress.profile),
        user=user("demo-pm-kent"),
        dry_run=False,
        file_name="correction.csv",
        reason=CORRECTION_REASON,
    )
    assert result.committed, result.problems
    assessments_recompute(today=AS_AT)
    after = page(client, dashboard_url(demo.kent))
    now = by_code(demo.kent, "NI 16")
    assert now.rating is Rating.GREEN
    assert "On track</strong>" in row_of(after, progress.target)
    assert summary_of(after) != summary_of(before)  # the counts follow


def test_an_override_shows_on_the_next_request(client, demo):
    # Rule M1: the Government Office's rating replaces the computed one at once.
    progress = by_code(demo.kent, "NI 16")
    assert "computed:" not in row_of(page(client, dashboard_url(demo.kent)), progress.target)
    client.force_login(user("demo-go-lm-south-east"))
    response = client.post(
        f"/agreements/{demo.kent.pk}/targets/{progress.target.pk}/progress/override/",
        {"period": progress.period_label, "rating": "amber", "reason": "Recovery plan agreed"},
    )
    assert response.status_code == 302
    row = row_of(page(client, dashboard_url(demo.kent)), progress.target)
    assert "Slightly behind</strong>" in row and "computed: Off track" in row


def test_a_new_day_is_judged_on_the_next_request(client, demo, settings):
    # A return falls overdue on its due date, with no recompute: the day is in the key.
    later = page(client, dashboard_url(demo.kent))
    settings.LOCALPERF_AS_AT = (AS_AT - datetime.timedelta(days=400)).isoformat()
    earlier = page(client, dashboard_url(demo.kent))
    assert summary_of(earlier) != summary_of(later)
    assert "as at" in earlier and f"{AS_AT - datetime.timedelta(days=400):%Y}" in earlier


def test_a_renamed_indicator_shows_on_the_next_request(client, demo):
    # The reference registers are written with history too (``reference.services``).
    progress = next(
        p
        for p in selectors.agreement_progress(demo.kent)
        if not p.target.title and p.target.measure is None
    )
    page(client, dashboard_url(demo.kent))
    indicator = progress.target.indicator
    indicator.title = "A title renamed in the register"
    indicator.save()
    row = row_of(page(client, dashboard_url(demo.kent)), progress.target)
    assert "A title renamed in the register" in row


# Every table whose rows a dashboard row shows something of: a write to any moves the
# stamp (through its history row), so the page is drawn again.
SHOWN = [
    Agreement,
    Target,
    TargetVersion,
    TargetPartner,
    MaaLink,
    Outcome,
    Indicator,
    Measure,
    Area,
    PopulationGroup,
    Organisation,
]


@pytest.mark.parametrize("model", SHOWN, ids=lambda m: m.__name__)
def test_a_write_to_anything_shown_moves_the_stamp(demo, model):
    row = model.objects.order_by("pk").first()
    if row is None:
        pytest.skip(f"the demo has no {model.__name__}")
    before = selectors.agreement_progress_stamp(demo.kent)
    row.save()
    assert selectors.agreement_progress_stamp(demo.kent) != before
