"""One truth for the figures due: the entry grid's period list, the work list, the
agreement hub and a partner's /my-commitments/ all count the figures
``observations.figures_due`` finds, on the demonstration data as at 30 November 2009
(rules M1, A9). Each page is read as its user sees it, and the counts compared."""

from __future__ import annotations

import datetime
import re

import pytest

from localperf.accounts.models import User
from localperf.agreements.models import Agreement
from localperf.home.selectors import work_items_for
from localperf.observations.figures_due import PeriodState, figures_due

pytestmark = pytest.mark.django_db

AS_AT = datetime.date(2009, 11, 30)
KENT = "E10000016"


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


def work_counts(who: str) -> dict[tuple[str, bool], int]:
    """(period, overdue) → the count the work list's "Enter n (overdue) figures" says."""
    work = work_items_for(user(who), today=AS_AT)
    counts = {}
    for item in work.overdue + work.due:
        found = re.match(r"Enter (\d+) (overdue )?figures? (?:you owe )?for (.+?): ", item.title)
        if found:
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
    rows = client.get("/my-commitments/").context["rows"]
    assert sum(r.overdue for r in rows) == sum(missing.values())
