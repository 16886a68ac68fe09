"""The collect-once ledger (rule M6, issue 15 item 5): a figure supplied once serves
every agreement that needs it; the ledger counts the figures, their ways in and uses."""

from __future__ import annotations

import csv
import datetime
import io

import pytest

from localperf.monitoring.services import assessments_recompute
from localperf.national import selectors
from localperf.observations.importing.services import observation_import, observations_enter
from localperf.observations.models import Observation, ObservationStatus, WayIn
from localperf.reports import services as report_services
from tests.agreements.factories import make_user, org
from tests.agreements.maa_factories import approve_maa, greater_manchester
from tests.observations.helpers import csv_of, row

pytestmark = pytest.mark.django_db
MANCHESTER, SALFORD = "E08000003", "E08000006"
TODAY = datetime.date(2009, 11, 30)


@pytest.fixture
def gm():
    setup = greater_manchester(link=True)
    approve_maa(setup)
    return setup


def _import(user, *rows: str) -> None:
    result = observation_import(file=csv_of(*rows), file_name="returns.csv", user=user,
                                dry_run=False)  # fmt: skip
    assert result.status == "committed", result.problems


def _place(ledger, area_name: str, period: str):
    return next(r for r in ledger.rows if r.label == area_name and r.period == period)


def test_a_figure_imported_once_serves_the_laa_and_the_maa_that_carries_its_target(gm):
    # rule M6: one return serves both agreements (rule X2: the MAA's linked target)
    _import(gm.users["pm_manchester"], row("NI 152", MANCHESTER, "2008/09", value="17"))
    ledger = selectors.collect_once_ledger()
    place = _place(ledger, "Manchester", "2008/09")
    assert place.counts["supplied"] == 1
    assert place.counts["way_file"] == 1
    assert (place.counts["laa"], place.counts["maa"]) == (1, 1)
    assert place.counts["uses"] == 2
    assert place.counts["duplicates_avoided"] == 1
    assert place.suppliers == "Manchester City Council"
    assert [(r.label, r.period) for r in ledger.by_supplier] == [
        ("Manchester City Council", "maa-pm-manchester")
    ]


def test_the_assessment_and_the_public_release_are_further_uses(gm):
    # rule M6: the figure's status (an assessment) and the public pages use it too
    _import(None, row("NI 152", MANCHESTER, "2008/09", value="17", status="final"),
            row("NI 152", MANCHESTER, "2007/08", value="18", status="final"))  # fmt: skip
    assessments_recompute(today=TODAY)
    place = _place(selectors.collect_once_ledger(), "Manchester", "2008/09")
    assert (place.counts["laa"], place.counts["maa"]) == (1, 1)
    assert place.counts["assessments"] == 1
    assert place.counts["public"] == 1
    assert place.counts["uses"] == 4 and place.counts["duplicates_avoided"] == 3


def test_a_submitted_six_monthly_report_is_a_further_use(gm):
    # rule M6: the report to the Government Office shows the figure without a new return
    _import(None, row("NI 152", MANCHESTER, "2008/09", value="17"),
            row("NI 152", MANCHESTER, "2007/08", value="18"))  # fmt: skip
    assessments_recompute(today=TODAY)
    pm = gm.users["pm_manchester"]
    report = report_services.report_create(user=pm, agreement=gm.laa, period_label="2009/10 H1")
    snapshot = report_services.report_submit(user=pm, report=report)
    shown = [c for o in snapshot.content["outcomes"] for t in o["targets"] for c in t["cells"]]
    assert {c["period"] for c in shown if c["actual"] is not None} == {"2008/09"}
    ledger = selectors.collect_once_ledger()
    assert _place(ledger, "Manchester", "2007/08").counts["reports"] == 0  # not shown
    place = _place(ledger, "Manchester", "2008/09")
    assert place.counts["reports"] == 1
    assert place.counts["uses"] == 2 + place.counts["assessments"] + 1


def test_a_figure_nobody_uses_avoids_no_duplicate(gm):
    # rule M6: Salford has no target on NI 152: supplied, but not used by an agreement
    _import(None, row("NI 152", SALFORD, "2008/09", value="12"))
    place = _place(selectors.collect_once_ledger(), "Salford", "2008/09")
    assert place.counts["supplied"] == 1 and place.counts["way_file"] == 1
    assert place.counts["uses"] == 0 and place.counts["duplicates_avoided"] == 0


def test_a_figure_typed_into_the_entry_grid_is_counted_as_the_grid(gm):
    # rule M6: each way in is recorded and counted as such
    user = gm.users["pm_manchester"]
    figure = {"measure": "NI 152", "area": MANCHESTER, "period": "2009/10", "value": "16"}
    result = observations_enter(rows=[figure], reasons={}, user=user)
    assert result.status == "committed", result.problems
    ledger = selectors.collect_once_ledger()
    place = _place(ledger, "Manchester", "2009/10")
    assert (place.counts["supplied"], place.counts["way_grid"], place.counts["way_file"]) == (
        1, 1, 0,
    )  # fmt: skip
    assert place.counts["uses"] == 2
    assert [(r.label, r.counts["supplied"]) for r in ledger.by_way] == [("Entry grid", 1)]


