"""One truth for the figures due: the entry grid's period list, the work list, the
agreement hub, the progress dashboard, the Government Office's region view and a
partner's /my-commitments/ all count the figures ``observations.figures_due`` finds,
on the demonstration data as at 30 November 2009 (rules M1, A9). Each page is read as
its user sees it, and the counts compared."""

from __future__ import annotations

import csv
import datetime
import io
import re

import pytest

from localperf.accounts.models import User
from localperf.agreements.models import PUBLISHED_STATUSES, Agreement
from localperf.calculations.rag import Rating
from localperf.home.selectors import work_items_for
from localperf.observations.figures_due import PeriodState, figures_due, overdue_count

pytestmark = pytest.mark.django_db

AS_AT = datetime.date(2009, 11, 30)
KENT = "E10000016"
# A work item of figures: its count, whether overdue, its period and its agreement.
ENTER = r"Enter (\d+) (overdue )?figures? (?:you owe )?for (.+?): (.+)"


@pytest.fixture(autouse=True)
def as_at(settings):
    settings.LOCALPERF_AS_AT = AS_AT.isoformat()


@pytest.fixture
def kent(demo_for_the_module, db) -> Agreement:
    return Agreement.objects.get(area__code=KENT)


def user(username: str) -> User:
    return User.objects.select_related("organisation").get(username=username)


def grid_periods(client, who: str, kent: Agreement) -> dict[str, tuple[str, int, int]]:
    client.force_login(user(who))
    periods = client.get(f"/observations/returns/{kent.pk}/").context["periods"]
    return {p.label: (p.state, p.expected, p.entered) for p in periods}


def work_counts(who: str, agreement_title: str = "") -> dict[tuple[str, bool], int]:
    """(period, overdue) → the count the work list's "Enter n (overdue) figures" says (of
    the agreement so titled, if given)."""
    work = work_items_for(user(who), today=AS_AT)
    counts = {}
    for item in work.overdue + work.due:
        found = re.match(
            r"Enter (\d+) (overdue )?figures? (?:you owe )?for (.+?): (.+)", item.title
        )
        if found and agreement_title in ("", found[4]):
            counts[(found[3], bool(found[2]))] = int(found[1])
    return counts


def test_the_grid_the_work_list_and_the_hub_count_the_same_figures(client, kent):
    # rule M1: the performance manager's figures, three ways
    periods = grid_periods(client, "demo-pm-kent", kent)
    owed = work_counts("demo-pm-kent")
    assert owed, "the demo has figures overdue on 30 November 2009"
    for label, (state, expected, entered) in periods.items():
        if state in (PeriodState.OVERDUE, PeriodState.DUE):
            assert owed[(label, state is PeriodState.OVERDUE)] == expected - entered, label
        else:
            assert (label, True) not in owed and (label, False) not in owed, label
    assert periods["2008/09"][0] is PeriodState.OVERDUE
    assert owed[("2008/09", True)] == 6  # "40 of 46 entered"
    # The hub's warning counts the same overdue figures.
    hub = client.get(f"/agreements/{kent.pk}/").content.decode()
    overdue = sum(n for (_, late), n in owed.items() if late)
    assert re.search(rf"\b{overdue} figures? overdue for \d+ targets?\.", hub)
    # …and its next figures due are the grid's earliest period still to come.
    coming = (PeriodState.DUE, PeriodState.NOT_YET_DUE)
    upcoming = [f for f in figures_due(kent, today=AS_AT) if f.state in coming]
    first = min(f.due_on for f in upcoming)
    count = sum(1 for f in upcoming if f.due_on == first)
    assert f"Next figures due: {count} by {first:%-d %B %Y}." in hub


def test_a_partners_figures_owed_and_commitments_count_the_grids_figures(client, kent):
    # rule A9: Kent Police Authority's figures, as its grid, its work list and its
    # commitments page count them
    periods = grid_periods(client, "demo-partner-kent-police", kent)
    owed = work_counts("demo-partner-kent-police")
    missing = {
        label: expected - entered
        for label, (state, expected, entered) in periods.items()
        if state is PeriodState.OVERDUE
    }
    assert missing and {label: n for (label, late), n in owed.items() if late} == missing
    page = client.get("/my-commitments/").context
    assert sum(r.overdue for r in page["rows"]) == sum(missing.values())
    # Its line "n figures you owe are overdue" is the work list's count.
    assert page["overdue"] == sum(missing.values())
    # The home page's commitments say the same, from its work list.
    assert client.get("/").context["commitments"].overdue == sum(missing.values())


def test_the_region_view_the_dashboard_the_hub_and_the_work_list_count_the_same_overdue(client):
    # rule M1: every LAA of the demo, as its Government Office reads the region table, as
    # the dashboard flags its targets, as the hub warns, and as its performance manager's
    # work list asks for them; all of them ``figures_due``'s overdue figures.
    admin = user("demo-admin")
    agreements = Agreement.objects.filter(kind="laa").select_related("area__region")
    compared = 0
    for agreement in agreements:
        client.force_login(admin)
        region = client.get(f"/national/regions/{agreement.area.region.code}/")
        [row] = [r for r in region.context["summary"].rows if r.agreement_id == agreement.pk]
        dashboard = client.get(f"/agreements/{agreement.pk}/dashboard/")
        rows = dashboard.context["rows"]
        flagged = {r.progress.target.pk: r.overdue for r in rows if r.overdue}
        hub = client.get(f"/agreements/{agreement.pk}/").content.decode()
        expected = overdue_count(figures_due(agreement, today=AS_AT))
        # The region table's count, the dashboard's warning and the hub's are the figures.
        assert row.overdue == expected.figures == dashboard.context["overdue"].figures
        # Each target's flag on the dashboard counts the figures it needs, and so does its
        # row in the dashboard's download.
        assert flagged == expected.by_target
        download = client.get(f"/agreements/{agreement.pk}/dashboard/progress.csv")
        lines = list(csv.DictReader(io.StringIO(download.content.decode("utf-8-sig"))))
        assert [line["Code"] for line in lines] == [r.progress.measure_code for r in rows]
        assert [int(line["Figures overdue"]) for line in lines] == [r.overdue for r in rows]
        if row.overdue:
            warning = rf"\b{row.overdue} figures? overdue for {len(flagged)} targets?\."
            assert re.search(warning, hub), agreement.title
            assert re.search(warning, dashboard.content.decode()), agreement.title
        # The dashboard's Overdue status (monitoring's assessment of the latest period)
        # falls on the targets with overdue figures: the demo has no figure the engine
        # and the schedule disagree on.
        rated = {r.progress.target.pk for r in rows if r.progress.rating is Rating.OVERDUE}
        assert rated == set(flagged), agreement.title
        # The work list of the performance manager (a published agreement's figures only).
        if agreement.status in PUBLISHED_STATUSES:
            pm = f"demo-pm-{agreement.area.name.split()[0].lower()}"
            owed = sum(n for (_, late), n in work_counts(pm, agreement.title).items() if late)
            assert owed == row.overdue, agreement.title
            compared += bool(row.overdue)
    assert compared >= 2, "Kent and Manchester have figures overdue on 30 November 2009"
