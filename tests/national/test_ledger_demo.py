"""The collect-once ledger on the demonstration data (rule M6): `make run` shows every
way in, who supplied the figures and the duplicates avoided, without changing a status."""

from __future__ import annotations

import pytest

from localperf.accounts.models import User
from localperf.monitoring.models import Assessment
from localperf.national import selectors
from localperf.observations.models import Observation, WayIn

pytestmark = pytest.mark.django_db


def test_the_demo_ledger_shows_every_way_in_and_the_uses(client, demo_for_the_module):
    # rule M6: the demo's figures arrive by file, grid, API and correction, and serve
    # LAAs, the Greater Manchester MAA, assessments, reports and the public pages
    ledger = selectors.collect_once_ledger()
    totals = ledger.totals.counts
    assert totals["supplied"] == Observation.objects.current().count() > 300
    assert {r.label: r.counts["supplied"] for r in ledger.by_way if r.label != "File import"} == {
        "Entry grid": 3, "API": 2, "Correction": 1,
    }  # fmt: skip
    suppliers = {(r.label, r.period) for r in ledger.by_supplier}
    assert ("Manchester City Council", "demo-pm-manchester") in suppliers
    assert all(totals[kind] > 0 for kind in ("laa", "maa", "assessments", "reports", "public"))
    assert totals["duplicates_avoided"] > 0
    # Confirming a figure kept its value: each confirmed figure is still judged as before.
    confirmed = Observation.objects.current().filter(import_batch__way_in=WayIn.GRID)
    for figure in confirmed:
        assert figure.supersedes.value == figure.value
    assert Assessment.objects.filter(actual__isnull=False).exists()
    client.force_login(User.objects.get(username="demo-analyst"))
    page = client.get("/national/ledger/").content.decode()
    assert "Entry grid" in page and "demo-pm-kent" in page and "ledger-ways-title" in page