def test_the_ledger_totals_agree_with_the_figures_and_their_batches(gm):
    # rule M6: the ledger's totals are the store's own counts, however they are cut
    _import(gm.users["pm_manchester"], row("NI 152", MANCHESTER, "2008/09", value="17"),
            row("NI 152", MANCHESTER, "2009/10", value="15"))  # fmt: skip
    _import(None, row("NI 152", SALFORD, "2008/09", value="12"))
    figure = Observation.objects.current().get(area__code=MANCHESTER, period__label="2009/10")
    from localperf.observations.importing.services import observation_correct

    corrected = observation_correct(observation=figure, user=None, reason="Typo", value=14)
    assert corrected.status == "committed", corrected.problems
    ledger = selectors.collect_once_ledger()
    current = Observation.objects.current()
    totals = ledger.totals.counts
    assert totals["supplied"] == current.count() == 3
    assert totals["supplied"] == sum(r.counts["supplied"] for r in ledger.rows)
    assert totals["supplied"] == sum(r.counts["supplied"] for r in ledger.by_way)
    assert totals["supplied"] == sum(r.counts["supplied"] for r in ledger.by_supplier)
    for way in WayIn:
        assert totals[f"way_{way}"] == current.filter(import_batch__way_in=way).count()
    assert totals["way_correction"] == 1
    assert totals["uses"] == sum(r.counts["uses"] for r in ledger.rows) == 4
    assert totals["public"] == current.filter(status=ObservationStatus.FINAL).count() == 0


def test_the_page_and_the_csv_say_the_same(client, gm):
    # rule M6: the ledger page, its chart and its download read one ledger
    _import(None, row("NI 152", MANCHESTER, "2008/09", value="17"))
    analyst = make_user("central_analyst", org("clg"), "ledger-analyst")
    client.force_login(analyst)
    page = client.get("/national/ledger/").content.decode()
    assert 'id="ledger-table"' in page and "<svg" in page
    assert "Manchester" in page
    text = client.get("/national/ledger/", {"format": "csv"}).content.decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    manchester = next(r for r in rows if r["area"] == "Manchester")
    assert (manchester["figures supplied"], manchester["uses in all"]) == ("1", "2")
    assert manchester["duplicates avoided"] == "1"
    assert rows[-1]["area"] == "England" and rows[-1]["figures supplied"] == "1"
    assert "/national/ledger/" in client.get("/national/").content.decode()


def test_with_no_figures_the_ledger_counts_nothing(client, gm):
    # rule M6: an empty store gives an empty ledger, not an error
    ledger = selectors.collect_once_ledger()
    assert ledger.rows == [] and ledger.by_way == [] and ledger.by_supplier == []
    assert set(ledger.totals.counts.values()) == {0}
    client.force_login(make_user("central_analyst", org("clg"), "ledger-analyst"))
    page = client.get("/national/ledger/").content.decode()
    assert "No figures yet." in page


def test_the_public_ledger_counts_released_figures_without_names(client, gm):
    # rules M6, M2: anyone sees the ledger of the published figures, by organisation,
    # never a provisional figure's count nor who (by name) sent a figure
    _import(gm.users["pm_manchester"],
            row("NI 152", MANCHESTER, "2008/09", value="17", status="final"),
            row("NI 152", MANCHESTER, "2009/10", value="15"))  # fmt: skip
    public = selectors.collect_once_ledger(released_only=True)
    assert public.totals.counts["supplied"] == 1 == public.totals.counts["public"]
    assert [(r.label, r.period) for r in public.by_supplier] == [("Manchester City Council", "")]
    assert selectors.collect_once_ledger().totals.counts["supplied"] == 2
    page = client.get("/public/compare/ledger/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Manchester City Council" in text and "maa-pm-manchester" not in text
    assert "2009/10" not in text and "2008/09" in text
    download = client.get("/public/compare/ledger/", {"format": "csv"}).content.decode()
    rows = list(csv.DictReader(io.StringIO(download)))
    assert [(r["area"], r["period"], r["uses in all"]) for r in rows] == [
        ("Manchester", "2008/09", "3"), ("England", "All periods", "3"),
    ]  # fmt: skip
    assert "/public/compare/ledger/" in client.get("/public/").content.decode()


def test_only_government_sees_the_ledger(client, gm):
    client.force_login(gm.users["pm_manchester"])
    assert client.get("/national/ledger/").status_code == 403
